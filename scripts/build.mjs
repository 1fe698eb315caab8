// Bundles the app and the CLIs with esbuild: one file per entry, no type-check (`npm test` runs
// tsc once), so `npm run synth` pays ~0.2 s of build instead of a tsc compile or ts-node.
import { build } from 'esbuild';

const entryPoints = {
  main: 'main.ts',
  'cli/registry': 'cli/registry.ts',
  'cli/bench': 'cli/bench.ts',
  'cli/floor': 'cli/floor.ts',
  'cli/bench-app': 'cli/bench-app.ts',
  'cli/rss-probe': 'cli/rss-probe.ts',
};

await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  legalComments: 'none',
});
