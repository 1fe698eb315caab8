import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { App } from 'cdktf';
import { formatIssue, type SpecIssue } from '../modules/registry';
import { buildEnvironment } from './builder';
import type { EnvironmentSpec } from './spec';

export interface SynthResult {
  readonly outdir: string;
  readonly stackNames: string[];
  readonly warnings: { file: string; issue: SpecIssue }[];
}

/**
 * Synthesizes environments into `outdir` atomically: everything is written to a sibling temporary
 * directory first and swapped in only when synthesis succeeded, so a failure leaves the previous
 * output untouched and never a half-written one. Terraform's per-stack `.terraform` folders (the
 * downloaded providers) are carried over so a synth does not force a new `terraform init`.
 */
export function synthEnvironments(specs: readonly EnvironmentSpec[], outdir: string): SynthResult {
  const target = resolve(outdir);
  const staging = `${target}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    const app = new App({ outdir: staging, stackTraces: false, skipBackendValidation: false });
    const warnings: SynthResult['warnings'] = [];
    const stackNames: string[] = [];
    for (const spec of specs) {
      const built = buildEnvironment(app, spec);
      warnings.push(...built.warnings.map((issue) => ({ file: spec.file, issue })));
      stackNames.push(...Object.values(built.stacks).map((stack) => stack.node.id));
    }
    app.synth();
    carryOverTerraformDirs(target, staging);
    swapIn(staging, target);
    return { outdir: target, stackNames, warnings };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function formatWarnings(result: SynthResult): string[] {
  return result.warnings.map(({ file, issue }) => `warning: ${formatIssue(file, issue)}`);
}

function carryOverTerraformDirs(previous: string, next: string): void {
  const previousStacks = join(previous, 'stacks');
  if (!existsSync(previousStacks)) return;
  for (const stack of readdirSync(previousStacks)) {
    const from = join(previousStacks, stack, '.terraform');
    const to = join(next, 'stacks', stack, '.terraform');
    if (existsSync(from) && existsSync(dirname(to))) renameSync(from, to);
  }
}

function swapIn(staging: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  const retired = `${target}.retired-${process.pid}`;
  if (existsSync(target)) renameSync(target, retired);
  renameSync(staging, target);
  rmSync(retired, { recursive: true, force: true });
}
