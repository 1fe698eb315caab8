/**
 * Terraform string templates as Terraform JSON holds them: literal text (with `$${` and `%%{`
 * standing for a literal `${` and `%{`), interpolations `${…}` and directives `%{…}`. The same
 * text is a valid HCL template once the literal parts are escaped for a quoted string, so the
 * export copies interpolations and directives verbatim (the same scanning rules as
 * verify/validate.ts `expressionsOf`).
 */

export type TemplatePart =
  /** Literal text, still in template form (`$${` kept). */
  | { readonly kind: 'literal'; readonly text: string }
  /** `${code}` or `%{code}`, `text` verbatim with its delimiters. */
  | { readonly kind: 'interpolation' | 'directive'; readonly code: string; readonly text: string };

/** Index just past the `}` closing a sequence whose code starts at `start`; -1 when unterminated. */
export function sequenceEnd(s: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      i = quotedEnd(s, i);
      if (i < 0) return -1;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
    i++;
  }
  return -1;
}

/** Index just past the closing quote of a quoted string (with its own templates) opening at `open`. */
function quotedEnd(s: string, open: number): number {
  let j = open + 1;
  while (j < s.length && s[j] !== '"') {
    if (s[j] === '\\') j += 2;
    else if (s.startsWith('$${', j) || s.startsWith('%%{', j)) j += 3;
    else if (s.startsWith('${', j) || s.startsWith('%{', j)) {
      j = sequenceEnd(s, j + 2);
      if (j < 0) return -1;
    } else j++;
  }
  return j < s.length ? j + 1 : -1;
}

export function templateParts(s: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i) || s.startsWith('%%{', i)) {
      literal += s.slice(i, i + 3);
      i += 3;
      continue;
    }
    if (s.startsWith('${', i) || s.startsWith('%{', i)) {
      const end = sequenceEnd(s, i + 2);
      if (end > 0) {
        if (literal) parts.push({ kind: 'literal', text: literal });
        literal = '';
        parts.push({ kind: s[i] === '$' ? 'interpolation' : 'directive', code: s.slice(i + 2, end - 1), text: s.slice(i, end) });
        i = end;
        continue;
      }
    }
    literal += s[i];
    i++;
  }
  if (literal) parts.push({ kind: 'literal', text: literal });
  return parts;
}

/** The expression of a string that is exactly one interpolation (`"${aws_vpc.x.id}"`), else undefined. */
export function wholeInterpolation(s: string): string | undefined {
  const parts = templateParts(s);
  return parts.length === 1 && parts[0].kind === 'interpolation' ? parts[0].code.trim() : undefined;
}

/** Whether the string holds a template sequence (so it is not a plain literal). */
export function hasSequences(s: string): boolean {
  return templateParts(s).some((p) => p.kind !== 'literal');
}

/** A literal template part's actual characters: `$${` → `${`, `%%{` → `%{`. */
export function unescapeLiteral(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}
