// What the CRD rule evaluator uses of @bufbuild/cel, imported (not required) so that esbuild bundles
// the packages' ES module builds, which declare no side effects, and leaves out what is never used:
// loading the CommonJS builds whole (every protobuf well-known type, the parser, the RE2 port) was
// ~30 ms of each synth with Karpenter. crd-validation.ts requires this file on the first rule it
// evaluates, so environments without Karpenter never load CEL.
export { CelScalar, celEnv, celMethod, isCelError, parse, plan } from '@bufbuild/cel';
export { strings } from '@bufbuild/cel/ext';
