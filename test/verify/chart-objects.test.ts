import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localChartObjects, removedObjects, type ReleaseObjects } from '../../verify/chart-objects';
import { diffOutputs } from '../../verify/diff';
import type { TerraformJson } from '../../verify/terraform-json';

let outdir: string;
beforeEach(() => {
  outdir = mkdtempSync(join(tmpdir(), 'chart-objects-'));
});
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

/** A stack folder with a local chart whose manifests/ holds `files`, and a release pointing at it. */
function stackWithChart(files: Record<string, string>): Record<string, TerraformJson> {
  const chart = join(outdir, 'stacks', 'p', 'assets', 'chart', 'abc');
  mkdirSync(join(chart, 'manifests'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(chart, 'manifests', name), text);
  return {
    p: {
      resource: {
        helm_release: {
          pools: { name: 'pools', chart: 'assets/chart/abc' },
          remote: { name: 'remote', chart: 'karpenter', repository: 'oci://public.ecr.aws/karpenter' },
        },
      },
    } as TerraformJson,
  };
}

describe('objects of generated charts', () => {
  test('read from the manifests of releases whose chart is a folder of the stack; charts from a repository are not read', () => {
    const stacks = stackWithChart({
      '00-ec2nodeclass-default.yaml': 'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: default\n',
      '01-two.yaml': 'kind: NodePool\nmetadata: { name: a }\n---\nkind: ClusterSecretStore\nmetadata: { name: aws, namespace: ops }\n',
      'notes.txt': 'not a manifest',
    });
    expect(localChartObjects(outdir, stacks)).toEqual({
      p: {
        'helm_release.pools': [
          { kind: 'EC2NodeClass', name: 'default' },
          { kind: 'NodePool', name: 'a' },
          { kind: 'ClusterSecretStore', name: 'aws', namespace: 'ops' },
        ],
      },
    });
  });

  const base: ReleaseObjects = { p: { 'helm_release.pools': [{ kind: 'NodePool', name: 'a' }, { kind: 'EC2NodeClass', name: 'default' }], 'helm_release.issuer': [{ kind: 'ClusterIssuer', name: 'letsencrypt' }] } };

  test('an object the release no longer renders is a deletion with what it does in the cluster; one still rendered is not', () => {
    const now: ReleaseObjects = { p: { 'helm_release.pools': [{ kind: 'NodePool', name: 'b' }, { kind: 'EC2NodeClass', name: 'default' }], 'helm_release.issuer': [{ kind: 'ClusterIssuer', name: 'letsencrypt' }] } };
    expect(removedObjects(base, now)).toEqual([
      expect.objectContaining({
        stack: 'p',
        address: 'helm_release.pools',
        object: { kind: 'NodePool', name: 'a' },
        reason: expect.stringMatching(/^deletes NodePool a in the cluster \(.*\): Karpenter drains and terminates every node the NodePool launched/),
      }),
    ]);
  });

  test('a release that is gone deletes every object it rendered, and says so', () => {
    expect(removedObjects(base, { p: { 'helm_release.pools': base.p['helm_release.pools'] } }).map((r) => r.reason.split(': ')[0])).toEqual([
      'deletes ClusterIssuer letsencrypt in the cluster (the release is removed, and Helm uninstalls what it installed)',
    ]);
  });

  test('a release kept at a new address by a moved block is compared there: nothing is deleted', () => {
    const now: ReleaseObjects = { p: { 'helm_release.pools-v2': base.p['helm_release.pools'], 'helm_release.issuer': base.p['helm_release.issuer'] } };
    expect(removedObjects(base, now)).toHaveLength(2);
    expect(removedObjects(base, now, { p: new Map([['helm_release.pools', 'helm_release.pools-v2']]) })).toEqual([]);
  });

  test('the diff blocks such a deletion unless the release address is accepted', () => {
    const stacks = { p: { resource: { helm_release: { pools: { name: 'pools', chart: 'assets/x' } } } } as TerraformJson };
    const now: ReleaseObjects = { p: { 'helm_release.pools': [{ kind: 'EC2NodeClass', name: 'default' }] } };
    const blocked = diffOutputs(stacks, stacks, { charts: { base, now } }).blocked;
    expect(blocked.map((b) => [b.address, b.accepted])).toEqual([
      ['helm_release.pools', false],
      ['helm_release.issuer', false],
    ]);
    expect(diffOutputs(stacks, stacks, { charts: { base, now }, accept: ['p/helm_release.*'] }).blocked.every((b) => b.accepted)).toBe(true);
  });
});
