import { decodeJsonArgument } from './encoded-json';

describe('decodeJsonArgument', () => {
  it('parses a JSON string, keeping references inside its strings', () => {
    expect(decodeJsonArgument('[{"name":"api","value":"${aws_iam_role.task.arn}"}]')).toEqual([{ name: 'api', value: '${aws_iam_role.task.arn}' }]);
  });

  it("reads cdktf's jsonencode expression: objects, tuples, numbers, literals, references and interpolations", () => {
    const expression =
      '${jsonencode([{"name" = "api", "port" = 3000, "ratio" = -0.5, "on" = true, "off" = false, "none" = null, ' +
      '"role" = aws_iam_role.task.arn, "image" = "repo:${var.tag}", "call" = lookup(var.map, "a, b}", "x"), "list" = [1, [2]], "empty" = {}}])}';
    expect(decodeJsonArgument(expression)).toEqual([
      {
        name: 'api',
        port: 3000,
        ratio: -0.5,
        on: true,
        off: false,
        none: null,
        role: '${aws_iam_role.task.arn}',
        image: 'repo:${var.tag}',
        call: '${lookup(var.map, "a, b}", "x")}',
        list: [1, [2]],
        empty: {},
      },
    ]);
  });

  it('unescapes strings, including the literal-${ escape and interpolations holding quotes and braces', () => {
    expect(decodeJsonArgument('${jsonencode({"a" = "line\\nbreak \\"quoted\\"", "b" = "$${HOME}", "c" = "${format("%s}", var.x)}"})}')).toEqual({
      a: 'line\nbreak "quoted"',
      b: '${HOME}',
      c: '${format("%s}", var.x)}',
    });
  });

  it.each([
    ['a reference', '${var.container_definitions}'],
    ['jsonencode of a reference', '${jsonencode(local.containers)}'],
    ['a file', '${file("containers.json")}'],
    ['an unterminated jsonencode', '${jsonencode([{"name" = "api"})}'],
    ['malformed JSON', '[{"name":'],
    ['a non-string', 42],
  ])('returns undefined for %s', (_name, value) => {
    expect(decodeJsonArgument(value)).toBeUndefined();
  });
});
