// The `npm run bench` process: parses its command line and exits with the command's code.
import { main } from '../program';
import { benchCommand } from '../bench';

main(benchCommand());
