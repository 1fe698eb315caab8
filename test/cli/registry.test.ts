import { defaultRegistry } from '../../modules';
import { describeModule, listModules } from '../../cli/registry';

describe('npm run registry', () => {
  test('list shows every module with version, stack and description', () => {
    const lines = listModules(defaultRegistry).split('\n');
    expect(lines[0]).toMatch(/^MODULE\s+VERSION\s+STACK\s+DEPENDS ON\s+DESCRIPTION$/);
    expect(lines).toContainEqual(expect.stringMatching(/^vpc\s+1\.0\.0\s+network\s+-\s+Multi-AZ VPC/));
  });

  test('describe shows each input with its type, default and description', () => {
    const text = describeModule(defaultRegistry, 'vpc');
    expect(text).toContain('vpc 1.0.0 (network stack)');
    expect(text).toMatch(/^cidr\s+string\s+"10\.0\.0\.0\/16"\s+VPC IPv4 CIDR/m);
    expect(text).toMatch(/^natGateways\s+"none" \| "single" \| "one-per-az"\s+"one-per-az"/m);
    expect(text).toMatch(/^subnetGroups\[\]\.type\s+"private" \| "public" \| "intra"\s+\(required\)/m);
    expect(text).toMatch(/^flowLogs\.retentionDays\s+number\s+365/m);
    expect(text).toMatch(/^vpcId\s+VPC id$/m);
  });

  test('describe of an unknown module suggests the closest', () => {
    expect(() => describeModule(defaultRegistry, 'vcp')).toThrow('unknown module "vcp" (did you mean "vpc"?)');
  });
});
