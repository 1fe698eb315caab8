import { Testing } from 'cdktf';
import { registerMatchers } from './matchers';

Testing.setupJest();
registerMatchers();
