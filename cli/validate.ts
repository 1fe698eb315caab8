// `npm run validate`: offline validation of every stack in cdktf.out (run `npm run synth` first):
// references, attributes, arguments, dependency cycles, provider configuration and pinning.
// No terraform, no provider download, no credentials: argument and attribute names come from the
// installed @cdktf/provider-* bindings. `terraform validate` in CI (.github/workflows/plan.yml)
// remains the authority; this catches the same mistakes before a PR is opened.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readStacks } from '../verify/outdir';
import { validateStacks, type StackValidation } from '../verify/validate';

export function formatValidation(results: readonly StackValidation[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const { resources, dataSources, outputs, references } = r.counts;
    const counted = `${resources} resources, ${dataSources} data sources, ${outputs} outputs, ${references} references`;
    lines.push(r.errors.length ? `${r.stack}: ${r.errors.length} problem(s) (${counted})` : `${r.stack}: valid (${counted})`);
    for (const e of r.errors) lines.push(`  error: ${e}`);
    for (const w of r.warnings) lines.push(`  warning: ${w}`);
  }
  return lines;
}

if (require.main === module) {
  const started = Date.now();
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  if (!existsSync(join(outdir, 'stacks'))) {
    console.error(`${join(outdir, 'stacks')} does not exist; run \`npm run synth\` first`);
    process.exit(2);
  }
  const results = validateStacks(readStacks(outdir));
  for (const line of formatValidation(results)) console.log(line);
  const failed = results.filter((r) => r.errors.length).length;
  console.log(`${failed ? `${failed} of ${results.length} stack(s) failed` : `${results.length} stack(s) valid`} offline validation in ${Date.now() - started} ms`);
  process.exit(failed ? 1 : 0);
}
