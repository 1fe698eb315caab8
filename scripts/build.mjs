// Bundles the app and the CLIs with esbuild: one file per entry, no type-check (`npm test` runs
// tsc once). `node scripts/build.mjs [entry ...]` builds only the entries a command runs, and skips
// the build when nothing that goes into it changed since the last one (a content hash of the
// sources, the vendored data they import, the lock file and this script): a repeated `npm run synth`
// pays for synthesis alone.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

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
  'cli/day-two-matrix': 'cli/entries/day-two-matrix.ts',
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
// a synth (~20 ms of `dev`, measured with --cpu-prof), and after capping them at V8's default 10
// frames, formatting the short ones was still ~15 ms, and capturing them ~8 ms. A failed resolution
// is a bug in our code (reported as an internal error that asks for PLATFORM_DEBUG=1), so the bundle
// records creation stacks only when PLATFORM_DEBUG is set, and then formats them only when cdktf
// reads one (`creationStack.length`, `.join`).
const lazyTokenStackTraces = {
  name: 'lazy-token-stack-traces',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({
      contents: `"use strict";
class CreationStack {
  constructor(holder) { this.holder = holder; this.formatted = undefined; }
  lines() {
    if (this.formatted === undefined) {
      const stack = this.holder.stack;
      this.formatted = stack ? stack.split("\\n").slice(1).map((s) => s.replace(/^\\s*at\\s+/, "")) : [];
      this.holder = undefined;
    }
    return this.formatted;
  }
  get length() { return this.lines().length; }
  join(separator) { return this.lines().join(separator); }
  map(fn) { return this.lines().map(fn); }
  [Symbol.iterator]() { return this.lines()[Symbol.iterator](); }
  toJSON() { return this.lines(); }
}
const record = Boolean(process.env.PLATFORM_DEBUG);
const none = Object.freeze([]);
exports.captureStackTrace = function captureStackTrace(below) {
  if (!record) return none;
  const holder = {};
  Error.captureStackTrace(holder, below || captureStackTrace);
  return new CreationStack(holder);
};`,
      loader: 'js',
    }));
  },
};

// cdktf's file helpers load archiver (and its zip, glob and stream dependencies, ~14 ms) when cdktf
// is first required, for ARCHIVE assets only; ours are DIRECTORY assets (the Karpenter chart), so
// the bundle loads it the first time an archive is made.
const lazyArchiver = {
  name: 'lazy-archiver',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /cdktf[\\/]lib[\\/]private[\\/]fs\.js$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = 'const archiver = require("archiver");';
      if (!source.includes(eager)) throw new Error(`lazy-archiver: ${args.path} no longer has ${eager}; update the plugin`);
      return { contents: source.replace(eager, 'const archiver = (...args) => require("archiver")(...args);'), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

// cdktf resolves every element of every stack twice (once to find cross-stack references, once to
// write it), and its resolver computes the element's path as a string ("/" + prefix.join("/")) and
// allocates a resolution context for every value it visits, including the thousands of plain
// strings (names, ARNs, policy text) that hold no token: the resolver was ~117 ms of a ~650 ms prod
// synth (--cpu-prof). The bundle builds the path only for the error messages that print it, and
// returns a plain value at once, without a context: a boolean, null, or a string with no token
// marker ("TfToken[") and no encoded number, which is exactly when cdktf's own branches return it
// unchanged. Output is byte-identical (test/cli/bundle-output.test.ts compares the bundle's synth
// of every shipped environment with cdktf's own, in-process).
const fastTokenResolve = {
  name: 'fast-token-resolve',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]resolve\.js$/ }, async (args) => {
      let source = readFileSync(args.path, 'utf8');
      const replace = (from, to, count) => {
        const found = source.split(from).length - 1;
        if (found !== count) throw new Error(`fast-token-resolve: expected ${count} of ${JSON.stringify(from)} in ${args.path}, found ${found}; update the plugin`);
        source = source.split(from).join(to);
      };
      replace('const pathName = "/" + prefix.join("/");', 'const pathName = () => "/" + prefix.join("/");', 1);
      replace('(pathName', '(pathName()', 4);
      // A plain string, boolean, null or undefined resolves to itself; it is returned without a context.
      const isPlain = (name) => `(typeof ${name} === "string" ? isPlainString(${name}) : ${name} === null || ${name} === undefined || typeof ${name} === "boolean")`;
      replace('    if (typeof obj === "string") {\n', '    if (typeof obj === "string" && isPlainString(obj)) {\n        return obj;\n    }\n    if (typeof obj === "string") {\n', 1);
      replace('.map((x, i) => makeContext(`${i}`)[0].resolve(x))', `.map((x, i) => (${isPlain('x')} ? x : makeContext(\`\${i}\`)[0].resolve(x)))`, 1);
      replace('const resolvedKey = makeContext()[0].resolve(key);', 'const resolvedKey = isPlainString(key) ? key : makeContext()[0].resolve(key);', 1);
      replace('const value = makeContext(key)[0].resolve(obj[key]);', `const raw = obj[key];\n        const value = ${isPlain('raw')} ? raw : makeContext(key)[0].resolve(raw);`, 1);
      source += `
function isPlainString(s) {
    return s.indexOf("TfToken[") === -1 && s !== token_1.Token.STRING_MAP_TOKEN_VALUE && s !== token_1.Token.ANY_MAP_TOKEN_VALUE && !encoding_1.TokenString.forNumbers(s).test();
}
`;
      return { contents: source, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

// What `node dist/<entry>.js` runs: the bundle beside it, compiled with a V8 code cache. Node 20 has
// no compile cache of its own (module.enableCompileCache is Node 22), and compiling the ~5 MB bundle
// plus the functions a synth runs was ~250 ms of a ~900 ms dev synth on the 2-core machine; with the
// cache it is read, not compiled. The cache is written after the first run (so it holds the
// functions that run lazily too), beside the bundle, atomically; V8 rejects a cache that does not
// match the bundle, and the build deletes it whenever it writes a new bundle.
const LOADER = `'use strict';
// Generated by scripts/build.mjs: runs the bundle beside this file with a V8 code cache.
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');
const file = join(__dirname, BUNDLE);
const cacheFile = file + '.cache';
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {}
// Read as latin1 when the build left the bundle pure ASCII (the usual case): the same string,
// decoded ~5x faster than as UTF-8 (~20 ms of a ~5 MB bundle on the 2-core machine).
const script = new vm.Script(Module.wrap(readFileSync(file, ENCODING)), { filename: file, cachedData });
if (!cachedData || script.cachedDataRejected) {
  process.once('exit', () => {
    try {
      const partial = cacheFile + '.' + process.pid;
      writeFileSync(partial, script.createCachedData());
      renameSync(partial, cacheFile);
    } catch {}
  });
}
const bundle = new Module(file, module);
bundle.filename = file;
bundle.paths = Module._nodeModulePaths(__dirname);
script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, __dirname);
`;

// `--run <entry> [args...]`: build that entry if stale, then run it in this same process with the
// arguments (what the npm scripts do: one Node start instead of two, ~40-100 ms each).
const runIndex = process.argv.indexOf('--run');
const run = runIndex === 2 ? { entry: process.argv[3], args: process.argv.slice(4) } : undefined;
const requested = run ? [run.entry].filter(Boolean) : process.argv.slice(2);
if (run && !entryPoints[run.entry]) {
  console.error(`build: --run needs an entry; entries: ${Object.keys(entryPoints).join(', ')}`);
  process.exit(2);
}
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
/** Entries loaded with `node -r` (a preload): plain bundles, no loader. */
const PRELOADS = new Set(['cli/rss-probe']);
const bundleFile = (name) => join('dist', PRELOADS.has(name) ? `${name}.js` : `${name}.bundle.js`);
const present = (file) => existsSync(file) && statSync(file).size > 0;
const stale = Object.keys(selected).filter((name) => built[name] !== hash || !present(join('dist', `${name}.js`)) || !present(bundleFile(name)));
if (stale.length) await buildStale(stale);
if (run) {
  process.argv = [process.argv[0], resolve('dist', `${run.entry}.js`), ...run.args];
  createRequire(import.meta.url)(process.argv[1]);
}

/**
 * Makes the bundle ASCII where that is safe and says whether it is. esbuild writes code as ASCII (its
 * default charset escapes the rest, except inside tagged templates, whose raw text must stay) but
 * keeps some comments of bundled packages as they are, and a few hold non-ASCII characters. Only
 * whole-line `//` comments are escaped; any other non-ASCII (a trailing comment, a block comment, a
 * tagged template) leaves the file as it is, read as UTF-8.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  if (/^[\x00-\x7f]*$/.test(text)) return true;
  const lines = text.split('\n');
  const escaped = [];
  for (const line of lines) {
    if (/^[\x00-\x7f]*$/.test(line)) {
      escaped.push(line);
      continue;
    }
    if (!line.trimStart().startsWith('//')) return false;
    escaped.push(line.replace(/[^\x00-\x7f]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`));
  }
  writeFileSync(file, escaped.join('\n'));
  return true;
}

/** Bundles the stale entries, writes each one's loader, and records the inputs they were built from. */
async function buildStale(stale) {
  // esbuild is loaded only when something must be built (its start-up is most of a no-op run).
  const { build } = await import('esbuild');
  await build({
    entryPoints: Object.fromEntries(stale.map((name) => [PRELOADS.has(name) ? name : `${name}.bundle`, selected[name]])),
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    legalComments: 'none',
    plugins: [zodEnglishOnly, lazyTokenStackTraces, lazyArchiver, fastTokenResolve],
  });

  mkdirSync('dist', { recursive: true });
  for (const name of stale.filter((n) => !PRELOADS.has(n))) {
    const encoding = asciiOnly(bundleFile(name)) ? 'latin1' : 'utf8';
    rmSync(`${bundleFile(name)}.cache`, { force: true });
    writeFileSync(join('dist', `${name}.js`), LOADER.replace('BUNDLE', JSON.stringify(`${name.split('/').pop()}.bundle.js`)).replace('ENCODING', JSON.stringify(encoding)));
  }
  const current = existsSync(stamp) ? JSON.parse(readFileSync(stamp, 'utf8')) : {};
  writeFileSync(stamp, `${JSON.stringify({ ...current, ...Object.fromEntries(stale.map((name) => [name, hash])) }, null, 2)}\n`);
}
