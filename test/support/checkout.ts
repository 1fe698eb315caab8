import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Copies this checkout as a user would have it after `git clone` and `npm ci` into `root`: every file
 * git knows or would add (so an edited file is tested before it is committed), with this checkout's
 * node_modules linked in. No dist/: callers decide what is built.
 */
export function copyCheckout(root: string): void {
  mkdirSync(root, { recursive: true });
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(file) || !statSync(file).isFile()) continue; // deleted in the working tree
    mkdirSync(dirname(join(root, file)), { recursive: true });
    copyFileSync(file, join(root, file));
  }
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir');
}
