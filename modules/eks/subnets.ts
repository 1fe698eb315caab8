import { InputProblems } from '../registry/errors';
import { didYouMean } from '../registry/suggest';
import type { VpcOutputs } from '../vpc/vpc';

/**
 * Finds subnets in the VPC's outputs. The VPC is only known at build time (modules see each
 * other's outputs, not inputs), so these checks throw InputProblems at the eks input that names the
 * subnets.
 */
export class ClusterSubnets {
  constructor(
    private readonly vpc: VpcOutputs,
    private readonly clusterName: string,
  ) {}

  /** The private subnets the VPC assigns to this cluster (where nodes go by default). */
  clusterPrivate(): string[] {
    const ids = this.vpc.clusterPrivateSubnetIds[this.clusterName];
    if (!ids) {
      const served = Object.keys(this.vpc.clusterPrivateSubnetIds);
      throw new InputProblems({
        path: ['name'],
        message: `the VPC serves no cluster named "${this.clusterName}"${didYouMean(this.clusterName, served)} (vpc.clusters: ${served.join(', ') || 'none'}); add { name: ${this.clusterName} } to vpc.clusters so its subnets get the cluster's tags, or set eks.name to one of those`,
      });
    }
    return ids;
  }

  /** Subnets for nodes or Fargate pods: the named groups, each of which must be private. */
  forCompute(groups: readonly string[] | undefined, path: (string | number)[]): string[] {
    if (!groups) return this.clusterPrivate();
    return groups.flatMap((group, index) => {
      const at = [...path, index];
      const type = this.typeOf(group, at);
      if (type !== 'private') {
        const privateGroups = this.groupsOfType('private');
        throw new InputProblems({
          path: at,
          message: `subnet group "${group}" is ${type}; nodes and Fargate pods go in private subnets (${type === 'public' ? 'no public IPs or internet-facing ENIs' : 'intra subnets have no route out for image pulls'}); use ${privateGroups.length === 1 ? 'the private group' : 'one of the private groups'}: ${privateGroups.join(', ')}`,
        });
      }
      return this.vpc.subnetIdsByGroup[group];
    });
  }

  /** Subnets for the control-plane ENIs: an intra or private group, never public. */
  forControlPlane(group: string | undefined): string[] {
    if (group === undefined) return this.clusterPrivate();
    const at = ['controlPlaneSubnetGroup'];
    const type = this.typeOf(group, at);
    if (type === 'public') {
      const choices = [...this.groupsOfType('intra'), ...this.groupsOfType('private')];
      throw new InputProblems({ path: at, message: `subnet group "${group}" is public; the control-plane ENIs belong in intra or private subnets: ${choices.join(', ')}` });
    }
    return this.vpc.subnetIdsByGroup[group];
  }

  private typeOf(group: string, at: (string | number)[]): string {
    const known = Object.keys(this.vpc.subnetIdsByGroup);
    const type = this.vpc.subnetGroupTypes[group];
    if (!known.includes(group) || !type) throw new InputProblems({ path: at, message: `the VPC has no subnet group named "${group}"${didYouMean(group, known)}; groups: ${known.join(', ')}` });
    return type;
  }

  private groupsOfType(type: string): string[] {
    return Object.entries(this.vpc.subnetGroupTypes)
      .filter(([, t]) => t === type)
      .map(([name]) => name);
  }
}
