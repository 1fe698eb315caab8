// `npm run validate`: offline validation of every stack in cdktf.out (run `npm run synth` first):
// references, attributes, arguments, dependency cycles, provider configuration and pinning.
// No terraform, no provider download, no credentials: argument and attribute names come from the
// installed @cdktf/provider-* bindings. `terraform validate` in CI (.github/workflows/plan.yml)
// remains the authority; this catches the same mistakes before a PR is opened.
import { readAnyOutput } from './outputs';
import { createCommand, EXIT, onRun, Option } from './program';
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

export function validateCommand(env: NodeJS.ProcessEnv = process.env) {
  const command = createCommand({
    usageName: 'npm run validate --',
    summary: 'Validates every synthesized stack offline, as `terraform validate` would, without Terraform, providers or credentials.',
    details: 'References resolve to declared resources, data sources, variables, locals or remote-state outputs; every attribute, argument and nested block exists on its type (read from the installed @cdktf/provider-* bindings); no dependency cycle; every provider configured and pinned to one version; no empty blocks.',
    examples: [
      ['npm run synth && npm run validate', 'validate what was just synthesized'],
      ['npm run validate -- --dir /tmp/other.out', 'another output folder'],
      ['npm run validate -- --dir ../platform-terraform', 'the plain Terraform directories npm run export wrote'],
    ],
  }).addOption(new Option('-d, --dir <path>', 'synthesized output folder, or a directory `npm run export` wrote').default(env.CDKTF_OUTDIR ?? 'cdktf.out', env.CDKTF_OUTDIR ? '$CDKTF_OUTDIR' : 'cdktf.out'));
  return onRun<{ dir: string }>(command, async (options) => {
    const started = Date.now();
    const results = validateStacks(await readAnyOutput(options.dir));
    for (const line of formatValidation(results)) console.log(line);
    const failed = results.filter((r) => r.errors.length).length;
    console.log(`${failed ? `${failed} of ${results.length} stack(s) failed` : `${results.length} stack(s) valid`} offline validation in ${Date.now() - started} ms`);
    return failed ? EXIT.problems : EXIT.ok;
  });
}

