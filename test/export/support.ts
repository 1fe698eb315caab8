import { spawnSync } from 'node:child_process';

/**
 * `terraform fmt -check -recursive -diff <dir>`. Terraform is on this machine and in CI; a missing
 * binary fails the test that needs it, saying so, instead of skipping the check.
 */
export function terraformFmtCheck(dir: string): { code: number; output: string } {
  const run = spawnSync('terraform', ['fmt', '-check', '-recursive', '-diff', '-no-color', dir], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' },
  });
  if (run.error) {
    throw new Error(`terraform is needed to check the exported HCL (\`terraform fmt -check\`) and could not be run: ${run.error.message}. Install the version in .terraform-version and put it on PATH.`);
  }
  return { code: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}
