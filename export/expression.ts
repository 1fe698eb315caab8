/**
 * Reading `jsonencode({ … })` back: @cdktf/hcl2json returns any non-literal expression as its
 * source text wrapped in `${…}`, so the policies the export wrote come back as
 * `"${jsonencode({\n Version = …})}"`. This evaluates the literal part of such a call (objects,
 * tuples, quoted strings and heredocs, numbers, booleans, null) into the JSON text Terraform's
 * `jsonencode` makes of it, keeping every other expression as the template string `"${expr}"`
 * that Terraform JSON would hold (a reference, a function call). Keys keep their written order, as
 * the synthesized documents had them.
 */
import { sequenceEnd, wholeInterpolation } from './template';

export class ExpressionSyntaxError extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const KEYWORD = /(?:true|false|null)(?![A-Za-z0-9_-])/y;
const HEREDOC = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\n/y;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  private fail(what: string): never {
    throw new ExpressionSyntaxError(`${what} at offset ${this.i}: ${JSON.stringify(this.s.slice(this.i, this.i + 30))}`);
  }

  /** Skips spaces, newlines and comments. */
  private space(): void {
    for (;;) {
      const before = this.i;
      while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
      if (this.s.startsWith('#', this.i) || this.s.startsWith('//', this.i)) while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      else if (this.s.startsWith('/*', this.i)) {
        const end = this.s.indexOf('*/', this.i + 2);
        this.i = end < 0 ? this.s.length : end + 2;
      }
      if (this.i === before) return;
    }
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.i;
    const m = re.exec(this.s);
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  done(): boolean {
    this.space();
    return this.i >= this.s.length;
  }

  expect(token: string): void {
    this.space();
    if (!this.s.startsWith(token, this.i)) this.fail(`expected "${token}"`);
    this.i += token.length;
  }

  value(): Json {
    this.space();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.quoted();
    if (this.s.startsWith('<<', this.i)) return this.heredoc();
    const keyword = this.match(KEYWORD);
    if (keyword) return keyword === 'null' ? null : keyword === 'true';
    const start = this.i;
    const number = this.match(NUMBER);
    if (number !== undefined && this.atValueEnd()) return Number(number);
    this.i = start;
    return `\${${this.expressionText()}}`;
  }

  /** Whether the value just read ends here (so `1` is a number and `1 + x` an expression). */
  private atValueEnd(): boolean {
    let j = this.i;
    while (j < this.s.length && (this.s[j] === ' ' || this.s[j] === '\t')) j++;
    return j >= this.s.length || /[,\n}\])]/.test(this.s[j]) || this.s.startsWith('#', j) || this.s.startsWith('//', j);
  }

  /** Source text of any other expression, up to the `,`, newline or closing bracket that ends it. */
  private expressionText(): string {
    const start = this.i;
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') {
        this.i = this.quotedEnd(this.i);
        continue;
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) break;
        depth--;
      } else if ((c === ',' || c === '\n') && depth === 0) break;
      this.i++;
    }
    const text = this.s.slice(start, this.i).trim();
    if (!text) this.fail('expected an expression');
    return text;
  }

  private quotedEnd(open: number): number {
    let j = open + 1;
    while (j < this.s.length && this.s[j] !== '"') {
      if (this.s[j] === '\\') j += 2;
      else if (this.s.startsWith('$${', j) || this.s.startsWith('%%{', j)) j += 3;
      else if (this.s.startsWith('${', j) || this.s.startsWith('%{', j)) {
        j = sequenceEnd(this.s, j + 2);
        if (j < 0) this.fail('unterminated template sequence');
      } else j++;
    }
    if (j >= this.s.length) this.fail('unterminated string');
    return j + 1;
  }

  /** A quoted template, returned in Terraform JSON's template form (escapes decoded, sequences kept). */
  private quoted(): string {
    const end = this.quotedEnd(this.i);
    const body = this.s.slice(this.i + 1, end - 1);
    this.i = end;
    let out = '';
    for (let j = 0; j < body.length; ) {
      if (body.startsWith('$${', j) || body.startsWith('%%{', j)) {
        out += body.slice(j, j + 3);
        j += 3;
      } else if (body.startsWith('${', j) || body.startsWith('%{', j)) {
        const close = sequenceEnd(body, j + 2);
        out += body.slice(j, close);
        j = close;
      } else if (body[j] === '\\') {
        const e = body[j + 1];
        const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
        if (e in simple) {
          out += simple[e];
          j += 2;
        } else if (e === 'u' || e === 'U') {
          const length = e === 'u' ? 4 : 8;
          out += String.fromCodePoint(parseInt(body.slice(j + 2, j + 2 + length), 16));
          j += 2 + length;
        } else this.fail(`unknown escape \\${e}`);
      } else {
        out += body[j];
        j++;
      }
    }
    return out;
  }

  private heredoc(): string {
    const opener = this.match(HEREDOC);
    if (!opener) this.fail('expected a heredoc');
    const [, flush, marker] = /<<(-?)(\S+)\n/.exec(opener)!;
    const lines: string[] = [];
    for (;;) {
      const end = this.s.indexOf('\n', this.i);
      const line = this.s.slice(this.i, end < 0 ? this.s.length : end);
      this.i = end < 0 ? this.s.length : end + 1;
      if (line.trim() === marker) break;
      if (end < 0) this.fail(`unterminated heredoc ${marker}`);
      lines.push(line);
    }
    if (flush) {
      const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
      return lines.map((l) => l.slice(Math.min(indent, /^ */.exec(l)![0].length))).join('\n') + '\n';
    }
    return lines.join('\n') + '\n';
  }

  private object(): { [key: string]: Json } {
    this.expect('{');
    const out: { [key: string]: Json } = {};
    for (;;) {
      this.space();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const key = this.s[this.i] === '"' ? this.quoted() : this.match(IDENTIFIER);
      if (key === undefined) this.fail('expected an object key');
      this.space();
      if (this.s[this.i] !== '=' && this.s[this.i] !== ':') this.fail('expected "=" after an object key');
      this.i++;
      out[key] = this.value();
    }
  }

  private tuple(): Json[] {
    this.expect('[');
    const out: Json[] = [];
    for (;;) {
      this.space();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === ']') {
        this.i++;
        return out;
      }
      out.push(this.value());
    }
  }
}

const JSONENCODE = /^jsonencode\(([\s\S]*)\)$/;

/** A value with every `${jsonencode({…})}` template inside it back to its JSON text. */
export function withJsonencodeEvaluated(value: unknown): unknown {
  if (typeof value === 'string') return evaluateJsonencode(value) ?? value;
  if (Array.isArray(value)) return value.map(withJsonencodeEvaluated);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withJsonencodeEvaluated(v)]));
  return value;
}

/**
 * The JSON text of a `${jsonencode(<literal>)}` template as hcl2json returns it; undefined when the
 * string is something else or its argument is not an object or tuple literal.
 */
export function evaluateJsonencode(template: string): string | undefined {
  const code = wholeInterpolation(template);
  const m = code === undefined ? undefined : JSONENCODE.exec(code);
  if (!m) return undefined;
  const argument = m[1].trim();
  if (!argument.startsWith('{') && !argument.startsWith('[')) return undefined;
  try {
    const parser = new Parser(argument);
    const value = parser.value();
    return parser.done() ? JSON.stringify(value) : undefined;
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return undefined;
    throw error;
  }
}
