// The `npm run check` process: parses its command line and exits with the command's code.
import { main } from '../program';
import { checkCommand } from '../check';

main(checkCommand());
