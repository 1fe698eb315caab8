/**
 * A small HCL printer: a tree of blocks, attributes and expressions written the way `terraform fmt`
 * writes it: two spaces per nesting level, `=` of consecutive one-line attributes aligned (a line
 * that opens a bracket, a blank line, a comment or a nested block ends the run; heredoc bodies are
 * skipped over, as hclwrite does), closing brackets on their own line, multi-line strings as
 * heredocs. `terraform fmt -check` accepts its output (test/export proves it on every stack).
 */
import { templateParts } from './template';

export type Expr =
  /** One-line expression text: a number, `true`, a reference, a quoted string. */
  | { readonly kind: 'raw'; readonly text: string }
  /** A heredoc; `text` ends with a newline and is in template form. */
  | { readonly kind: 'heredoc'; readonly text: string }
  | { readonly kind: 'object'; readonly entries: readonly { readonly key: string; readonly value: Expr }[] }
  | { readonly kind: 'tuple'; readonly items: readonly Expr[] }
  /** A function call with one object or tuple argument: `jsonencode({ … })`. */
  | { readonly kind: 'call'; readonly name: string; readonly argument: Expr };

export type Item =
  | { readonly kind: 'attribute'; readonly name: string; readonly value: Expr }
  | { readonly kind: 'block'; readonly type: string; readonly labels: readonly string[]; readonly body: readonly Item[] }
  | { readonly kind: 'comment'; readonly text: string }
  | { readonly kind: 'blank' };

export const raw = (text: string): Expr => ({ kind: 'raw', text });
export const attribute = (name: string, value: Expr): Item => ({ kind: 'attribute', name, value });
export const block = (type: string, labels: readonly string[], body: readonly Item[]): Item => ({ kind: 'block', type, labels, body });
export const comment = (text: string): Item => ({ kind: 'comment', text });
export const BLANK: Item = { kind: 'blank' };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Words an object key must not be left bare as (they would read as keywords or a `for` expression). */
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if']);
/** A one-line tuple longer than this is written one item per line. */
const INLINE_WIDTH = 100;

/** Escapes a template's literal text for a quoted HCL string; interpolations stay verbatim. */
export function quote(template: string): string {
  let out = '"';
  for (const part of templateParts(template)) {
    if (part.kind !== 'literal') out += part.text;
    else
      out += part.text.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
        switch (c) {
          case '\\':
            return '\\\\';
          case '"':
            return '\\"';
          case '\n':
            return '\\n';
          case '\r':
            return '\\r';
          case '\t':
            return '\\t';
          default:
            return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
        }
      });
  }
  return `${out}"`;
}

/** An object key: bare when it is an identifier, quoted otherwise. */
export function objectKey(key: string): string {
  return IDENTIFIER.test(key) && !KEYWORDS.has(key) ? key : quote(key);
}

/** Whether a string reads better as a heredoc and can be one exactly (ends with a newline, no CR or control characters). */
export function heredocable(text: string): boolean {
  const lines = text.split('\n');
  return lines.length > 2 && text.endsWith('\n') && !/[\r\u0000-\u0008\u000b-\u001f\u007f]/.test(text);
}

interface Line {
  readonly indent: number;
  readonly text: string;
  /** Set on `name = value` lines whose value opens no bracket: they align their `=`. */
  readonly key?: string;
  /** Heredoc bodies and markers: hclwrite keeps them inside the opening line's tokens. */
  readonly verbatim?: boolean;
}

interface Rendered {
  /** Text continuing the current line. */
  readonly head: string;
  /** Lines after it (the last one is where a suffix such as `,` or `)` goes). */
  readonly tail: Line[];
  /** Whether the head opens a bracket (so the line does not take part in `=` alignment). */
  readonly opens: boolean;
}

function heredocMarker(text: string): string {
  const lines = new Set(text.split('\n').map((l) => l.trim()));
  for (const marker of ['EOT', 'EOF', 'YAML', 'END']) if (!lines.has(marker)) return marker;
  let n = 1;
  while (lines.has(`EOT${n}`)) n++;
  return `EOT${n}`;
}

function renderHeredoc(text: string, indent: number): Rendered {
  const marker = heredocMarker(text);
  const lines = text.slice(0, -1).split('\n');
  // `<<-` strips the common indentation, so the body can be indented with the code; that is exact
  // only when some line starts at column 0 and none starts with a tab.
  const flush = lines.some((l) => l.length > 0 && !/^\s/.test(l)) && !lines.some((l) => l.startsWith('\t'));
  const body: Line[] = lines.map((l) => ({ indent: flush && l.length ? indent + 2 : 0, text: l, verbatim: true }));
  return { head: `<<${flush ? '-' : ''}${marker}`, tail: [...body, { indent: flush ? indent : 0, text: marker, verbatim: true }], opens: false };
}

function render(expr: Expr, indent: number, width: number): Rendered {
  switch (expr.kind) {
    case 'raw':
      return { head: expr.text, tail: [], opens: false };
    case 'heredoc':
      return renderHeredoc(expr.text, indent);
    case 'object': {
      if (expr.entries.length === 0) return { head: '{}', tail: [], opens: false };
      const tail = expr.entries.flatMap((entry) => attributeLines(entry.key, entry.value, indent + 2));
      return { head: '{', tail: [...tail, { indent, text: '}' }], opens: true };
    }
    case 'tuple': {
      if (expr.items.length === 0) return { head: '[]', tail: [], opens: false };
      if (expr.items.every((item) => item.kind === 'raw')) {
        const inline = `[${expr.items.map((item) => (item as { text: string }).text).join(', ')}]`;
        if (width + inline.length <= INLINE_WIDTH) return { head: inline, tail: [], opens: false };
      }
      if (expr.items.length === 1 && expr.items[0].kind === 'heredoc') {
        const heredoc = renderHeredoc(expr.items[0].text, indent);
        return { head: `[${heredoc.head}`, tail: [...heredoc.tail, { indent, text: ']' }], opens: true };
      }
      const tail: Line[] = [];
      for (const item of expr.items) {
        const rendered = render(item, indent + 2, indent + 2);
        tail.push(...withSuffix({ indent: indent + 2, text: rendered.head }, rendered.tail, ','));
      }
      return { head: '[', tail: [...tail, { indent, text: ']' }], opens: true };
    }
    case 'call': {
      const argument = render(expr.argument, indent, width + expr.name.length + 1);
      if (!argument.tail.length) return { head: `${expr.name}(${argument.head})`, tail: [], opens: false };
      const tail = [...argument.tail];
      const last = tail.pop()!;
      return { head: `${expr.name}(${argument.head}`, tail: [...tail, { ...last, text: `${last.text})` }], opens: true };
    }
  }
}

/** The first line plus the rest, with `suffix` added to the last line. */
function withSuffix(first: Line, tail: readonly Line[], suffix: string): Line[] {
  if (!tail.length) return [{ ...first, text: first.text + suffix }];
  const rest = [...tail];
  const last = rest.pop()!;
  return [first, ...rest, { ...last, text: last.text + suffix }];
}

function attributeLines(name: string, value: Expr, indent: number): Line[] {
  const rendered = render(value, indent, indent + name.length + 3);
  const aligned = !rendered.opens;
  const first: Line = aligned ? { indent, key: name, text: rendered.head } : { indent, text: `${name} = ${rendered.head}` };
  return [first, ...rendered.tail];
}

function bodyLines(items: readonly Item[], indent: number): Line[] {
  const lines: Line[] = [];
  for (const item of items) {
    switch (item.kind) {
      case 'blank':
        lines.push({ indent: 0, text: '' });
        break;
      case 'comment':
        for (const text of item.text.split('\n')) lines.push({ indent, text: text ? `# ${text}` : '#' });
        break;
      case 'attribute':
        lines.push(...attributeLines(item.name, item.value, indent));
        break;
      case 'block': {
        const header = [item.type, ...item.labels.map((label) => quote(label))].join(' ');
        if (item.body.length === 0) lines.push({ indent, text: `${header} {}` });
        else lines.push({ indent, text: `${header} {` }, ...bodyLines(item.body, indent + 2), { indent, text: '}' });
        break;
      }
    }
  }
  return lines;
}

/** Writes the lines, aligning `=` in each run of consecutive one-line attributes. */
function print(lines: readonly Line[]): string {
  const width = new Map<number, number>();
  let run: number[] = [];
  const close = () => {
    const max = Math.max(...run.map((i) => lines[i].indent + lines[i].key!.length));
    for (const i of run) width.set(i, max - lines[i].indent);
    run = [];
  };
  lines.forEach((line, i) => {
    if (line.verbatim) return;
    if (line.key !== undefined) run.push(i);
    else if (run.length) close();
  });
  if (run.length) close();
  return lines
    .map((line, i) => {
      if (line.verbatim) return line.indent ? ' '.repeat(line.indent) + line.text : line.text;
      if (!line.text && line.key === undefined) return '';
      const text = line.key !== undefined ? `${line.key.padEnd(width.get(i)!)} = ${line.text}` : line.text;
      return ' '.repeat(line.indent) + text;
    })
    .join('\n');
}

/** A file's text: the items at the top level, ending with one newline. */
export function printFile(items: readonly Item[]): string {
  return `${print(bodyLines(tidy(items), 0))}\n`;
}

/** No blank line first, last or twice in a row, at any depth (heredoc bodies are not items, so never touched). */
function tidy(items: readonly Item[]): Item[] {
  const out: Item[] = [];
  for (const item of items) {
    if (item.kind === 'blank' && (out.length === 0 || out[out.length - 1].kind === 'blank')) continue;
    out.push(item.kind === 'block' ? { ...item, body: tidy(item.body) } : item);
  }
  while (out.length && out[out.length - 1].kind === 'blank') out.pop();
  return out;
}
