// Chart defaults are read at synth from the JSON copies schema-codegen.js keeps of each vendored
// values.yaml (parsing YAML was ~95 ms for cilium's alone). They must be exactly what the YAML says,
// and a values.yaml refreshed without regenerating must still be read as it is now.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { chartDefaults, chartFacts } from '../../../modules/addons/catalogue/charts';

const CHARTS = join(__dirname, '../../../modules/addons/upstream/charts');
const charts = readdirSync(CHARTS, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

test('there are vendored charts', () => {
  expect(charts.length).toBeGreaterThanOrEqual(10);
});

test.each(charts)('%s: the defaults a synth reads are its values.yaml, parsed as YAML', (dir) => {
  expect(chartFacts(dir).values).toEqual(parse(readFileSync(join(CHARTS, dir, 'values.yaml'), 'utf8')) ?? {});
});

test('a values.yaml that differs from the one the JSON copy was made from is parsed itself', () => {
  const yaml = readFileSync(join(CHARTS, 'metrics-server', 'values.yaml'), 'utf8');
  expect(chartDefaults('metrics-server', `${yaml}\naddedAfterCodegen: true\n`)).toEqual({ ...parse(yaml), addedAfterCodegen: true });
  expect(chartDefaults('no-such-chart', 'a: 1\n')).toEqual({ a: 1 });
});
