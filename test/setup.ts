import { registerMatchers } from './matchers';

registerMatchers();
