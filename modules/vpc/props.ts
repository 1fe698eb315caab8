import { z } from 'zod';
import { distinctItems, dnsLabel, ipv4Cidr, kmsKeyArn, logRetentionDays } from '../shared/schema';

/**
 * Interface endpoints a private cluster without NAT needs: images (ECR api + dkr), credentials (STS;
 * EKS Auth for the Pod Identity agent, per pod-id-agent-setup.html), ENIs (EC2), interruption events
 * (SQS), logs, and the EKS API for nodes joining.
 */
export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'sts', 'ec2', 'sqs', 'logs', 'eks', 'eks-auth'] as const;

export const SUBNET_TYPES = ['private', 'public', 'intra'] as const;
export type SubnetType = (typeof SUBNET_TYPES)[number];

/** Default prefix length per subnet type when a group gives neither `prefixLength` nor `cidrs`. */
export const DEFAULT_PREFIX_LENGTH: Record<SubnetType, number> = { private: 19, public: 24, intra: 24 };

const subnetGroup = z
  .strictObject({
    name: dnsLabel.describe('Group name; subnets are named <vpc>-<group>-<az>.'),
    type: z.enum(SUBNET_TYPES).describe('public: routes to the internet gateway; private: egress through NAT; intra: no internet route (control-plane ENIs, databases).'),
    prefixLength: z.number().int().min(16).max(28).optional().describe('Size of each subnet. @default 19 for private, 24 for public and intra'),
    cidrs: z.array(ipv4Cidr).optional().describe('Explicit subnet CIDRs, one per availability zone; pins the subnets whatever the other groups do. @default computed from the VPC CIDR'),
  })
  .describe('A set of subnets of one type, one per availability zone.');
export type SubnetGroupInput = z.output<typeof subnetGroup>;

const servedCluster = z.strictObject({
  name: z.string().min(1).max(100).optional().describe('EKS cluster name the tags refer to. @default the environment name (the eks module\'s default cluster name)'),
  subnetGroups: z.array(z.string()).min(1).optional().describe('Groups this cluster places load balancers and nodes in. @default every public and private group'),
  karpenterDiscovery: z.boolean().default(true).describe('Tag the cluster\'s private groups karpenter.sh/discovery=<name>. @default true'),
  maxNodes: z.number().int().positive().optional().describe('Most nodes the cluster will run; with podsPerNode, checked against the private subnets\' free addresses. @default no check'),
  podsPerNode: z.number().int().positive().max(737).default(110).describe('Pods per node (each takes a VPC address with the VPC CNI). @default 110'),
});
export type ServedClusterInput = z.output<typeof servedCluster>;

export const vpcInputs = z.strictObject({
  name: dnsLabel.optional().describe('Name tag prefix. @default the environment name'),
  cidr: ipv4Cidr.default('10.0.0.0/16').describe('VPC IPv4 CIDR, /16 to /28 (AWS limits). @default "10.0.0.0/16"'),
  azCount: z
    .number()
    .int()
    .min(2, { error: (issue) => `expected at least 2 availability zones (EKS requires subnets in two or more AZs), got ${JSON.stringify(issue.input)}` })
    .max(6)
    .default(3)
    .describe('Availability zones to spread every subnet group over. @default 3'),
  availabilityZones: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, { error: (issue) => `expected an availability zone name like "eu-west-1a", got ${JSON.stringify(issue.input)}` })).optional().describe('Explicit AZ names, azCount of them. @default the first azCount zones the region reports as available'),
  natGateways: z.enum(['none', 'single', 'one-per-az']).default('one-per-az').describe('NAT gateways for private egress: one per AZ survives an AZ outage; single is cheaper. @default "one-per-az"'),
  subnetGroups: z
    .array(subnetGroup)
    .min(1)
    .default([
      { name: 'private', type: 'private' },
      { name: 'public', type: 'public' },
    ])
    .describe('Subnet groups, allocated in this order from the start of the VPC CIDR. @default a private /19 and a public /24 group'),
  clusters: z.array(servedCluster).optional().describe('EKS clusters this VPC serves; each gets its role and discovery tags on its groups. @default one cluster named after the environment, on every public and private group'),
  flowLogs: z
    .strictObject({
      enabled: z.boolean().default(true).describe('@default true'),
      retentionDays: logRetentionDays.default(365).describe('@default 365'),
      trafficType: z.enum(['ALL', 'ACCEPT', 'REJECT']).default('ALL').describe('@default "ALL"'),
      maxAggregationInterval: z.union([z.literal(60), z.literal(600)]).default(600).describe('Seconds per flow record window. @default 600'),
      kmsKeyArn: kmsKeyArn.optional().describe('Encrypt the log group with this key. @default a dedicated key with rotation'),
    })
    .default({ enabled: true, retentionDays: 365, trafficType: 'ALL', maxAggregationInterval: 600 })
    .describe('VPC flow logs to CloudWatch Logs. @default on, ALL traffic, 365 days, KMS-encrypted'),
  endpoints: z
    .strictObject({
      s3Gateway: z.boolean().default(true).describe('S3 gateway endpoint on private and intra route tables (free). @default true'),
      interface: distinctItems(z.enum(INTERFACE_ENDPOINT_SERVICES)).default([]).describe('Interface endpoints in the private subnets, for clusters without NAT egress. @default none'),
    })
    .default({ s3Gateway: true, interface: [] })
    .describe('VPC endpoints. @default S3 gateway only'),
});

export type VpcInputs = z.output<typeof vpcInputs>;
