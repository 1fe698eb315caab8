// `npm run check`: the policy rules over every stack in cdktf.out (run `npm run synth` first).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkStack, RULES, type TerraformJson } from '../verify/rules';

const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
const stacksDir = join(outdir, 'stacks');
if (!existsSync(stacksDir)) {
  console.error(`${stacksDir} does not exist; run \`npm run synth\` first`);
  process.exit(2);
}
let failures = 0;
for (const stack of readdirSync(stacksDir).sort()) {
  const tf = JSON.parse(readFileSync(join(stacksDir, stack, 'cdk.tf.json'), 'utf8')) as TerraformJson;
  const findings = checkStack(tf);
  failures += findings.length;
  console.log(`${stack}: ${findings.length ? `${findings.length} finding(s)` : `passes ${RULES.length + 1} rules`}`);
  for (const finding of findings) console.log(`  ${finding.rule} ${finding.address}: ${finding.message}`);
}
process.exit(failures ? 1 : 0);
