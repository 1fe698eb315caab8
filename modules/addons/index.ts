// Importing this folder registers the five core EKS add-on modules with the default registry.
export { awsEbsCsiDriverModule, awsEbsCsiDriverInputs, ebsCsiConfiguration, EBS_STORAGE_CLASS_MODES, type AwsEbsCsiDriverInputs } from './aws-ebs-csi-driver';
export { corednsModule, corednsInputs, corednsConfiguration, COREDNS_TOLERATIONS, type CorednsInputs } from './coredns';
export { eksPodIdentityAgentModule, eksPodIdentityAgentInputs, type EksPodIdentityAgentInputs } from './eks-pod-identity-agent';
export { kubeProxyModule, kubeProxyInputs, type KubeProxyInputs } from './kube-proxy';
export { vpcCniModule, vpcCniInputs, vpcCniConfiguration, type VpcCniInputs } from './vpc-cni';
export { ManagedAddon, buildCoreAddon, resolveAddonBuild, stableJson, type AddonOutputs, type ComputeOrder, type CoreAddonSpec } from './managed-addon';
