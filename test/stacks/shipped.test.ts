import { listEnvironments, loadEnvironment } from '../../stacks/load';
import { checkStack } from '../../verify/rules';
import { synthParsed } from '../support/synth';

describe.each(listEnvironments())('shipped environment %s', (name) => {
  const { stacks, warnings } = synthParsed(loadEnvironment(name));

  test('synthesizes network and cluster stacks, warning-free', () => {
    expect(Object.keys(stacks)).toEqual(expect.arrayContaining(['network', 'cluster']));
    expect(warnings).toEqual([]);
  });

  test('passes every policy rule with no waiver', () => {
    for (const tf of Object.values(stacks)) expect(checkStack(tf!)).toEqual([]);
  });

  test('the cluster stack reads the VPC through remote state, never by a hard-coded id', () => {
    expect(stacks.cluster).toHaveDataSourceMatching('terraform_remote_state', {});
    expect(JSON.stringify(stacks.cluster)).not.toMatch(/subnet-[0-9a-f]{8,}|vpc-[0-9a-f]{8,}/);
  });
});
