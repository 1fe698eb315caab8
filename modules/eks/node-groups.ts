import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { boundedName, LAUNCH_TEMPLATE_NAME_MAX, NAME_PREFIX_SUFFIX, NODE_GROUP_NAME_MAX } from './naming';
import type { NodeGroupOptions } from './props';

export interface ManagedNodeGroupProps {
  readonly clusterName: string;
  /** The cluster's `name` and `version` attributes: references, so the group waits for the cluster and follows its upgrades. */
  readonly clusterNameRef: string;
  readonly clusterVersionRef: string;
  readonly groupName: string;
  readonly options: NodeGroupOptions;
  readonly nodeRoleArn: string;
  readonly subnetIds: string[];
  /** Our node group plus the EKS cluster security group (a launch template's groups replace, not add to, EKS's default). */
  readonly securityGroupIds: string[];
  /** The node role's policy attachments: nodes need them to join, and must be gone before they are detached. */
  readonly dependsOn: readonly ITerraformDependable[];
  /** Tags for the instances, volumes and ENIs the launch template starts (default_tags do not reach them). */
  readonly instanceTags: Readonly<Record<string, string>>;
}

/**
 * Bottlerocket boots from a small OS volume (/dev/xvda) and keeps images and pods on a data volume
 * (/dev/xvdb), so the size we set belongs on xvdb; AL2023 has one root volume (/dev/xvda).
 * https://github.com/bottlerocket-os/bottlerocket/blob/develop/QUICKSTART-EKS.md
 */
export function dataDeviceName(amiType: string): string {
  return amiType.startsWith('BOTTLEROCKET') ? '/dev/xvdb' : '/dev/xvda';
}

/**
 * A managed node group with its own launch template: IMDSv2 only, encrypted gp3, no SSH key (there
 * is deliberately no input for one; use Session Manager), tags on instances, volumes and ENIs.
 *
 * Day two: instance types, capacity type, AMI type, disk size and subnets force a new node group
 * (provider schema). Both the group and its launch template are named by prefix and created before
 * the old ones are destroyed, so such a change is a rolling replacement (new nodes join, then the
 * old group drains), never every node at once; with fixed names the new one could not be created
 * while the old one exists.
 */
export class ManagedNodeGroup extends Construct {
  readonly launchTemplate: LaunchTemplate;
  readonly nodeGroup: EksNodeGroup;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const { options } = props;
    const name = boundedName(props.clusterName, props.groupName, LAUNCH_TEMPLATE_NAME_MAX - NAME_PREFIX_SUFFIX - 1);
    const nameTags = { ...props.instanceTags, Name: name };

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      namePrefix: `${name}-`,
      description: `Nodes of the ${props.groupName} node group of EKS cluster ${props.clusterName}`,
      updateDefaultVersion: true,
      vpcSecurityGroupIds: props.securityGroupIds,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        // 1: a pod's packets to IMDS die one hop early, so only host-network pods (the node's own
        // agents) can read the node role's credentials; workloads use Pod Identity.
        httpPutResponseHopLimit: options.imdsHopLimit,
      },
      blockDeviceMappings: [
        { deviceName: dataDeviceName(options.amiType), ebs: { volumeSize: options.diskSizeGib, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' } },
      ],
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags: nameTags })),
      lifecycle: { createBeforeDestroy: true },
    });

    this.nodeGroup = new EksNodeGroup(this, 'node-group', {
      clusterName: props.clusterNameRef,
      nodeGroupNamePrefix: `${props.groupName.slice(0, NODE_GROUP_NAME_MAX - NAME_PREFIX_SUFFIX - 1)}-`,
      version: props.clusterVersionRef,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: props.subnetIds,
      amiType: options.amiType,
      capacityType: options.capacityType,
      instanceTypes: options.instanceTypes,
      scalingConfig: { minSize: options.minSize, maxSize: options.maxSize, desiredSize: options.desiredSize },
      updateConfig: { maxUnavailablePercentage: 33 },
      labels: options.labels,
      taint: options.taints.length ? options.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })) : undefined,
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      // Autoscalers own the node count after creation; a replacement is rolling (see above).
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'], createBeforeDestroy: true },
      dependsOn: [...props.dependsOn],
    });
  }
}
