// The bundle users run (dist/main.js) carries patches to cdktf's token resolver and stack traces
// (scripts/build.mjs: fast-token-resolve, lazy-token-stack-traces, lazy-archiver). They must change
// speed only: here the bundle's synth of every shipped environment is compared, file by file and
// byte for byte, with the synth of cdktf's own unpatched code in this process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { defaultRegistry } from '../../modules';
import { loadAllEnvironments } from '../../stacks/load';
import { synthEnvironments } from '../../stacks/synth';
import { buildOnce } from '../support/build';

beforeAll(buildOnce);

/** Every file under `dir`, as relative paths, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

test('the bundle writes byte for byte what cdktf\'s own code writes, for every shipped environment', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'bundle-output-'));
  try {
    const bundled = join(parent, 'bundle');
    const run = spawnSync(process.execPath, ['dist/main.js', '--all', '--outdir', bundled], { encoding: 'utf8' });
    expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });

    const unpatched = join(parent, 'in-process');
    await synthEnvironments(loadAllEnvironments({ registry: defaultRegistry }), unpatched, { pruneOtherEnvironments: true });

    const files = filesUnder(unpatched);
    expect(files.filter((file) => file.endsWith('cdk.tf.json')).length).toBeGreaterThanOrEqual(9);
    expect(filesUnder(bundled)).toEqual(files);
    const differing = files.filter((file) => !readFileSync(join(bundled, file)).equals(readFileSync(join(unpatched, file))));
    expect(differing).toEqual([]);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
