/**
 * Where a generated chart keeps its objects, one YAML file each: written by local-chart.ts, read by
 * verify/chart-objects.ts. A file of its own so the reader does not load cdktf and the Helm binding.
 */
export const MANIFESTS_FOLDER = 'manifests';
