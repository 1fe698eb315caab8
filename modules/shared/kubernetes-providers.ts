import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { DataAwsEksClusterAuth } from '@cdktf/provider-aws/lib/data-aws-eks-cluster-auth';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, TerraformStack } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import type { EnvironmentContext } from '../registry/module';

/** How the platform stack's Kubernetes and Helm providers authenticate to the cluster. */
export const KUBERNETES_AUTH_MODES = ['exec', 'token'] as const;
export type KubernetesAuthMode = (typeof KUBERNETES_AUTH_MODES)[number];

export interface KubernetesProviders {
  readonly kubernetes: KubernetesProvider;
  readonly helm: HelmProvider;
}

const CONSTRUCT_ID = 'kubernetes-access';

/**
 * The Kubernetes and Helm providers of the stack `scope` is in, created once per stack.
 *
 * They are configured from the cluster *name* (a plain string, known at plan time) and an
 * `aws_eks_cluster` data source read in this stack, never from resources of the same root module:
 * providers configured from values unknown at plan time fail with "dial tcp [::1]:80: connect:
 * connection refused" (terraform-provider-helm#1077). Authentication:
 * - `exec` (default): `aws eks get-token` at every call, so long applies never outlive a token;
 *   needs the AWS CLI on the runner.
 * - `token`: `aws_eks_cluster_auth`, for runners without the AWS CLI (HCP Terraform remote
 *   execution); the token lasts ~15 minutes.
 */
export function kubernetesProviders(scope: IConstruct, clusterName: string, environment: EnvironmentContext): KubernetesProviders {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(CONSTRUCT_ID) as KubernetesAccess | undefined;
  if (existing) {
    if (existing.clusterName !== clusterName) throw new Error(`stack ${stack.node.id} already talks to cluster "${existing.clusterName}", not "${clusterName}"`);
    return existing.providers;
  }
  return new KubernetesAccess(stack, CONSTRUCT_ID, clusterName, environment).providers;
}

class KubernetesAccess extends Construct {
  readonly providers: KubernetesProviders;

  constructor(
    scope: Construct,
    id: string,
    readonly clusterName: string,
    environment: EnvironmentContext,
  ) {
    super(scope, id);
    const cluster = new DataAwsEksCluster(this, 'cluster', { name: clusterName });
    const host = cluster.endpoint;
    const clusterCaCertificate = Fn.base64decode(cluster.certificateAuthority.get(0).data);
    if (environment.kubernetesAuth === 'token') {
      const token = new DataAwsEksClusterAuth(this, 'token', { name: clusterName }).token;
      this.providers = {
        kubernetes: new KubernetesProvider(scope, 'kubernetes', { host, clusterCaCertificate, token }),
        helm: new HelmProvider(scope, 'helm', { kubernetes: { host, clusterCaCertificate, token } }),
      };
      return;
    }
    const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', clusterName, '--region', environment.region] };
    this.providers = {
      kubernetes: new KubernetesProvider(scope, 'kubernetes', { host, clusterCaCertificate, exec: [exec] }),
      helm: new HelmProvider(scope, 'helm', { kubernetes: { host, clusterCaCertificate, exec } }),
    };
  }
}
