// The `npm run fuzz` process: parses its command line and exits with the command's code.
import { main } from '../program';
import { fuzzCommand } from '../fuzz';

main(fuzzCommand());
