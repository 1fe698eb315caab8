// `npm run export`: synthesizes environments (in-process, into a temporary folder: cdktf.out is
// never touched) and writes one plain Terraform directory per stack to --out, HCL by default, that
// `terraform init && terraform plan` runs without Node. The library is export/.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { defaultRegistry } from '../modules';
import { EXPORT_FORMATS, ExportTargetError, assertReplaceable, exportSynthesized, type ExportFormat } from '../export';
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS_DIR, loadEnvironment } from '../stacks/load';
import { environmentOfStack } from '../stacks/builder';
import { formatWarnings, synthEnvironments } from '../stacks/synth';
import { collect, createCommand, endProgress, EXIT, interruptible, onRun, Option, progressReporter, UsageError } from './program';

interface ExportOptions {
  env?: string[];
  out?: string;
  format: ExportFormat;
}

export function exportCommand(env: NodeJS.ProcessEnv = process.env, root = process.cwd()) {
  const command = createCommand({
    usageName: 'npm run export --',
    summary: 'Writes environments as plain Terraform: one directory per stack that `terraform init && terraform plan` runs without Node.',
    details: [
      'Each directory holds the Terraform files (HCL by default: policies as jsonencode({...}), references as expressions, one file per module), the backend block, the assets the stack points at (the Karpenter NodePool chart), .terraform-version and a README (what it creates and needs, the apply order, whose state it reads). Resource addresses stay exactly as synthesized, so existing state matches.',
      'The environments are synthesized first, into a temporary folder (cdktf.out is not touched). Every HCL directory is read back and compared with the synthesized JSON before anything is replaced. --out is replaced as a whole and atomically: a failed export leaves the previous one as it was. A folder that is neither empty nor a previous export (no export.json) is refused.',
    ].join('\n\n'),
    examples: [
      ['npm run export -- --env prod --out ../platform-terraform', "prod's stacks as HCL directories"],
      ['npm run export -- --env dev --env prod --out ../platform-terraform', 'both environments in one export'],
      ['npm run export -- --env prod --out ../platform-terraform --format json', 'Terraform JSON syntax (main.tf.json) instead of HCL'],
      ['cd ../platform-terraform/prod-network && terraform init && terraform plan', 'then, per directory, in the order its README gives'],
    ],
  })
    .addOption(new Option('-e, --env <name>', `an environment (${ENVIRONMENTS_DIR}/<name>.yaml); repeat for several (default: $PLATFORM_ENV, else ${DEFAULT_ENVIRONMENT})`).argParser(collect))
    .addOption(new Option('-o, --out <dir>', 'the directory to write (replaced as a whole)'))
    .addOption(new Option('-f, --format <format>', 'hcl (.tf files) or json (.tf.json, as synthesized)').choices(EXPORT_FORMATS).default('hcl'));
  return onRun<ExportOptions>(command, async (options) => {
    if (!options.out) throw new UsageError('--out <dir> is required: the directory to write the export to');
    const fromEnv = env.PLATFORM_ENV?.split(',').map((name) => name.trim()).filter(Boolean);
    const names = [...new Set(options.env?.length ? options.env : fromEnv?.length ? fromEnv : [DEFAULT_ENVIRONMENT])];
    const specs = names.map((name) => loadEnvironment(name, { root, registry: defaultRegistry }));
    const out = resolve(root, options.out);
    try {
      assertReplaceable(out);
    } catch (error) {
      if (error instanceof ExportTargetError) throw new UsageError(error.message);
      throw error;
    }
    const outdir = join(mkdtempSync(join(tmpdir(), 'eks-platform-export-')), 'cdktf.out');
    const progress = progressReporter();
    const interrupt = interruptible();
    try {
      const synth = await synthEnvironments(specs, outdir, { progress, checkpoint: interrupt.checkpoint });
      endProgress();
      for (const line of formatWarnings(synth)) console.error(line);
      const descriptions = Object.fromEntries(synth.stackNames.map((stack) => [stack, specs.find((s) => s.name === environmentOfStack(stack))?.description ?? '']).filter(([, d]) => d));
      const result = await exportSynthesized(outdir, out, {
        format: options.format,
        stacks: synth.stackNames,
        terraformVersionFile: existsSync(join(root, '.terraform-version')) ? join(root, '.terraform-version') : undefined,
        descriptions,
        progress,
        checkpoint: interrupt.checkpoint,
      });
      endProgress();
      for (const warning of result.warnings) console.error(`warning: ${warning}`);
      const fromHere = relative(process.cwd(), result.outDir);
      const shown = !fromHere ? '.' : fromHere.startsWith('..') ? result.outDir : fromHere;
      console.log(`exported ${result.stacks.length} stack(s) as ${result.format === 'hcl' ? 'HCL' : 'Terraform JSON'} into ${shown}; apply in this order:`);
      for (const [index, stack] of result.stacks.entries()) console.log(`  ${index + 1}. ${join(shown, stack.name)}`);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof ExportTargetError) throw new UsageError(error.message);
      throw error;
    } finally {
      endProgress();
      interrupt.dispose();
      rmSync(join(outdir, '..'), { recursive: true, force: true });
    }
  });
}

