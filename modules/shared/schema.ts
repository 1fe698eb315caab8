import { z } from 'zod';
import { cidrProblem } from './cidr';

/** A network CIDR: valid dotted quad, prefix ≤ 32, no host bits set. */
export const ipv4Cidr = z.string().check((ctx) => {
  const problem = cidrProblem(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

/**
 * A list whose items must differ: each item becomes a resource keyed by its value, so a repeat would
 * be two resources with one name. Reported at the repeat, naming the first.
 */
export function distinctItems<Item extends z.ZodType>(item: Item) {
  return z.array(item).check((ctx) => {
    const seen = new Map<string, number>();
    ctx.value.forEach((value, index) => {
      const key = JSON.stringify(value);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else ctx.issues.push({ code: 'custom', path: [index], message: `${key} is listed twice (also at [${first}]); list each once`, input: value });
    });
  });
}

/**
 * Retention periods CloudWatch Logs accepts (PutRetentionPolicy). "Never expire" is left out on
 * purpose: logs kept forever are a cost and compliance problem nobody chose.
 */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const logRetentionDays = z.number().check((ctx) => {
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(ctx.value)) {
    ctx.issues.push({ code: 'custom', message: `expected a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(', ')} days), got ${JSON.stringify(ctx.value)}`, input: ctx.value });
  }
});

/** A KMS key ARN given by the user instead of one we create. */
export const kmsKeyArn = z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/, { error: (issue) => `expected a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), got ${JSON.stringify(issue.input)}` });

/**
 * A key an IAM policy grants: a key ARN, not an alias (a policy's Resource matches keys by key ARN, so
 * an alias ARN would be granted nothing). The policy functions' options check the same with KMS_KEY_ARN
 * (pod-identity/policies/policy-options.ts).
 */
export const grantableKmsKeyArn = kmsKeyArn.refine((arn) => /:key\/[^/]+$/.test(arn), { error: (issue) => `expected a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), not an alias: IAM policies grant keys by key ARN, got ${JSON.stringify(issue.input)}` });

/** Name of a Kubernetes-facing or AWS resource part: lower-case letters, digits and dashes. */
export const dnsLabel = z.string().regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, { error: (issue) => `expected lower-case letters, digits and dashes, starting with a letter (at most 63), got ${JSON.stringify(issue.input)}` });
