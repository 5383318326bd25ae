/**
 * Reads arguments that hold a JSON document as a string (ECS container definitions, policies), in the two forms
 * cdktf synthesizes: a JSON string (`JSON.stringify`, possibly with `${...}` references inside its strings) and
 * `Fn.jsonencode(...)`, which cdktf writes as the Terraform expression `${jsonencode(<HCL value>)}`.
 */

/** Thrown inside the parser when the text is not the HCL subset cdktf writes; callers see undefined. */
class NotDecodable extends Error {}

const LITERALS: Readonly<Record<string, unknown>> = { true: true, false: false, null: null };
const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/' };

/**
 * A recursive-descent reader of the HCL values cdktf writes inside `jsonencode(...)`: objects `{"k" = v, ...}`,
 * tuples, quoted strings (whose `${...}` interpolations stay as written), numbers, `true`/`false`/`null`, and
 * anything else (references such as `aws_iam_role.task.arn`, function calls) read as the apply-time value
 * `${<expression>}`, the form the rest of the engine already treats as unknown.
 */
class HclValueReader {
  private position = 0;

  constructor(private readonly text: string) {}

  readDocument(): unknown {
    const value = this.readValue();
    this.skipSpace();
    if (this.position !== this.text.length) throw new NotDecodable();
    return value;
  }

  private readValue(): unknown {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '{') return this.readObject();
    if (char === '[') return this.readTuple();
    if (char === '"') return this.readString();
    const expression = this.readExpression();
    if (expression in LITERALS) return LITERALS[expression];
    if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(expression)) return Number(expression);
    return `\${${expression}}`;
  }

  private readObject(): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    this.position += 1;
    for (;;) {
      this.skipSpace(true);
      if (this.text[this.position] === '}') break;
      const key = this.text[this.position] === '"' ? this.readString() : this.readIdentifier();
      this.skipSpace();
      if (this.text[this.position] !== '=' && this.text[this.position] !== ':') throw new NotDecodable();
      this.position += 1;
      object[key] = this.readValue();
    }
    this.position += 1;
    return object;
  }

  private readTuple(): unknown[] {
    const items: unknown[] = [];
    this.position += 1;
    for (;;) {
      this.skipSpace(true);
      if (this.text[this.position] === ']') break;
      items.push(this.readValue());
    }
    this.position += 1;
    return items;
  }

  private readString(): string {
    let value = '';
    this.position += 1;
    while (this.position < this.text.length) {
      const char = this.text[this.position];
      if (char === '"') {
        this.position += 1;
        return value;
      }
      if (char === '\\') {
        const escaped = this.text[this.position + 1];
        value += ESCAPES[escaped] ?? escaped;
        this.position += 2;
      } else if (this.text.startsWith('$${', this.position)) {
        value += '${'; // Terraform's escape for a literal `${`
        this.position += 3;
      } else if (this.text.startsWith('${', this.position)) {
        const end = this.endOfBalanced(this.position + 1);
        value += this.text.slice(this.position, end);
        this.position = end;
      } else {
        value += char;
        this.position += 1;
      }
    }
    throw new NotDecodable();
  }

  private readIdentifier(): string {
    const match = /^[A-Za-z_][\w-]*/.exec(this.text.slice(this.position));
    if (!match) throw new NotDecodable();
    this.position += match[0].length;
    return match[0];
  }

  /** An expression: everything up to the next `,`, `]` or `}` outside brackets and strings. */
  private readExpression(): string {
    const start = this.position;
    while (this.position < this.text.length && !/[,\]}]/.test(this.text[this.position])) {
      const char = this.text[this.position];
      if (char in CLOSERS) this.position = this.endOfBalanced(this.position);
      else if (char === '"') this.readString();
      else this.position += 1;
    }
    const expression = this.text.slice(start, this.position).trim();
    if (expression === '') throw new NotDecodable();
    return expression;
  }

  /** The index after the bracket that closes the one at `open`, skipping strings inside. */
  private endOfBalanced(open: number): number {
    const saved = this.position;
    const closers = [CLOSERS[this.text[open]]];
    this.position = open + 1;
    while (closers.length > 0) {
      if (this.position >= this.text.length) throw new NotDecodable();
      const char = this.text[this.position];
      if (char === '"') {
        this.readString();
        continue;
      }
      if (char in CLOSERS) closers.push(CLOSERS[char]);
      else if (char === closers[closers.length - 1]) closers.pop();
      this.position += 1;
    }
    const end = this.position;
    this.position = saved;
    return end;
  }

  /** Skips whitespace, and with `separators` also the commas between items. */
  private skipSpace(separators = false): void {
    const pattern = separators ? /[\s,]/ : /\s/;
    while (this.position < this.text.length && pattern.test(this.text[this.position])) this.position += 1;
    if (this.position >= this.text.length && separators) throw new NotDecodable();
  }
}

const JSONENCODE = /^\$\{jsonencode\(([\s\S]*)\)\}$/;

/**
 * The document a JSON-string argument holds: parsed JSON, or the value of a `${jsonencode(...)}` expression, with
 * apply-time parts as `${...}` strings. Undefined when the document itself is known only at apply time (a reference,
 * `jsonencode(local.x)`, `file(...)`) or cannot be read, so callers skip it instead of guessing.
 */
export function decodeJsonArgument(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  const jsonencode = JSONENCODE.exec(value.trim());
  try {
    if (!jsonencode) return JSON.parse(value);
    const decoded = new HclValueReader(jsonencode[1]).readDocument();
    // jsonencode of a bare reference is as unknown as the reference.
    return typeof decoded === 'string' && decoded.startsWith('${') ? undefined : decoded;
  } catch {
    return undefined;
  }
}
