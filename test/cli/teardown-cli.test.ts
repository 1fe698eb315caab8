import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../cli/program';
import { leftoverQueries, teardownCommand } from '../../cli/teardown';
import { runCli } from '../support/cli';

/**
 * A project root with the shipped specs, and stand-ins for `terraform` and `aws` on PATH that log
 * their arguments (no provider or AWS account is reachable here; the real CLIs run in CI and for users).
 */
let root: string;
let bin: string;
const log = () => (readFileSync(join(root, 'calls.log'), 'utf8').trim().split('\n').filter(Boolean));
function fake(name: string, script: string): void {
  writeFileSync(join(bin, name), `#!/usr/bin/env bash\necho "${name} $*" >> "${join(root, 'calls.log')}"\n${script}\n`, { mode: 0o755 });
}
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'teardown-'));
  bin = join(root, 'bin');
  mkdirSync(bin);
  cpSync(join('stacks', 'environments'), join(root, 'stacks', 'environments'), { recursive: true });
  writeFileSync(join(root, 'calls.log'), '');
  fake('terraform', 'exit 0');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const env = () => ({ PATH: `${bin}:/usr/bin:/bin`, CDKTF_OUTDIR: 'cdktf.out' });
const teardown = (argv: string[]) => runCli(teardownCommand(env(), root), argv, env());
const terraformCalls = () => log().filter((line) => line.startsWith('terraform -chdir')).map((line) => line.replace(`${root}/cdktf.out/stacks/`, '').replace(/ -input=false/g, ''));

describe('npm run teardown', () => {
  test('destroys platform, then cluster, then network; says plainly that the leftover check was skipped without the AWS CLI', async () => {
    const run = await teardown(['--env', 'dev', '--yes']);
    expect(run.code).toBe(EXIT.ok);
    expect(terraformCalls()).toEqual([
      'terraform -chdir=dev-platform init',
      'terraform -chdir=dev-platform destroy -auto-approve',
      'terraform -chdir=dev-cluster init',
      'terraform -chdir=dev-cluster destroy -auto-approve',
      'terraform -chdir=dev-network init',
      'terraform -chdir=dev-network destroy -auto-approve',
    ]);
    expect(run.stdout).toContain('teardown of dev: dev-platform → dev-cluster → dev-network\n');
    expect(run.stdout).toContain('skipped the check for leftover load balancers, ENIs, instances and volumes of dev: the AWS CLI is not on PATH.');
    expect(run.stdout.indexOf('skipped the check')).toBeLessThan(run.stdout.indexOf('destroying dev-network'));
  });

  test('without credentials: the check is skipped, said so, and the network still goes', async () => {
    fake('aws', 'exit 255');
    const run = await teardown(['--env', 'dev', '--yes']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toContain('skipped the check for leftover load balancers, ENIs, instances and volumes of dev: no AWS credentials (aws sts get-caller-identity failed).');
  });

  test('with credentials and a load balancer left by the controller: stops before the network and lists it', async () => {
    fake(
      'aws',
      `case "$*" in
  *get-caller-identity*) echo '{"Account":"123456789012"}' ;;
  *elbv2.k8s.aws/cluster*) echo '{"ResourceTagMappingList":[{"ResourceARN":"arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/k8s-web/abc"}]}' ;;
  *) echo '{"ResourceTagMappingList":[]}' ;;
esac`,
    );
    const run = await teardown(['--env', 'dev', '--yes']);
    expect(run.code).toBe(EXIT.problems);
    expect(terraformCalls()).not.toContain('terraform -chdir=dev-network destroy -auto-approve');
    expect(terraformCalls()).toContain('terraform -chdir=dev-cluster destroy -auto-approve');
    expect(run.stdout).toContain('still tagged for dev (the network destroy would stop on DependencyViolation):\n  arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/k8s-web/abc  (elbv2.k8s.aws/cluster=dev; made by the AWS Load Balancer Controller)\n');
    expect(log()).toContainEqual(expect.stringMatching(/^aws resourcegroupstaggingapi get-resources --tag-filters Key=kubernetes\.io\/cluster\/dev --resource-type-filters ec2:instance ec2:network-interface ec2:volume ec2:security-group elasticloadbalancing:loadbalancer --region eu-west-1 --output json$/));
  });

  test('a failed destroy stops there, naming the stack', async () => {
    fake('terraform', 'case "$*" in *dev-cluster*destroy*) exit 1 ;; *) exit 0 ;; esac');
    const run = await teardown(['--env', 'dev', '--yes']);
    expect(run.code).toBe(EXIT.problems);
    expect(run.stderr).toContain('terraform destroy of dev-cluster failed (exit 1); fix what it printed and run the command again');
    expect(terraformCalls().filter((c) => c.includes('dev-network'))).toEqual([]);
  });

  test('not on a terminal and without --yes: refuses, nothing destroyed', async () => {
    const run = await teardown(['--env', 'dev']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toBe('error: refusing to destroy dev without confirmation: not on a terminal, so pass --yes\n');
    expect(terraformCalls()).toEqual([]);
  });

  test('without terraform: a usage error saying what to install', async () => {
    rmSync(join(bin, 'terraform'));
    const run = await runCli(teardownCommand({ PATH: bin }, root), ['--env', 'dev', '--yes'], { PATH: bin });
    expect(run).toEqual({ code: EXIT.usage, stdout: '', stderr: 'error: terraform is not on PATH; install the version in .terraform-version (teardown runs `terraform destroy` per stack)\n' });
  });

  test('--help explains the order', async () => {
    const run = await teardown(['--help']);
    expect(run.stdout).toContain('Order:\n  1. <env>-platform: Helm releases first (NodePools before the Karpenter controller');
  });

  test('leftover queries cover what controllers tag: Kubernetes, the Load Balancer Controller, Karpenter and the VPC CNI', () => {
    expect(leftoverQueries('prod').map((q) => `${q.tag}${q.value ? `=${q.value}` : ''}`)).toEqual(['kubernetes.io/cluster/prod', 'elbv2.k8s.aws/cluster=prod', 'eks:eks-cluster-name=prod', 'cluster.k8s.amazonaws.com/name=prod']);
  });
});
