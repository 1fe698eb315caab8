// The `npm run validate` process: parses its command line and exits with the command's code.
import { main } from '../program';
import { validateCommand } from '../validate';

main(validateCommand());
