// Benchmark app: N copies of an environment in one cdktf app (dev-1 … dev-N), for the scaling
// figures. `node dist/cli/bench-app.js --env dev --copies 16`
import { defaultRegistry } from '../modules';
import { DEFAULT_ENVIRONMENT, loadEnvironment } from '../stacks/load';
import type { EnvironmentSpec } from '../stacks/spec';
import { synthEnvironments } from '../stacks/synth';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const copies = Number(option('--copies', '1'));
const spec = loadEnvironment(option('--env', DEFAULT_ENVIRONMENT), { registry: defaultRegistry });
// Copies are separate environments (own stacks and state) that keep the original's resource names,
// as the same platform deployed to several accounts would: names that default to the environment
// name are pinned to the original's.
const pinNames = (instance: EnvironmentSpec['modules'][number]) => ({ ...instance, inputs: { name: spec.name, ...(instance.inputs as object) } });
const pinned = { ...spec, modules: spec.modules.map((m) => (m.definition.name === 'vpc' || m.definition.name === 'eks' ? pinNames(m) : m)) };
const specs = Array.from({ length: copies }, (_, i) => (copies === 1 ? spec : { ...pinned, name: `${spec.name}-${i + 1}` }));
void synthEnvironments(specs, process.env.CDKTF_OUTDIR ?? 'cdktf.out.bench');
