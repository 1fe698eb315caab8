// `npm run bench -- --profile`: where a prod synth's time goes, from V8 CPU profiles of the same
// command the bench times (`node --cpu-prof dist/main.js prod`), so a missed target comes with the
// phases that make it up rather than a guess.
import { PlatformError } from '../modules/registry/errors';

/** The parts of a V8 .cpuprofile this reads. */
export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string }; readonly children?: readonly number[] }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A phase: a name for people, and the function names whose inclusive time it is. */
export interface Phase {
  readonly name: string;
  readonly functions: readonly string[];
}

/**
 * The phases of a synth, by the functions that run them (names as esbuild keeps them in the bundle).
 * A sample counts once per phase however many of its functions are on the stack.
 */
export const SYNTH_PHASES: readonly Phase[] = [
  { name: 'bundle load from the V8 code cache', functions: ['Script'] },
  { name: 'spec read and validated (YAML, zod)', functions: ['loadEnvironment'] },
  { name: '  of which Karpenter CRD schemas and CEL rules', functions: ['crdProblems'] },
  { name: 'constructs built (modules)', functions: ['buildEnvironment'] },
  { name: "cdktf: stacks prepared (cross-stack references)", functions: ['prepareStack'] },
  { name: 'cdktf: stacks synthesized and written', functions: ['synthesize'] },
  { name: 'output checked and swapped in (tag limits, manifest)', functions: ['assertTagLimits', 'replaceEnvironments'] },
  { name: 'garbage collection', functions: ['(garbage collector)'] },
];

export interface PhaseTime {
  readonly name: string;
  /** Mean milliseconds over the profiles. */
  readonly ms: number;
}

export interface ProfileSummary {
  readonly profiles: number;
  /** Mean sampled time of a profile (from the first JavaScript to exit), ms. */
  readonly sampledMs: number;
  readonly phases: readonly PhaseTime[];
}

/** Mean inclusive time of each phase over `profiles`. */
export function summarizeProfiles(profiles: readonly CpuProfile[], phases: readonly Phase[] = SYNTH_PHASES): ProfileSummary {
  if (!profiles.length) throw new PlatformError('bench --profile: no CPU profile was written');
  const totals = new Map<string, number>(phases.map((phase) => [phase.name, 0]));
  let sampled = 0;
  for (const profile of profiles) {
    const parent = new Map<number, number>();
    const name = new Map<number, string>();
    for (const node of profile.nodes) {
      name.set(node.id, node.callFrame.functionName);
      for (const child of node.children ?? []) parent.set(child, node.id);
    }
    // Each node's phases, computed once per node: the names on the path to the root.
    const phasesOf = new Map<number, Set<string>>();
    const phasesAt = (id: number): Set<string> => {
      let found = phasesOf.get(id);
      if (found) return found;
      const up = parent.get(id);
      found = new Set(up === undefined ? [] : phasesAt(up));
      for (const phase of phases) if (phase.functions.includes(name.get(id) ?? '')) found.add(phase.name);
      phasesOf.set(id, found);
      return found;
    };
    profile.samples.forEach((sample, index) => {
      const delta = (profile.timeDeltas[index] ?? 0) / 1000;
      sampled += delta;
      for (const phase of phasesAt(sample)) totals.set(phase, (totals.get(phase) ?? 0) + delta);
    });
  }
  return {
    profiles: profiles.length,
    sampledMs: sampled / profiles.length,
    phases: phases.map((phase) => ({ name: phase.name, ms: (totals.get(phase.name) ?? 0) / profiles.length })),
  };
}

/**
 * Lines for the report: the measured median split into Node's own start (the `node -e 0` median
 * measured alongside) and the phases. Profiling slows a run, so each phase is shown as its share of
 * the profiled time applied to the rest of the unprofiled median.
 */
export function profileLines(summary: ProfileSummary, medianMs: number, command: string, nodeStartMs = 0): string[] {
  const named = summary.phases.filter((phase) => !phase.name.startsWith(' ')).reduce((sum, phase) => sum + phase.ms, 0);
  const scale = summary.sampledMs > 0 ? Math.max(0, medianMs - nodeStartMs) / summary.sampledMs : 0;
  const rows: [string, number][] = [
    ['Node start (the `node -e 0` row)', nodeStartMs],
    ...summary.phases.map((phase): [string, number] => [phase.name, phase.ms * scale]),
    ['everything else (module initialisation, the command line, I/O)', Math.max(0, summary.sampledMs - named) * scale],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `Where \`${command}\` spends its ${medianMs.toFixed(0)} ms (median): each phase's share of ${summary.profiles} CPU profiles (${summary.sampledMs.toFixed(0)} ms profiled on average) applied to the time after Node's start:`,
    ...rows.map(([label, ms]) => `  ${label.padEnd(width)}  ${ms.toFixed(0).padStart(5)} ms  ${((100 * ms) / medianMs).toFixed(0).padStart(3)}%`),
  ];
}
