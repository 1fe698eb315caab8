export * from './errors';
export * from './module';
export * from './registry';
export { toSpecIssues } from './zod-issues';
export { closest, didYouMean } from './suggest';
export { describeInputs, inputJsonSchema, type InputDescription } from './describe';
