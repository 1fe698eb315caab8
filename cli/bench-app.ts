// Benchmark app: N copies of an environment in one cdktf app (full-1 … full-N), for the scaling
// figures. `node dist/cli/bench-app.js --env full --copies 16`
import { defaultRegistry } from '../modules';
import { DEFAULT_ENVIRONMENT, loadEnvironment } from '../stacks/load';
import type { EnvironmentSpec } from '../stacks/spec';
import { synthEnvironments } from '../stacks/synth';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const copies = Number(option('--copies', '1'));
const spec = loadEnvironment(option('--env', DEFAULT_ENVIRONMENT), { registry: defaultRegistry });

type ModuleInstance = EnvironmentSpec['modules'][number];
type Inputs = Record<string, unknown> & { clusters?: Record<string, unknown>[] };

// Copies are separate environments (own stacks and state) that keep the original's resource names,
// as the same platform deployed to several accounts would: names that default to the environment
// name (the VPC's name tags, the cluster name and the clusters the VPC serves) are pinned to the
// original's, so every copy does the same work as the original.
const vpcInputs = spec.modules.find((m) => m.definition.name === 'vpc')?.inputs as Inputs | undefined;
// When the VPC lists no clusters it serves one named after the (renamed) environment, so the
// cluster keeps the copy's name too.
const pinClusterName = vpcInputs?.clusters !== undefined;
function pinNames(instance: ModuleInstance): ModuleInstance {
  const inputs = instance.inputs as Inputs;
  if (instance.definition.name === 'vpc') {
    return { ...instance, inputs: { name: spec.name, ...inputs, ...(inputs.clusters ? { clusters: inputs.clusters.map((cluster) => ({ name: spec.name, ...cluster })) } : {}) } };
  }
  if (instance.definition.name === 'eks' && pinClusterName) return { ...instance, inputs: { name: spec.name, ...inputs } };
  return instance;
}
const pinned: EnvironmentSpec = { ...spec, modules: spec.modules.map(pinNames) };
const specs = Array.from({ length: copies }, (_, i) => (copies === 1 ? spec : { ...pinned, name: `${spec.name}-${i + 1}` }));
void synthEnvironments(specs, process.env.CDKTF_OUTDIR ?? 'cdktf.out.bench');
