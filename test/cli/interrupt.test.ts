import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../cli/program';
import { buildOnce } from '../support/build';

beforeAll(buildOnce);

/** Starts a real synth of every environment and sends it Ctrl-C after `delayMs`. */
function interruptedSynth(outdir: string, delayMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/main.js', '--all'], { env: { ...process.env, CDKTF_OUTDIR: outdir } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    setTimeout(() => child.kill('SIGINT'), delayMs);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('Ctrl-C during a synth', () => {
  test.each([150, 350, 550])('at %d ms leaves no staging folder and never a half-written output', async (delayMs) => {
    const parent = mkdtempSync(join(tmpdir(), 'interrupt-'));
    try {
      const outdir = join(parent, 'cdktf.out');
      const result = await interruptedSynth(outdir, delayMs);
      // Before our handler is installed Node's default applies (killed by SIGINT); after, we exit 130.
      // A synth that finished before the signal exits 0 with its output complete.
      if (result.code === EXIT.ok) expect(readdirSync(join(outdir, 'stacks'))).toHaveLength(9);
      else if (result.code === EXIT.interrupted) expect(result.stderr).toContain('interrupted; nothing was changed');
      else expect(result.signal).toBe('SIGINT');
      expect(readdirSync(parent).filter((name) => name !== 'cdktf.out')).toEqual([]);
      if (result.code !== EXIT.ok) expect(existsSync(join(outdir, 'manifest.json'))).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
