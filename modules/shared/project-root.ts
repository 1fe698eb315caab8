import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/**
 * The project folder (where package.json is), found from this file's location: the sources under
 * Jest, dist/ in the bundle. Vendored upstream documents are read from there at synth, only when a
 * module uses them, so the bundle stays small.
 */
export function projectRoot(): string {
  if (root) return root;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'modules'))) return (root = dir);
    if (dirname(dir) === dir) throw new Error(`no project folder above ${__dirname}`);
  }
}
