import { readFileSync } from 'node:fs';
import { defaultRegistry } from '../../modules';
import { CATALOGUE_END, CATALOGUE_START, generatedDocs, moduleFolder } from '../../cli/module-docs';
import { documentedCommands, helpEnd, helpStart } from '../../cli/readme-help';
import { registryCommand } from '../../cli/registry';
import { loadEnvironment } from '../../stacks/load';
import { synthParsed } from '../support/synth';

describe('generated documentation', () => {
  const commands = documentedCommands(() => registryCommand(defaultRegistry));
  const files = generatedDocs(defaultRegistry, Object.values(synthParsed(loadEnvironment('full')).stacks), process.cwd(), commands);

  test('every module has a README in its folder', () => {
    for (const name of defaultRegistry.names()) expect({ name, folder: moduleFolder(name) }).toEqual({ name, folder: expect.any(String) });
  });

  test.each([...files.keys()])('%s is up to date (npm run registry -- docs --write)', (path) => {
    expect(readFileSync(path, 'utf8')).toBe(files.get(path));
  });

  test('the README lists the whole add-on catalogue between its markers', () => {
    const readme = files.get('README.md')!;
    const section = readme.slice(readme.indexOf(CATALOGUE_START), readme.indexOf(CATALOGUE_END));
    for (const name of ['aws-load-balancer-controller', 'external-dns', 'cert-manager', 'metrics-server', 'external-secrets', 'aws-efs-csi-driver', 'amazon-cloudwatch-observability', 'cluster-proportional-autoscaler', 'cilium', 'falco', 'opencost', 'velero', 'vpc-cni', 'coredns']) {
      expect(section).toContain(`[\`${name}\`]`);
    }
  });

  test.each([...commands.keys()])('the README shows `npm run %s -- --help` between its markers', (name) => {
    const readme = files.get('README.md')!;
    expect({ name, start: readme.includes(helpStart(name)), end: readme.includes(helpEnd(name)) }).toEqual({ name, start: true, end: true });
  });
});
