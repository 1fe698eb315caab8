// Benchmark app: N copies of an environment in one cdktf app (dev-1 … dev-N), for the scaling
// figures. `node dist/cli/bench-app.js --env dev --copies 16`
import { defaultRegistry } from '../modules';
import { DEFAULT_ENVIRONMENT, loadEnvironment } from '../stacks/load';
import { synthEnvironments } from '../stacks/synth';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const copies = Number(option('--copies', '1'));
const spec = loadEnvironment(option('--env', DEFAULT_ENVIRONMENT), { registry: defaultRegistry });
const specs = Array.from({ length: copies }, (_, i) => (copies === 1 ? spec : { ...spec, name: `${spec.name}-${i + 1}` }));
synthEnvironments(specs, process.env.CDKTF_OUTDIR ?? 'cdktf.out.bench');
