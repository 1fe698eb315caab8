import type { Block } from './terraform-json';
import { mismatches, show, type Mismatch } from './partial';

export interface Ranked {
  readonly block: Block;
  readonly problems: Mismatch[];
}

/** Candidates ordered by how many expected paths they miss (fewest first), then by path. */
export function rank(blocks: Block[], expected: unknown): Ranked[] {
  return blocks
    .map((block) => ({ block, problems: mismatches(expected, block.properties) }))
    .sort((a, b) => a.problems.length - b.problems.length || a.block.path.localeCompare(b.block.path));
}

/** The three closest candidates, each with the first path where it differs. */
export function closestReport(ranked: Ranked[], limit = 3): string {
  if (ranked.length === 0) return '  (there are none of this type)';
  const lines = ranked.slice(0, limit).map(({ block, problems }) => {
    const first = problems[0];
    const where = first ? `differs at ${first.path}: expected ${show(first.expected)}, got ${show(first.actual)}` : 'matches';
    return `  ${block.path} (${problems.length} mismatched path${problems.length === 1 ? '' : 's'}) ${where}`;
  });
  if (ranked.length > limit) lines.push(`  ... and ${ranked.length - limit} more`);
  return lines.join('\n');
}
