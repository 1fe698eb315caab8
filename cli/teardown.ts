// `npm run teardown -- --env NAME`: destroys an environment's stacks in reverse deploy order and,
// before the network goes, looks for what controllers left behind (load balancers, ENIs, instances,
// volumes): the usual cause of a `terraform destroy` stuck on DependencyViolation.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { defaultRegistry, PlatformError } from '../modules';
import { environmentOfStack } from '../stacks/builder';
import { loadEnvironment } from '../stacks/load';
import { synthEnvironments } from '../stacks/synth';
import { stackNamesIn } from '../verify/outdir';
import type { TerraformJson } from '../verify/terraform-json';
import { createCommand, EXIT, onRun, Option, UsageError } from './program';

interface TeardownOptions {
  env: string;
  outdir: string;
  yes?: boolean;
}

export const TEARDOWN_ORDER_HELP = `Order:
  1. <env>-platform: Helm releases first (NodePools before the Karpenter controller, so it
     drains and terminates its nodes; workloads before the controllers that made their load
     balancers and volumes), then the controllers' IAM roles and Pod Identity associations
  2. <env>-cluster: node groups, then the add-ons nodes need (VPC CNI, kube-proxy), then the
     cluster, its log group and keys
  3. a check for what is still tagged for the cluster (load balancers, ENIs, instances, EBS
     volumes, controller security groups): with AWS credentials and the AWS CLI it lists them
     and stops before the network; without, it says plainly that it skipped the check
  4. <env>-network: NAT gateways, subnets, the VPC
Each stack is \`terraform init\` + \`terraform destroy\` in cdktf.out/stacks/<stack>; a failed destroy
stops there, and running the command again continues where it stopped.`;

/** What AWS creates for a cluster outside Terraform, by the tags the controllers put on it. */
export function leftoverQueries(clusterName: string): { readonly tag: string; readonly value?: string; readonly types: readonly string[]; readonly whatMadeIt: string }[] {
  const types = ['ec2:instance', 'ec2:network-interface', 'ec2:volume', 'ec2:security-group', 'elasticloadbalancing:loadbalancer'];
  return [
    { tag: `kubernetes.io/cluster/${clusterName}`, types, whatMadeIt: 'Kubernetes controllers (in-tree and AWS Load Balancer Controller, EBS CSI driver, Karpenter nodes)' },
    { tag: 'elbv2.k8s.aws/cluster', value: clusterName, types, whatMadeIt: 'the AWS Load Balancer Controller' },
    { tag: 'eks:eks-cluster-name', value: clusterName, types, whatMadeIt: 'Karpenter or EKS' },
    { tag: 'cluster.k8s.amazonaws.com/name', value: clusterName, types, whatMadeIt: 'the VPC CNI (secondary ENIs)' },
  ];
}

export function teardownCommand(env: NodeJS.ProcessEnv = process.env, root = process.cwd()) {
  const command = createCommand({
    usageName: 'npm run teardown --',
    summary: "Destroys an environment's stacks in reverse deploy order, checking for resources its controllers left behind before the network goes.",
    details: TEARDOWN_ORDER_HELP,
    examples: [
      ['npm run teardown -- --env dev', 'asks for the environment name, then destroys dev'],
      ['npm run teardown -- --env dev --yes', 'no question (CI); the same order and checks'],
    ],
  })
    .addOption(new Option('-e, --env <name>', 'the environment to destroy').makeOptionMandatory())
    .addOption(new Option('-o, --outdir <dir>', 'synthesized output folder').default(env.CDKTF_OUTDIR ?? 'cdktf.out', env.CDKTF_OUTDIR ? '$CDKTF_OUTDIR' : 'cdktf.out'))
    .addOption(new Option('-y, --yes', 'do not ask for confirmation'));
  return onRun<TeardownOptions>(command, async (options) => {
    const spec = loadEnvironment(options.env, { root, registry: defaultRegistry });
    if (spawnSync('terraform', ['version'], { env, encoding: 'utf8' }).status !== 0) {
      throw new UsageError('terraform is not on PATH; install the version in .terraform-version (teardown runs `terraform destroy` per stack)');
    }
    // The destroy must match the spec as it is now: synthesize this environment first (others stay).
    await synthEnvironments([spec], join(root, options.outdir));
    const outdir = join(root, options.outdir);
    // The bootstrap stack (HCP Terraform workspaces) stays: deleting a workspace deletes its state.
    const stacks = stackNamesIn(outdir).filter((stack) => environmentOfStack(stack) === spec.name && !stack.endsWith('-bootstrap')).reverse();
    console.log(`teardown of ${spec.name}: ${stacks.join(' → ')}`);
    if (!options.yes) await confirm(spec.name);

    for (const stack of stacks) {
      const dir = join(outdir, 'stacks', stack);
      if (stack.endsWith('-network')) {
        const clusters = clusterNamesServed(stacks.map((name) => readStack(outdir, name)), readStack(outdir, stack));
        const leftovers = checkLeftovers(clusters, spec.region, env);
        if (leftovers !== 'skipped' && leftovers.length) {
          console.log(`still tagged for ${clusters.join(', ')} (the network destroy would stop on DependencyViolation):`);
          for (const line of leftovers) console.log(`  ${line}`);
          console.log(`delete them (or let their controllers finish), then run: npm run teardown -- --env ${spec.name}`);
          return EXIT.problems;
        }
      }
      console.log(`destroying ${stack}`);
      for (const args of [['init', '-input=false'], ['destroy', '-input=false', '-auto-approve']]) {
        const result = spawnSync('terraform', [`-chdir=${dir}`, ...args], { env, stdio: 'inherit' });
        if (result.status !== 0) throw new PlatformError(`terraform ${args[0]} of ${stack} failed (exit ${result.status ?? result.signal}); fix what it printed and run the command again: stacks already destroyed are skipped by Terraform`);
      }
    }
    console.log(`destroyed ${stacks.join(', ')}`);
    return EXIT.ok;
  });
}

function readStack(outdir: string, stack: string): TerraformJson {
  const file = join(outdir, 'stacks', stack, 'cdk.tf.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TerraformJson) : {};
}

/** Cluster names from the synthesized clusters; the VPC's subnet tags name them too. */
function clusterNamesServed(stacks: readonly TerraformJson[], network: TerraformJson): string[] {
  const names = new Set<string>();
  for (const tf of stacks) for (const body of Object.values(tf.resource?.aws_eks_cluster ?? {})) if (typeof body.name === 'string') names.add(body.name);
  for (const body of Object.values(network.resource?.aws_subnet ?? {})) {
    for (const key of Object.keys((body.tags as Record<string, string> | undefined) ?? {})) if (key.startsWith('kubernetes.io/cluster/')) names.add(key.slice('kubernetes.io/cluster/'.length));
  }
  return [...names].sort();
}

/**
 * Lists resources still tagged for the clusters, through the AWS CLI's Resource Groups Tagging API
 * call. Without the CLI or credentials, says so and returns 'skipped': a check that did not run is
 * never reported as passed.
 */
function checkLeftovers(clusters: readonly string[], region: string, env: NodeJS.ProcessEnv): string[] | 'skipped' {
  const aws = (args: string[]): SpawnSyncReturns<string> => spawnSync('aws', [...args, '--region', region, '--output', 'json'], { env, encoding: 'utf8' });
  const identity = aws(['sts', 'get-caller-identity']);
  if (identity.error || identity.status !== 0) {
    const why = identity.error ? 'the AWS CLI is not on PATH' : 'no AWS credentials (aws sts get-caller-identity failed)';
    console.log(`skipped the check for leftover load balancers, ENIs, instances and volumes of ${clusters.join(', ') || 'the cluster'}: ${why}. If the network destroy stops on DependencyViolation, look for them in the console (tags kubernetes.io/cluster/<name>, elbv2.k8s.aws/cluster).`);
    return 'skipped';
  }
  const found = new Set<string>();
  for (const cluster of clusters) {
    for (const query of leftoverQueries(cluster)) {
      const filter = query.value ? `Key=${query.tag},Values=${query.value}` : `Key=${query.tag}`;
      const result = aws(['resourcegroupstaggingapi', 'get-resources', '--tag-filters', filter, '--resource-type-filters', ...query.types]);
      if (result.status !== 0) throw new PlatformError(`aws resourcegroupstaggingapi get-resources failed: ${result.stderr.trim().split('\n').slice(-1)[0]}`);
      const arns = ((JSON.parse(result.stdout || '{}') as { ResourceTagMappingList?: { ResourceARN: string }[] }).ResourceTagMappingList ?? []).map((r) => r.ResourceARN);
      for (const arn of arns) found.add(`${arn}  (${query.tag}${query.value ? `=${query.value}` : ''}; made by ${query.whatMadeIt})`);
    }
  }
  console.log(found.size ? `found ${found.size} leftover resource(s)` : `no leftover resources tagged for ${clusters.join(', ')}`);
  return [...found].sort();
}

async function confirm(environment: string): Promise<void> {
  if (!process.stdin.isTTY) throw new UsageError(`refusing to destroy ${environment} without confirmation: not on a terminal, so pass --yes`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`type the environment name (${environment}) to destroy it: `);
    if (answer.trim() !== environment) throw new UsageError(`"${answer.trim()}" is not "${environment}"; nothing was destroyed`);
  } finally {
    prompt.close();
  }
}

