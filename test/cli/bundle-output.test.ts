// The bundle users run (dist/main.js) carries patches to cdktf's token resolver and stack traces
// (scripts/bundle-plugins.cjs: fast-token-resolve, lazy-token-stack-traces, lazy-archiver), and so
// does the cdktf the other tests load (test/support/prebundle.js). They must change speed only: here
// the bundle's synth of every shipped environment is compared, file by file and byte for byte, with
// the synth of the same app bundled by esbuild with no plugin at all, i.e. cdktf's own code.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
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

test('the bundle writes byte for byte what cdktf\'s own code writes, for every shipped environment', () => {
  const parent = mkdtempSync(join(tmpdir(), 'bundle-output-'));
  let plainDir: string | undefined;
  try {
    const bundled = join(parent, 'bundle');
    const run = spawnSync(process.execPath, ['dist/main.js', '--all', '--outdir', bundled], { encoding: 'utf8' });
    expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });

    // Inside the project, as dist/ is: the app finds its project folder (vendored charts) from its own path.
    mkdirSync(join('node_modules', '.cache'), { recursive: true });
    plainDir = mkdtempSync(join('node_modules', '.cache', 'bundle-output-'));
    const plainBundle = join(plainDir, 'unpatched.js');
    const esbuild = spawnSync(join('node_modules', '.bin', 'esbuild'), ['main.ts', '--bundle', '--platform=node', '--target=node20', '--format=cjs', '--log-level=error', `--outfile=${plainBundle}`], { encoding: 'utf8' });
    expect({ code: esbuild.status, stderr: esbuild.stderr }).toEqual({ code: 0, stderr: '' });
    // The patched resolver builds its path string lazily; cdktf's own builds it at once.
    const patchedResolver = (file: string) => readFileSync(file, 'utf8').includes('const pathName = () =>');
    expect({ shipped: patchedResolver('dist/main.bundle.js'), reference: patchedResolver(plainBundle) }).toEqual({ shipped: true, reference: false });
    const unpatched = join(parent, 'unpatched');
    const plainRun = spawnSync(process.execPath, [plainBundle, '--all', '--outdir', unpatched], { encoding: 'utf8' });
    expect({ code: plainRun.status, stderr: plainRun.stderr }).toEqual({ code: 0, stderr: '' });

    const files = filesUnder(unpatched);
    expect(files.filter((file) => file.endsWith('cdk.tf.json')).length).toBeGreaterThanOrEqual(9);
    expect(filesUnder(bundled)).toEqual(files);
    const differing = files.filter((file) => !readFileSync(join(bundled, file)).equals(readFileSync(join(unpatched, file))));
    expect(differing).toEqual([]);
  } finally {
    rmSync(parent, { recursive: true, force: true });
    if (plainDir) rmSync(plainDir, { recursive: true, force: true });
  }
});
