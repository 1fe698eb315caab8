import { loadEnvironment } from '../../stacks/load';
import { placementFindings } from '../../verify/placement';
import type { TerraformJson } from '../../verify/terraform-json';
import { findingsOf } from '../../verify/waivers';
import { BASE_FIELDS, synthParsed, synthSpec } from '../support/synth';

const byName = (stacks: Partial<Record<string, TerraformJson>>, env: string): Record<string, TerraformJson> =>
  Object.fromEntries(Object.entries(stacks).map(([tier, tf]) => [`${env}-${tier}`, tf!]));

describe('NODE001: nodes only in private subnets, followed across stacks', () => {
  test('the shipped dev environment has none in public subnets', () => {
    expect(placementFindings(byName(synthParsed(loadEnvironment('dev')).stacks, 'dev'))).toEqual([]);
  });

  test('a node group whose subnets (in the network stack) route to an internet gateway is a finding', () => {
    const { stacks } = synthSpec({ ...BASE_FIELDS, vpc: {}, eks: { admins: ['arn:aws:iam::123456789012:role/admin'] } }, 'qa');
    const all = byName(stacks, 'qa');
    // Re-point the private route tables' default route from the NAT gateway to the internet gateway.
    const network = all['qa-network'];
    const gateway = Object.keys(network.resource!.aws_internet_gateway)[0];
    for (const route of Object.values(network.resource!.aws_route)) {
      if (route.nat_gateway_id) {
        delete route.nat_gateway_id;
        route.gateway_id = `\${aws_internet_gateway.${gateway}.id}`;
      }
    }
    const findings = placementFindings(all);
    expect(findings.length).toBe(3); // the system node group, once per subnet
    expect(findings[0]).toEqual({
      stack: 'qa-cluster',
      rule: 'NODE001',
      address: expect.stringMatching(/^aws_eks_node_group\./),
      message: expect.stringMatching(/^runs in public subnet qa-network\/aws_subnet\.vpc_subnet-private-0_\w+ \(its route table routes to an internet gateway\); fix: place node groups/),
    });
    expect(findingsOf(all).map((f) => f.rule)).toContain('NODE001');
  });

  test('a subnet that maps public IPs on launch is public', () => {
    const tf: TerraformJson = {
      resource: {
        aws_subnet: { open: { map_public_ip_on_launch: true } },
        aws_eks_fargate_profile: { web: { subnet_ids: ['${aws_subnet.open.id}'] } },
      },
    };
    expect(placementFindings({ solo: tf }).map((f) => f.message)).toEqual([expect.stringContaining('(it maps public IPs on launch)')]);
  });
});
