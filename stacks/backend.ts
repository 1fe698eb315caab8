import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from 'cdktf';
import type { BackendSpec } from './spec';

/**
 * The oldest Terraform that can run a stack, written as `required_version` so Terraform itself
 * refuses an older one at init (instead of cdktf probing `terraform version` at every synth, which
 * failed where no Terraform is installed): `moved` blocks need 1.5 (with `import`), S3-native
 * locking (`use_lockfile`) 1.10.
 */
export function requiredTerraform(spec: BackendSpec): string {
  return spec.type === 's3' && spec.useLockfile ? '>= 1.10.0' : '>= 1.5.0';
}

/**
 * Gives a stack its state backend. Every stack has its own state (a key or a workspace per
 * stack), so a platform change never locks or risks the network's state.
 */
export function attachBackend(stack: TerraformStack, spec: BackendSpec, environment: string, region: string): void {
  stack.addOverride('terraform.required_version', requiredTerraform(spec));
  const stackName = stack.node.id;
  switch (spec.type) {
    case 'local':
      // Relative to the stack's working directory (cdktf.out/stacks/<stack>): state stays at the
      // project root, outside the output directory that every synth replaces. cdktf's own default
      // is an absolute path, which would make the output differ from machine to machine.
      new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
      return;
    case 's3': {
      const s3 = new S3Backend(stack, {
        bucket: spec.bucket,
        key: `${spec.keyPrefix}${environment}/${stackName}.tfstate`,
        region: spec.region ?? region,
        encrypt: true,
        kmsKeyId: spec.kmsKeyId,
        dynamodbTable: spec.dynamodbTable,
      });
      // cdktf 0.21 predates S3-native locking (Terraform 1.10), so its config type lacks the field.
      if (spec.useLockfile) s3.addOverride('use_lockfile', true);
      return;
    }
    case 'cloud':
      new CloudBackend(stack, {
        organization: spec.organization,
        hostname: spec.hostname,
        workspaces: new NamedCloudWorkspace(`${spec.workspacePrefix}${stackName}`, spec.project),
      });
      return;
  }
}
