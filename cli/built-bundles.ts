// Bundles built in one copy of the project, offered to another (a git worktree of another commit, a
// copy of the checkout). scripts/build.mjs keeps an offered bundle only when the other copy's sources
// hash to what it was built from, so a diff whose base differs from the working tree only in specs
// (the usual day-two change) synthesizes the base without running esbuild (~1 s).
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const STAMP = join('dist', '.build-inputs.json');

/** The files of one entry's bundle under dist/: its loader (or the whole bundle, for a preload), the bundle and V8's code cache. */
const entryFiles = (entry: string) => [`${entry}.js`, `${entry}.bundle.js`, `${entry}.bundle.js.cache`].map((file) => join('dist', file));

/**
 * Copies `entries`' bundles (all that `from` has built, by default) and their build records from
 * `from` to `to`. The record is read before
 * and after the bundles are copied (the build removes a record while it rewrites its bundle): if it
 * changed, nothing is offered. Returns the entries offered; anything not offered is simply built.
 */
export function offerBuiltBundles(from: string, to: string, entries?: readonly string[]): string[] {
  const stampFile = join(from, STAMP);
  let before: string;
  try {
    before = readFileSync(stampFile, 'utf8');
  } catch {
    return [];
  }
  const records = parseRecords(before);
  const offered = (entries ?? Object.keys(records)).filter((entry) => records[entry] !== undefined && existsSync(join(from, entryFiles(entry)[0])));
  if (!offered.length) return [];
  const copied: string[] = [];
  try {
    for (const file of offered.flatMap(entryFiles)) {
      // A preload has no loader; the code cache is written after a first run. A code cache already in
      // `to` belongs to the bundle being replaced: V8 checks a cache against the source's length only.
      if (!existsSync(join(from, file))) {
        rmSync(join(to, file), { force: true });
        continue;
      }
      mkdirSync(dirname(join(to, file)), { recursive: true });
      copyFileSync(join(from, file), join(to, file));
      copied.push(join(to, file));
    }
    if (readFileSync(stampFile, 'utf8') !== before) throw new Error('rebuilt meanwhile');
  } catch {
    for (const file of copied) rmSync(file, { force: true });
    return [];
  }
  // Written whole, as scripts/build.mjs writes it: a build in `to` never reads half a stamp.
  const partial = `${join(to, STAMP)}.${process.pid}`;
  writeFileSync(partial, `${JSON.stringify(Object.fromEntries(offered.map((entry) => [entry, records[entry]])), null, 2)}\n`);
  renameSync(partial, join(to, STAMP));
  return offered;
}

function parseRecords(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
