// The `npm run export` process: parses its command line and exits with the command's code.
import { main } from '../program';
import { exportCommand } from '../export';

main(exportCommand());
