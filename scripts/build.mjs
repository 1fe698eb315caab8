// Bundles the app and the CLIs with esbuild: one file per entry, no type-check (`npm test` runs
// tsc once). `node scripts/build.mjs [entry ...]` builds only the entries a command runs, and skips
// the build when nothing that goes into it changed since the last one (a content hash of the
// sources, the vendored data they import, the lock file and this script): a repeated `npm run synth`
// pays for synthesis alone.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const entryPoints = {
  main: 'main.ts',
  'cli/registry': 'cli/entries/registry.ts',
  'cli/bench': 'cli/entries/bench.ts',
  'cli/floor': 'cli/floor.ts',
  'cli/bench-app': 'cli/bench-app.ts',
  'cli/rss-probe': 'cli/rss-probe.ts',
  'cli/check': 'cli/entries/check.ts',
  'cli/validate': 'cli/entries/validate.ts',
  'cli/fuzz': 'cli/entries/fuzz.ts',
  'cli/diff': 'cli/entries/diff.ts',
  'cli/teardown': 'cli/entries/teardown.ts',
  'cli/export': 'cli/entries/export.ts',
};

// Zod 4 bundles error messages in ~40 languages (half its size); our messages are English and
// mostly our own, so only the English locale is kept. Measured: -390 KB, ~20 ms less per synth.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /locales\/index\.c?js$/ }, (args) => (args.importer.includes('/node_modules/zod/') ? { path: args.path, namespace: 'zod-locales' } : undefined));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: process.cwd() }));
  },
};

// cdktf records a full stack trace (Error.stackTraceLimit = MAX_SAFE_INTEGER) for every token it
// creates, only to print it if that token later fails to resolve. Formatting those traces was 8% of
// a synth (~20 ms of `dev`, measured with --cpu-prof). The bundle keeps the trace but caps it at the
// 10 frames V8 records by default, which still names the construct code that made the token.
const shortTokenStackTraces = {
  name: 'short-token-stack-traces',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({
      contents: `"use strict";
exports.captureStackTrace = function captureStackTrace(below) {
  const object = { stack: "" };
  Error.captureStackTrace(object, below || captureStackTrace);
  return object.stack ? object.stack.split("\\n").slice(1).map((s) => s.replace(/^\\s*at\\s+/, "")) : [];
};`,
      loader: 'js',
    }));
  },
};

const requested = process.argv.slice(2);
for (const name of requested) {
  if (!entryPoints[name]) {
    console.error(`build: unknown entry "${name}"; entries: ${Object.keys(entryPoints).join(', ')}`);
    process.exit(2);
  }
}
const selected = requested.length ? Object.fromEntries(requested.map((name) => [name, entryPoints[name]])) : entryPoints;

/** Every file a bundle can contain: our sources and the data they import; node_modules via the lock file. */
function inputsHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|json|ya?ml|mjs)$/.test(entry.name)) hash.update(path).update(readFileSync(path));
    }
  };
  for (const dir of ['modules', 'stacks', 'cli', 'verify', 'export']) if (existsSync(dir)) walk(dir);
  for (const file of ['main.ts', 'package-lock.json', 'package.json', 'scripts/build.mjs']) if (existsSync(file)) hash.update(file).update(readFileSync(file));
  return hash.digest('hex');
}

const stamp = join('dist', '.build-inputs.json');
const hash = inputsHash();
const built = existsSync(stamp) ? JSON.parse(readFileSync(stamp, 'utf8')) : {};
const stale = Object.keys(selected).filter((name) => built[name] !== hash || !existsSync(join('dist', `${name}.js`)) || statSync(join('dist', `${name}.js`)).size === 0);
if (stale.length === 0) process.exit(0);

// esbuild is loaded only when something must be built (its start-up is most of a no-op run).
const { build } = await import('esbuild');
await build({
  entryPoints: Object.fromEntries(stale.map((name) => [name, selected[name]])),
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [zodEnglishOnly, shortTokenStackTraces],
});

mkdirSync('dist', { recursive: true });
const current = existsSync(stamp) ? JSON.parse(readFileSync(stamp, 'utf8')) : {};
writeFileSync(stamp, `${JSON.stringify({ ...current, ...Object.fromEntries(stale.map((name) => [name, hash])) }, null, 2)}\n`);
