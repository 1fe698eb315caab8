import { spawnSync } from 'node:child_process';

let built = false;

/** Bundles the app and the CLIs into dist/ once per test file, as `npm run synth` does. */
export function buildOnce(): void {
  if (built) return;
  const result = spawnSync(process.execPath, ['scripts/build.mjs', 'main'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
  built = true;
}
