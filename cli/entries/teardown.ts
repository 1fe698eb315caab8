// The `npm run teardown` process: parses its command line and exits with the command's code.
import { main } from '../program';
import { teardownCommand } from '../teardown';

main(teardownCommand());
