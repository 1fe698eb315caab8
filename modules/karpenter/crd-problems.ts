/**
 * The CRDs as the authority on the module's inputs: every document the module generates is validated
 * against the vendored Karpenter v1.14.1 CRDs (crd-validation.ts), and each violation becomes an
 * InputProblem at the input that produced the value (manifests.ts knows which), with the CRD's own
 * message, what was given and, for the fields users write, what is expected.
 *
 * It runs twice:
 * - in the input schema (`withCrdValidation`), before anything is built or written, on documents
 *   built from the inputs alone, with placeholders for the cluster name, node role and environment
 *   tags (valid by construction);
 * - in the build (`assertCrdValid`), on the EC2NodeClass the chart will hold, the one document with
 *   values only the build knows: the environment's tags (outside this module's inputs) can first be
 *   seen there; a problem is thrown as InputProblems, so the synth fails before writing anything.
 */
import type { z } from 'zod';
import { InputProblems, type InputProblem } from '../registry/errors';
import { crdViolations, describeViolation, type CrdKind, type CrdViolation } from './crd-validation';
import { ec2NodeClassSource, nodePoolSource, type InputPath, type NodeClassContext, type SourcedDocument } from './manifests';
import type { KarpenterInputs } from './props';

const LABEL_NAME = "at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

/** What a field expects, in the spec's words, for fields whose CRD check is a bare pattern; keyed by kind and path shape. */
const FIELD_HINTS: Readonly<Record<string, string>> = {
  'NodePool spec.template.spec.taints[].key': `a taint key is an optional DNS subdomain and "/" (such as "example.com/"), then ${LABEL_NAME}`,
  'NodePool spec.template.spec.taints[].value': `a taint value is ${LABEL_NAME}; leave value out for a taint without one`,
  'NodePool spec.template.metadata.labels.*': `a label value is empty or ${LABEL_NAME}`,
};

/** What to do about a CEL rule's violation, keyed by the rule's message. */
const RULE_HINTS: Readonly<Record<string, string>> = {
  "'schedule' must be set with 'duration'": 'a scheduled budget needs both (the schedule starts it, the duration ends it); give both, or neither for an always-active budget',
  'label domain "karpenter.sh" is restricted': 'of the karpenter.sh domain only karpenter.sh/capacity-type may be set; Karpenter sets the others itself',
  'label "karpenter.sh/nodepool" is restricted': 'Karpenter sets it to the NodePool\'s name itself',
  'label "kubernetes.io/hostname" is restricted': 'each node gets its own from the kubelet',
  'label domain "karpenter.k8s.aws" is restricted': 'only the well-known karpenter.k8s.aws labels (instance-family, instance-category, instance-size, ...) may be set',
  'tag contains a restricted tag matching eks:eks-cluster-name': 'Karpenter sets it itself to scope its IAM permissions',
  'tag contains a restricted tag matching kubernetes.io/cluster/': 'Karpenter sets it itself to scope its IAM permissions',
  'tag contains a restricted tag matching karpenter.sh/nodepool': 'Karpenter sets it itself to scope its IAM permissions',
  'tag contains a restricted tag matching karpenter.sh/nodeclaim': 'Karpenter sets it itself to scope its IAM permissions',
  'tag contains a restricted tag matching karpenter.k8s.aws/ec2nodeclass': 'Karpenter sets it itself to scope its IAM permissions',
};

/** `spec.template.spec.taints[].key`: list indexes as `[]`, map keys as `*` (where the CRD has a map). */
function shapeOf(kind: CrdKind, path: readonly (string | number)[]): string {
  let out = '';
  path.forEach((segment, index) => {
    if (typeof segment === 'number') out += '[]';
    else if (kind === 'NodePool' && index === 4 && path[2] === 'metadata' && path[3] === 'labels') out += '.*';
    else out += out ? `.${segment}` : segment;
  });
  return out;
}

function hintsFor(violation: CrdViolation, inputPath: InputPath, nodeTags: Readonly<Record<string, string>>): string[] {
  const hints = [violation.rule ? RULE_HINTS[violation.message] : FIELD_HINTS[`${violation.kind} ${shapeOf(violation.kind, violation.path)}`]];
  if (violation.kind === 'EC2NodeClass' && violation.path[1] === 'tags' && violation.path.length > 2 && inputPath.length === 0 && !Object.hasOwn(nodeTags, String(violation.path[2]))) {
    hints.push('the tag is one of the environment\'s (the spec\'s top-level tags:), which the module puts on everything Karpenter launches');
  }
  return hints.filter((hint): hint is string => hint !== undefined);
}

/** Each violation of the documents' CRDs, at the input that produced it. */
export function crdProblems(documents: readonly SourcedDocument[], nodeTags: Readonly<Record<string, string>> = {}): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const { document, inputPath } of documents) {
    for (const violation of crdViolations(document)) {
      const path = inputPath(violation.path);
      problems.push({ path, message: [describeViolation(violation), ...hintsFor(violation, path, nodeTags)].join('; ') });
    }
  }
  return problems;
}

/** Throws InputProblems when a document the module is about to install would be refused. */
export function assertCrdValid(documents: readonly SourcedDocument[], nodeTags: Readonly<Record<string, string>>): void {
  const problems = crdProblems(documents, nodeTags);
  if (problems.length) throw new InputProblems(problems);
}

/**
 * Stand-ins for what only the build knows, while validating the inputs: a DNS label for the cluster
 * name (what the eks module allows), a role name and no environment tags. The build validates the
 * EC2NodeClass again with the real ones.
 */
const PLACEHOLDERS: NodeClassContext = { clusterName: 'cluster', nodeRoleName: 'cluster-karpenter-node', environmentTags: {} };

function overlaps(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * Adds the CRD check to the input schema. It runs even when a field failed, so every problem is
 * reported in one pass; a CRD problem at (or above, or below) a field already reported is dropped,
 * since that field's message names the cause, and a document a failed field keeps from being built
 * is skipped.
 */
export function withCrdValidation<Schema extends z.ZodType<KarpenterInputs, unknown>>(schema: Schema): Schema {
  return schema.superRefine(
    (inputs, ctx) => {
      const reported = ctx.issues.map((issue) => issue.path ?? []);
      // A problem with the module as a whole (an unknown key) explains no field's CRD problem.
      const fields = reported.filter((path) => path.length > 0);
      const documents: SourcedDocument[] = [];
      const attempt = (make: () => SourcedDocument) => {
        try {
          documents.push(make());
        } catch (error) {
          if (reported.length === 0) throw error;
        }
      };
      attempt(() => ec2NodeClassSource(inputs, PLACEHOLDERS));
      if (Array.isArray(inputs.nodePools)) inputs.nodePools.forEach((pool, index) => attempt(() => nodePoolSource(pool, index)));
      for (const problem of crdProblems(documents, inputs.nodeTags ?? {})) {
        if (fields.some((path) => overlaps(path, problem.path))) continue;
        ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message, input: undefined });
      }
    },
    { when: () => true },
  ) as unknown as Schema;
}
