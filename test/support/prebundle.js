// Jest gives every test file a fresh module registry and loads each file of each package through its
// own resolver and wrapper, without V8's code cache: cdktf alone is 382 files, ~350 ms per test file
// on the 2-core machine, paid again by each of the ~70 test files. The packages below are bundled
// once (esbuild, ~1 s) into one file per group under node_modules/.cache/jest-prebundle/<key>/, and
// jest.config.js maps their import names there (moduleNameMapper), so a test file loads one file per
// group instead. Each group is one bundle, with a small file per import name that picks its export,
// so `@bufbuild/cel` and `@bufbuild/cel/ext` share one copy of the CEL runtime; packages another
// group or unbundled code also imports (constructs) stay external, so every test sees one copy of
// them. The key hashes the lock file, this file and esbuild's version: `npm ci` or an edit here
// rebuilds. What is tested is unchanged: the same package code, loaded from one file.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const GROUPS = {
  cdktf: { entries: ['cdktf', 'cdktf/lib/private/unique', 'cdktf/lib/tokens/private/stack-trace'], external: ['constructs'] },
  zod: { entries: ['zod'], external: [] },
  yaml: { entries: ['yaml'], external: [] },
  cel: { entries: ['@bufbuild/cel', '@bufbuild/cel/ext'], external: [] },
  semver: { entries: ['semver'], external: [] },
  'fast-check': { entries: ['fast-check'], external: [] },
  commander: { entries: ['commander'], external: [] },
};

// The app's esbuild plugins (cdktf's speed patches, Zod's English-only locales): tests run the cdktf
// code users run. test/cli/bundle-output.test.ts compares it with cdktf's own, unpatched.
const PLUGINS = join(__dirname, '..', '..', 'scripts', 'bundle-plugins.cjs');

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const fileName = (entry) => `${entry.replace(/[^A-Za-z0-9._-]/g, '_')}.js`;

function cacheKey(root) {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(root, 'package-lock.json')));
  hash.update(readFileSync(__filename));
  hash.update(readFileSync(PLUGINS));
  hash.update(require('esbuild/package.json').version);
  return hash.digest('hex').slice(0, 16);
}

async function build(root, dir) {
  const { build: esbuild } = require('esbuild');
  const { bundlePlugins } = require(PLUGINS);
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  for (const [group, { entries, external }] of Object.entries(GROUPS)) {
    await esbuild({
      stdin: { contents: `module.exports = {\n${entries.map((entry) => `  ${JSON.stringify(entry)}: require(${JSON.stringify(entry)}),`).join('\n')}\n};\n`, resolveDir: root, loader: 'js' },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external,
      logLevel: 'error',
      legalComments: 'none',
      outfile: join(partial, `${group}.bundle.js`),
      plugins: bundlePlugins,
    });
    for (const entry of entries) {
      writeFileSync(join(partial, fileName(entry)), `module.exports = require('./${group}.bundle.js')[${JSON.stringify(entry)}];\n`);
    }
  }
  mkdirSync(join(dir, '..'), { recursive: true });
  try {
    renameSync(partial, dir);
  } catch (error) {
    // Another Jest process finished the same build first: its copy is the same.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
}

/**
 * Jest's moduleNameMapper for the prebundled packages, building the bundles when they are missing.
 * Where they cannot be written (a read-only node_modules), the packages load as they are: slower
 * tests, same results.
 */
async function prebundledModules(root) {
  const dir = join(root, 'node_modules', '.cache', 'jest-prebundle', cacheKey(root));
  const entries = Object.values(GROUPS).flatMap((group) => group.entries);
  try {
    if (!entries.every((entry) => existsSync(join(dir, fileName(entry))))) await build(root, dir);
  } catch (error) {
    if (!['EACCES', 'EROFS', 'EPERM'].includes(error && error.code)) throw error;
    process.stderr.write(`jest: packages not prebundled (${error.code} writing ${dir}); tests load them file by file\n`);
    return {};
  }
  return Object.fromEntries(entries.map((entry) => [`^${escapeRegExp(entry)}$`, join(dir, fileName(entry))]));
}

module.exports = { prebundledModules };
