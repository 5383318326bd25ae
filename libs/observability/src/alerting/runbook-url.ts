/** `<base>/<alert name in kebab case>`, e.g. `https://runbooks.example.com/high-error-rate` for HighErrorRate. */
export function runbookUrl(baseUrl: string, alert: string): string {
  const page = alert.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `${baseUrl.replace(/\/+$/, '')}/${page}`;
}
