/**
 * Words of `text` wrapped to `width` columns: the first line starts with `first`, the others with
 * `rest`. A word longer than a line (an ARN, a JSON default) is split so nothing runs past `width`.
 */
export function wrap(text: string, width: number, first: string, rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  const room = () => width - line.length;
  for (let word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && word.length + 1 > room()) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    const indent = () => (empty ? '' : ' ');
    while (indent().length + word.length > room()) {
      const fits = room() - indent().length;
      // Break after a separator (-./:) when one is in reach, so names and ARNs split where they read well.
      const separator = Math.max(...['-', '.', '/', ':'].map((c) => word.lastIndexOf(c, fits - 1)));
      const take = Math.max(1, separator > 0 ? separator + 1 : fits);
      line += indent() + word.slice(0, take);
      word = word.slice(take);
      lines.push(line);
      line = rest;
      empty = true;
    }
    if (word) {
      line += indent() + word;
      empty = false;
    }
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines.map((l) => l.trimEnd());
}

/**
 * Renders rows as an aligned plain-text table (no colours: output goes to logs and CI too). With a
 * `width`, the last column wraps under itself so lines stay within it.
 */
export function table(header: string[], rows: string[][], width?: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const last = header.length - 1;
  const lead = widths.slice(0, last).reduce((sum, w) => sum + w + 2, 0);
  const line = (cells: string[]): string[] => {
    const prefix = cells.slice(0, last).map((c, i) => c.padEnd(widths[i])).join('  ') + (last > 0 ? '  ' : '');
    const lastCell = cells[last] ?? '';
    if (width === undefined || lead + lastCell.length <= width || width - lead < 20) return [(prefix + lastCell).trimEnd()];
    return wrap(lastCell, width, prefix, ' '.repeat(lead));
  };
  const rule = widths.map((w, i) => '-'.repeat(i === last && width !== undefined ? Math.max(header[last].length, Math.min(w, width - lead)) : w));
  return [...line(header), ...line(rule), ...rows.flatMap(line)].join('\n');
}
