// The cdktf app (cdktf.json runs the bundle of this file) and `npm run synth`: builds environments'
// stacks into cdktf.out/. `cdktf synth` runs it with no arguments; PLATFORM_ENV names the
// environments there.
import { main } from './cli/program';
import { synthCommand } from './cli/synth';

main(synthCommand());
