/** docs/day-two.md: the matrix as one table per module, with a summary and the inherent replacements. */
import type { ModuleRegistry } from '../../modules';
import { REPLACEMENT_SOURCE } from '../../verify/diff';
import { OUTCOME_MEANING, OUTCOMES, type MatrixRow, type Outcome } from './matrix';

export const DOC_PATH = 'docs/day-two.md';

export interface Explanation {
  /** The replacement cannot be avoided: AWS (or Kubernetes) cannot change the thing in place. */
  readonly inherent?: boolean;
  /** Why the row comes out as it does, and what to do. */
  readonly note: string;
}

/**
 * What the table alone would leave a reader asking, by input (`<module>.<path>`): why a
 * replacement is inherent and what to do instead, or what an outcome hides (a Helm release updated
 * "in place" that deletes objects inside the cluster).
 */
export const EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  'vpc.name': { inherent: true, note: 'The flow-log group is named `/aws/vpc/flow-logs/<name>`, and CloudWatch Logs cannot rename a log group: a new name is a new, empty group (the old one and its events are deleted). Its role (with its policy) and the endpoint security group are replaced create-before-destroy; the flow log is replaced, a few seconds unlogged. Keep vpc.name once the VPC exists, or export the logs first and accept the log group by name.' },
  'vpc.cidr': { inherent: true, note: "A VPC's primary CIDR cannot change: everything in it is rebuilt. Keep it; more addresses come from a secondary CIDR (not managed here), or from a new environment." },
  'vpc.azCount': { inherent: true, note: 'Subnets are laid out in order from the VPC CIDR, so fewer (or more) zones move the later groups. Pin each group with `cidrs:` (its current ranges) first; removing a zone still deletes its subnets, NAT gateway and Elastic IP.' },
  'vpc.availabilityZones': { inherent: true, note: "A subnet's zone cannot change. Writing out the zones the region already gave (in the same order) changes nothing in AWS, but the synthesized value goes from the data source to a literal, which the guard cannot compare: accept it only after checking the zones with `aws ec2 describe-availability-zones`." },
  'vpc.natGateways': { note: 'Fewer NAT gateways release their Elastic IPs: egress addresses partners may have allow-listed. The guard blocks it so that is decided, not discovered.' },
  'vpc.subnetGroups[].name': { inherent: true, note: "A group's name is its subnets' identity (construct id and Name tag): renaming makes new subnets with the same ranges, which cannot be created while the old ones hold the nodes' network interfaces. Keep the name." },
  'vpc.subnetGroups[].prefixLength': { inherent: true, note: "A subnet's CIDR cannot change, and later groups are laid out after this one. Pin every existing group's current ranges with `cidrs:` before changing the layout; add new groups at the end." },
  'vpc.subnetGroups[].cidrs': { note: 'Pinning a group to the ranges it already has changes nothing: the fix the guard suggests for layout changes.' },
  'vpc.flowLogs.kmsKeyArn': { note: "Moving the log group to your key deletes the dedicated one after its 30-day window, and CloudWatch Logs needs the old key to read events written before: keep the old key until they expire (or accept it by name)." },
  'vpc.flowLogs.trafficType': { note: 'Flow logs cannot be modified, so the flow log is replaced, destroy first (AWS refuses a second flow log with the same configuration and destination): a few seconds of traffic go unlogged. Its log group, with the events already written, is kept.' },
  'vpc.flowLogs.maxAggregationInterval': { note: 'Flow logs cannot be modified, so the flow log is replaced, destroy first (AWS refuses a second flow log with the same configuration and destination): a few seconds of traffic go unlogged. Its log group, with the events already written, is kept.' },
  'vpc.flowLogs.enabled': { note: 'Turning flow logs off deletes the log group (and its events), its key and its role: blocked so it is decided.' },
  'vpc.endpoints': { note: 'Removing the endpoints block turns the interface endpoints off (the default is none): their security group goes with them.' },
  'vpc.clusters[].maxNodes': { note: 'A capacity check at synth: no resource carries it.' },
  'vpc.clusters[].podsPerNode': { note: 'A capacity check at synth: no resource carries it.' },
  'eks.clusterCreatorAdmin': { note: 'Read only when the cluster is created (lifecycle ignore_changes): the provider would replace the cluster for it.' },
  'eks.secretsKmsKeyArn': { inherent: true, note: "EKS cannot change the key that encrypts a cluster's secrets, and deleting the dedicated key would leave them unreadable. Keep secretsKmsKeyArn as the cluster was created; another key means another cluster." },
  'eks.logKmsKeyArn': { note: 'CloudWatch Logs needs the old key to read events written before the change: keep the dedicated key until they expire (or accept it by name).' },
  'eks.publicAccessCidrs': { note: 'Only read with endpointPublicAccess: true.' },
  'eks.allowPublicAccessFromAnywhere': { note: 'Only permits 0.0.0.0/0 in publicAccessCidrs; nothing carries it.' },
  'eks.systemNodeGroup.desiredSize': { note: 'Read only when the group is created (lifecycle ignore_changes): afterwards the autoscalers own it.' },
  'eks.nodeGroups[].desiredSize': { note: 'Read only when the group is created (lifecycle ignore_changes): afterwards the autoscalers own it.' },
  'eks.nodeGroups[].name': { inherent: true, note: "A node group's address and name prefix come from its name: another name is another group. Add the new group in one apply and remove the old one in the next, so the capacity is there before the old nodes drain." },
  'eks.fargateProfiles[].selectors': { inherent: true, note: 'Fargate profiles are immutable and their names unique, so the profile is replaced (destroy first): EKS deletes the pods it ran, and their controllers recreate them under the new profile.' },
  'eks.fargateProfiles[].selectors[].namespace': { inherent: true, note: 'As for selectors: the profile is replaced, its pods deleted and recreated.' },
  'eks.fargateProfiles[].selectors[].labels': { inherent: true, note: 'As for selectors: the profile is replaced, its pods deleted and recreated.' },
  'aws-efs-csi-driver.fileSystem': { note: 'Removing the block deletes the file system the module created, and its data: blocked.' },
  'aws-efs-csi-driver.fileSystem.performanceMode': { inherent: true, note: "EFS cannot change a file system's performance mode: a new file system is made. Create one beside it, copy the data (AWS DataSync), then switch." },
  'aws-efs-csi-driver.fileSystem.kmsKeyArn': { inherent: true, note: "EFS cannot change a file system's encryption key: a new file system is made. Create one beside it, copy the data (AWS DataSync), then switch." },
  'pod-identity.roles[].roleName': { inherent: true, note: 'IAM roles cannot be renamed, and roles are keyed by name (pod-identity 2.0.0): a new role and association are made, the old ones deleted. Anything outside this project that trusts the old ARN must follow.' },
  'pod-identity.roles[].namespace': { note: 'The association is replaced (it is keyed by namespace and service account); the role is kept.' },
  'pod-identity.roles[].serviceAccount': { note: 'The association is replaced (it is keyed by namespace and service account); the role is kept.' },
  'karpenter.namespace': { note: 'The controller release moves (Helm cannot move a release: it is uninstalled and installed again, and nodes keep running meanwhile). The CRD and NodePool releases hold only cluster-scoped objects and keep the namespace they were installed in (lifecycle ignore_changes): moving them would uninstall them, deleting every NodePool and so every Karpenter node.' },
  'eks.fargateProfiles[].name': { note: 'Another name is another profile: the old one is deleted (EKS deletes the pods it ran; their controllers recreate them under the new one).' },
  'coredns.autoScaling.minReplicas': { note: 'Only read when autoScaling.enabled (off in this environment: cluster-proportional-autoscaler scales CoreDNS).' },
  'coredns.autoScaling.maxReplicas': { note: 'Only read when autoScaling.enabled (off in this environment: cluster-proportional-autoscaler scales CoreDNS).' },
  'storage-classes.gp3.kmsKeyArn': { inherent: true, note: "A StorageClass's parameters are immutable, so the class is replaced: existing volumes keep their key, new ones get the new key." },
  'cert-manager.clusterIssuer': { note: 'Removing the block removes the ClusterIssuer and its DNS-01 role: blocked so it is decided.' },
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** An explanation for the row, from the table. */
function explanationOf(row: MatrixRow): Explanation | undefined {
  return EXPLANATIONS[`${row.module}.${row.path}`];
}

/** The notes column: why blocked (and the fix), why refused or skipped, and the explanation. */
function notesOf(row: MatrixRow): string {
  const explanation = explanationOf(row);
  const prefix = row.outcome === 'refused at synth' ? 'Refused: ' : '';
  const parts = [...row.notes.map((n) => `${prefix}${n}`), ...(explanation ? [`${explanation.inherent ? '**Inherent.** ' : ''}${explanation.note}`] : [])];
  return parts.join('<br>');
}

/** One table row, as the document has it. */
export function renderRow(row: MatrixRow): string {
  const change = row.change ? `\`${row.change.replace(/`/g, "'")}\`` : '';
  return `| \`${row.path}\` | ${cell(change)} | ${row.outcome} | ${cell(row.resources.join('<br>'))} | ${cell(notesOf(row))} |`;
}

/** Rows per outcome, in OUTCOMES order, outcomes with no row left out. */
export function countOutcomes(rows: readonly MatrixRow[]): [Outcome, number][] {
  return OUTCOMES.map((outcome) => [outcome, rows.filter((r) => r.outcome === outcome).length] as [Outcome, number]).filter(([, n]) => n > 0);
}

export function renderMatrix(rows: readonly MatrixRow[], registry: ModuleRegistry): string {
  const lines: string[] = [
    '<!-- Generated by `npm run day-two -- --write` (cli/day-two-matrix.ts); `npm run day-two -- --check` fails when it is stale. Do not edit by hand. -->',
    '# Day two: every module input, changed alone',
    '',
    'What the second `terraform apply` does when one input of one module changes on an environment that already exists. Every input the registry describes (top-level fields, the fields of nested blocks and of the first item of each list) is changed alone to a valid alternative on the shipped spec that has the module (`full` has them all). Both versions are synthesized in-process and compared as `npm run diff` compares them (verify/diff.ts), with the attributes that force replacement taken from the provider schemas (' +
      REPLACEMENT_SOURCE +
      ').',
    '',
    'Where the spec has no item in a list, one is added first and is the same on both sides (the change column says so). A value validation refuses is also an answer: nothing is applied, and the message says why.',
    '',
    '## Summary',
    '',
    '| Outcome | Inputs | What it means |',
    '| --- | ---: | --- |',
    ...countOutcomes(rows).map(([outcome, count]) => `| ${outcome} | ${count} | ${cell(OUTCOME_MEANING[outcome])} |`),
    `| total | ${rows.length} | |`,
    '',
    '## Inherent replacements',
    '',
    'Changes no module can make safe, because AWS or Kubernetes cannot change the thing in place. `npm run diff` blocks each one that touches state, with the reason and the fix; accept one by name (`--accept <address>`) only when it is meant.',
    '',
    ...rows
      .filter((row) => EXPLANATIONS[`${row.module}.${row.path}`]?.inherent)
      .map((row) => `- \`${row.module}.${row.path}\` (${row.outcome}): ${cell(EXPLANATIONS[`${row.module}.${row.path}`].note)}`),
    '',
    '## Modules',
  ];
  const modules = [...new Set(rows.map((r) => r.module))];
  for (const module of modules) {
    const moduleRows = rows.filter((r) => r.module === module);
    const version = registry.has(module) ? registry.get(module).version : '?';
    lines.push(
      '',
      `### ${module} ${version}`,
      '',
      `On \`${moduleRows[0].environment}\`.`,
      '',
      '| Input | Change tried | Outcome | Resources affected | Blocked because, refused because, notes |',
      '| --- | --- | --- | --- | --- |',
      ...moduleRows.map((row) => renderRow(row)),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `module.path` of every row the document lists (read back for the staleness test). */
export function documentedInputs(document: string): string[] {
  const out: string[] = [];
  let module: string | undefined;
  for (const line of document.split('\n')) {
    const heading = /^### (\S+) /.exec(line);
    if (heading) module = heading[1];
    const row = /^\| `([^`]+)` \|/.exec(line);
    if (row && module) out.push(`${module}.${row[1]}`);
  }
  return out;
}
