/** Counting case results: per outcome, per kind, per policy rule; and the report `npm run fuzz` prints. */
import { table } from '../table';
import { CASE_KINDS } from './cases';
import { OUTCOMES, type CaseResult, type Outcome } from './oracle';

export interface Tally {
  cases: number;
  readonly outcomes: Record<Outcome, number>;
  /** kind → outcome → count. */
  readonly byKind: Record<string, Record<Outcome, number>>;
  /** Rule → cases that synthesized but would need a waiver for it. */
  readonly rules: Record<string, number>;
  readonly failures: CaseResult[];
  /** Milliseconds spent in cases (summed over workers) and the slowest case. */
  totalMs: number;
  slowest?: { index: number; kind: string; ms: number };
}

const zero = (): Record<Outcome, number> => ({ synthesized: 0, findings: 0, rejected: 0, failed: 0 });

export function newTally(): Tally {
  return { cases: 0, outcomes: zero(), byKind: {}, rules: {}, failures: [], totalMs: 0 };
}

export function addResult(tally: Tally, result: CaseResult): void {
  tally.cases++;
  tally.outcomes[result.outcome]++;
  (tally.byKind[result.kind] ??= zero())[result.outcome]++;
  for (const rule of result.rules ?? []) tally.rules[rule] = (tally.rules[rule] ?? 0) + 1;
  if (result.outcome === 'failed') tally.failures.push(result);
  tally.totalMs += result.ms;
  if (!tally.slowest || result.ms > tally.slowest.ms) tally.slowest = { index: result.index, kind: result.kind, ms: result.ms };
}

/** How to repeat one case of a run. */
export const reproduce = (seed: number, index: number) => `npm run fuzz -- --seed ${seed} --case ${index}`;

export function formatReport(tally: Tally, seed: number, elapsedMs: number): string[] {
  const { synthesized, findings, rejected, failed } = tally.outcomes;
  const lines: string[] = [];
  const kinds = CASE_KINDS.map((k) => k.name).filter((name) => tally.byKind[name]);
  const rows = kinds.map((name) => [name, ...OUTCOMES.map((o) => String(tally.byKind[name][o] || '')), String(OUTCOMES.reduce((s, o) => s + tally.byKind[name][o], 0))]);
  lines.push(table(['kind', 'synthesized', 'needs waiver', 'rejected', 'FAILED', 'cases'], rows));
  lines.push('');
  const ruleList = Object.entries(tally.rules)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  lines.push(
    `${tally.cases} cases (seed ${seed}) in ${(elapsedMs / 1000).toFixed(1)} s: ${synthesized} synthesized clean, ${findings} synthesized but need a waiver${ruleList ? ` (${ruleList})` : ''}, ${rejected} rejected with a spec error, ${failed} failed`,
  );
  if (tally.slowest) lines.push(`slowest case: ${tally.slowest.index} (${tally.slowest.kind}), ${tally.slowest.ms} ms; ${(tally.totalMs / Math.max(tally.cases, 1)).toFixed(0)} ms per case on average`);
  for (const failure of tally.failures) {
    lines.push('', `FAILED case ${failure.index} (${failure.kind}, ${failure.base}.yaml): ${failure.description.length > 300 ? `${failure.description.slice(0, 297)}...` : failure.description}`);
    lines.push(...(failure.failure ?? '').split('\n').map((l) => `  ${l}`));
    lines.push(`  reproduce: ${reproduce(seed, failure.index)}`);
  }
  return lines;
}
