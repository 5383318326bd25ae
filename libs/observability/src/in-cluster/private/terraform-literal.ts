/** `${` that does not open a cdktf token marker (`${TfToken[TOKEN.12]}`, which synth turns into a Terraform reference). */
const INTERPOLATION = /\$\{(?!TfToken\[)/g;
const DIRECTIVE = /%\{/g;

/**
 * `text` with Terraform's template sequences escaped (`${` → `$${`, `%{` → `%%{`), so Terraform passes it on as it
 * is: Grafana dashboards and Alertmanager templates may contain `${...}`. Token markers stay, so references to other
 * resources inside the text still resolve.
 */
export function terraformLiteral(text: string): string {
  return text.replace(INTERPOLATION, () => '$${').replace(DIRECTIVE, () => '%%{');
}
