// The `npm run registry` process: parses its command line and exits with the command's code.
import { main } from '../program';
import { registryCommand } from '../registry';

main(registryCommand());
