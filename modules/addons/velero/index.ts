import { z } from 'zod';
import { defineHelmAddon, helmAddonShape } from '../catalogue/define';
import { podIdentityAddonShape } from '../inputs';
import { resources, resourceValues } from '../catalogue/shared-inputs';

/**
 * The AWS object-store and snapshot plugin for Velero 1.18 (chart 12.1.0's appVersion): plugin
 * v1.14.x pairs with Velero 1.18 (velero docs "Upgrade to 1.18"; velero-plugin-for-aws compatibility
 * table). An init container copies it into the server's plugins folder.
 */
export const VELERO_AWS_PLUGIN_IMAGE = 'velero/velero-plugin-for-aws:v1.14.0';

export const veleroInputs = z.strictObject({
  ...helmAddonShape,
  ...podIdentityAddonShape,
  bucketName: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: (issue) => `expected an existing S3 bucket name for the backups, got ${JSON.stringify(issue.input)}` }).describe('Existing S3 bucket the backups go to (its IAM policy names exactly this bucket).'),
  prefix: z.string().regex(/^[\w./-]*$/).optional().describe('Key prefix of the backups in the bucket. @default none (the bucket root)'),
  ebsSnapshots: z.boolean().default(true).describe('Back up EBS-backed volumes as EBS snapshots (VolumeSnapshotLocation and the EC2 snapshot permissions). @default true'),
  kmsKeyArns: z.array(z.string()).default([]).describe('KMS keys the bucket or the snapshots are encrypted with. @default none'),
  resources: resources('100m', '256Mi'),
});

/**
 * Velero (chart velero): cluster backups to a named S3 bucket and EBS snapshots, with the AWS plugin
 * and its IAM through Pod Identity (no credentials secret: credentials.useSecret false).
 */
export const veleroModule = defineHelmAddon({
  name: 'velero',
  version: '1.0.0',
  description: 'Velero backups to a named S3 bucket (and EBS snapshots), AWS plugin, IAM through Pod Identity',
  chart: 'velero',
  namespace: 'velero',
  serviceAccount: 'velero-server',
  podIdentity: { policy: 'velero', options: (inputs) => ({ bucketName: inputs.bucketName, ebsSnapshots: inputs.ebsSnapshots, ...(inputs.kmsKeyArns.length ? { kmsKeyArns: inputs.kmsKeyArns } : {}) }) },
  placement: 'system',
  inputs: veleroInputs,
  provides: ['backups and snapshots'],
  values: (inputs, { environment }) => ({
    initContainers: [{ name: 'velero-plugin-for-aws', image: VELERO_AWS_PLUGIN_IMAGE, imagePullPolicy: 'IfNotPresent', volumeMounts: [{ mountPath: '/target', name: 'plugins' }] }],
    credentials: { useSecret: false },
    snapshotsEnabled: inputs.ebsSnapshots,
    configuration: {
      backupStorageLocation: [{ name: 'default', provider: 'aws', bucket: inputs.bucketName, ...(inputs.prefix ? { prefix: inputs.prefix } : {}), default: true, config: { region: environment.region } }],
      volumeSnapshotLocation: inputs.ebsSnapshots ? [{ name: 'default', provider: 'aws', config: { region: environment.region } }] : [],
    },
    resources: resourceValues(inputs.resources),
  }),
});
