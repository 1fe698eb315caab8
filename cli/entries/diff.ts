// The `npm run diff` process: parses its command line and exits with the command's code.
import { main } from '../program';
import { diffCommand } from '../diff';

main(diffCommand());
