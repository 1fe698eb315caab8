// The `npm run day-two` process: parses its command line and exits with the command's code.
import { main } from '../program';
import { dayTwoCommand } from '../day-two-matrix';

main(dayTwoCommand());
