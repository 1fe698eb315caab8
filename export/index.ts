/**
 * Export: synthesized stacks → plain Terraform directories an ops team can run without Node, and
 * back (so `npm run check` / `npm run validate` can judge an export as they judge cdktf.out).
 * Like verify/, it reads Terraform JSON only and knows no module of this project.
 */
export { EXPORT_FORMATS, ExportError, ExportTargetError, assertReplaceable, exportSynthesized, remoteReads, type ExportFormat, type ExportOptions, type ExportResult } from './export';
export { EXPORT_MANIFEST, ExportReadError, exportedStackNames, fromHclJson, isExportedDirectory, readExportedStack, readExportedStacks, type ExportManifest } from './read';
export { renderStack, jsonDocument, type RenderOptions, type RenderedStack } from './render';
export { evaluateJsonencode } from './expression';
export { bindingShapes, NESTED_ATTRIBUTE_PROVIDERS, type Shape, type Shapes, type BodyShape } from './shapes';
export { firstDifference, withoutMetadata } from './compare';
