// Importing a module folder registers it with the default registry. This file is the one list of
// the built-in modules; the registry itself knows none of them.
import './vpc';

export * from './registry';
export { vpcModule } from './vpc';
