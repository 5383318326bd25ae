import { synthJson } from '@platform/terraform-testing';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import { terraformLiteral } from './terraform-literal';

describe('terraformLiteral', () => {
  it('escapes template interpolations and directives', () => {
    expect(terraformLiteral('{"title":"${namespace} %{if x}"}')).toBe('{"title":"$${namespace} %%{if x}"}');
  });

  it('keeps references to other resources working', () => {
    const json = synthJson((scope) => {
      const host = new TerraformVariable(scope, 'host', {});
      new TerraformOutput(scope, 'text', { value: terraformLiteral(`${host.stringValue}/\${path}`) });
    });
    expect(json.json.output).toEqual({ text: { value: '${var.host}/$${path}' } });
  });
});
