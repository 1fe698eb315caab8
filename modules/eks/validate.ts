import { AMI_TYPES } from '../addons/versions';
import type { InputProblem } from '../registry/errors';
import type { EksInputs, NodeGroupOptions } from './props';

/** A cross-field problem, at a path below the eks inputs. */
export type EksProblem = InputProblem;

/** Name of the node group the module creates itself in node-groups mode. */
export const SYSTEM_NODE_GROUP = 'system';

const ANYWHERE = '0.0.0.0/0';

/**
 * Combinations of inputs that cannot work or are unsafe, found before any resource exists. Each
 * problem names the field relative to `eks` and, where there is one, the fix.
 */
export function eksProblems(inputs: EksInputs): EksProblem[] {
  const problems: EksProblem[] = [];

  if (inputs.admins.length === 0 && !inputs.clusterCreatorAdmin) {
    problems.push({
      path: ['admins'],
      message: 'no principal would be a cluster admin (authentication mode API has no aws-auth ConfigMap to fall back on); list IAM role ARNs in eks.admins or set clusterCreatorAdmin: true',
    });
  }
  inputs.viewers.forEach((arn, index) => {
    // One principal, one access entry: https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
    if (inputs.admins.includes(arn)) problems.push({ path: ['viewers', index], message: `${JSON.stringify(arn)} is also in eks.admins; a principal has one access entry, so list it once` });
  });
  for (const [field, list] of [['admins', inputs.admins], ['viewers', inputs.viewers]] as const) {
    list.forEach((arn, index) => {
      if (list.indexOf(arn) !== index) problems.push({ path: [field, index], message: `${JSON.stringify(arn)} is listed twice` });
    });
  }

  if (inputs.endpointPublicAccess && inputs.publicAccessCidrs.length === 0) {
    problems.push({ path: ['publicAccessCidrs'], message: 'public endpoint requested without an allow-list; give CIDRs or set endpointPublicAccess: false' });
  }
  inputs.publicAccessCidrs.forEach((cidr, index) => {
    if (cidr === ANYWHERE && !inputs.allowPublicAccessFromAnywhere) {
      problems.push({
        path: ['publicAccessCidrs', index],
        message:
          '"0.0.0.0/0" would make the API server reachable from the whole internet: authentication still applies, but every scanner and credential-stuffing bot can reach it and any API-server vulnerability becomes remotely exploitable; list your own CIDRs, or set allowPublicAccessFromAnywhere: true to accept that',
      });
    }
  });

  const groupNames = new Map<string, number>();
  if (inputs.computeMode === 'node-groups') {
    checkNodeGroup(inputs.systemNodeGroup, ['systemNodeGroup'], problems);
    groupNames.set(SYSTEM_NODE_GROUP, -1);
  }
  inputs.nodeGroups.forEach((group, index) => {
    const path = ['nodeGroups', index];
    const earlier = groupNames.get(group.name);
    if (earlier !== undefined) {
      problems.push({
        path: [...path, 'name'],
        message: earlier < 0 ? `"${SYSTEM_NODE_GROUP}" is the name of the node group the module creates; choose another` : `node group name "${group.name}" is used twice (nodeGroups[${earlier}]); names must be unique`,
      });
    } else groupNames.set(group.name, index);
    checkNodeGroup(group, path, problems);
  });

  const profileNames = new Map<string, number>();
  inputs.fargateProfiles.forEach((profile, index) => {
    const earlier = profileNames.get(profile.name);
    if (earlier !== undefined) problems.push({ path: ['fargateProfiles', index, 'name'], message: `Fargate profile name "${profile.name}" is used twice (fargateProfiles[${earlier}]); names must be unique` });
    else profileNames.set(profile.name, index);
  });
  return problems;
}

/** Graviton families carry a "g" right after the generation digit: m7g, c7gn, r8gd, t4g, g5g. */
const GRAVITON = /^[a-z]+\d+g[a-z]*\./;
const ARM_AMI_TYPES: readonly string[] = [AMI_TYPES.al2023.arm64, AMI_TYPES.al2023.nvidiaArm64, AMI_TYPES.bottlerocket.arm64, AMI_TYPES.bottlerocket.fipsArm64, AMI_TYPES.bottlerocket.nvidiaArm64];

function checkNodeGroup(group: NodeGroupOptions, path: (string | number)[], problems: EksProblem[]): void {
  if (group.minSize > group.maxSize) problems.push({ path: [...path, 'minSize'], message: `minSize ${group.minSize} is above maxSize ${group.maxSize}` });
  else if (group.desiredSize < group.minSize || group.desiredSize > group.maxSize) {
    problems.push({ path: [...path, 'desiredSize'], message: `desiredSize ${group.desiredSize} is outside minSize..maxSize (${group.minSize}..${group.maxSize})` });
  }
  const armImage = ARM_AMI_TYPES.includes(group.amiType);
  group.instanceTypes.forEach((type, index) => {
    const armInstance = GRAVITON.test(type);
    if (armInstance !== armImage) {
      problems.push({
        path: [...path, 'instanceTypes', index],
        message: `"${type}" is ${armInstance ? 'an arm64 (Graviton)' : 'an x86_64'} instance type but amiType "${group.amiType}" is ${armImage ? 'arm64' : 'x86_64'}; use one architecture per node group`,
      });
    }
  });
}
