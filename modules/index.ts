// Importing a module folder registers it with the default registry. This file is the one list of
// the built-in modules; the registry itself knows none of them.
import './vpc';
import './eks';
import './pod-identity';
import './addons';
import './addons/catalogue';
import './storage-classes';
import './karpenter';

export * from './registry';
export { vpcModule } from './vpc';
export { eksModule } from './eks';
export { podIdentityModule } from './pod-identity';
export { karpenterModule } from './karpenter';
export { awsEbsCsiDriverModule, corednsModule, eksPodIdentityAgentModule, kubeProxyModule, vpcCniModule } from './addons';
