#!/usr/bin/env bash
# Builds test/fixtures/checkov/<scenario>/{checkov-input,results_json.json} from the synthesized dev
# stacks (npm run synth first). Usage:
#   scripts/upstream/checkov-fixtures/build.sh <checkov source tree at the tag> <dpath tree at 2.1.3>
# The input copy is made exactly as .github/workflows/plan.yml makes it (same jq filter).
set -euo pipefail
CHECKOV_SRC=$1
DPATH_SRC=$2
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
OUT=$ROOT/cdktf.out/stacks
FIXTURES=$ROOT/test/fixtures/checkov
FILTER='{resource, data, provider, locals, variable, output} | with_entries(select(.value != null))'
stack() { # scenario stack jq-change
  mkdir -p "$FIXTURES/$1/checkov-input/$2"
  jq "$3 | $FILTER" "$OUT/$2/cdk.tf.json" > "$FIXTURES/$1/checkov-input/$2/cdk.tf.json"
}
rm -rf "$FIXTURES/dev" "$FIXTURES/dev-violations" "$FIXTURES/parsing-errors"
# dev as synthesized.
for s in dev-network dev-cluster dev-platform; do stack dev "$s" '.'; done
# dev with three violations: a public endpoint open to the internet (EKS003 / CKV_AWS_38), a KMS key
# without rotation (KMS001 / CKV_AWS_7), a log group kept forever (LOG001; checkov's CKV_AWS_66 passes it).
stack dev-violations dev-network '.resource.aws_cloudwatch_log_group[].retention_in_days = 0'
stack dev-violations dev-cluster '.resource.aws_eks_cluster[].vpc_config.endpoint_public_access = true | .resource.aws_eks_cluster[].vpc_config.public_access_cidrs = ["0.0.0.0/0"] | .resource.aws_kms_key["eks_control-plane_logs-key_612121E6"].enable_key_rotation = false'
stack dev-violations dev-platform '.'
# A stack checkov cannot read (cut short): it lands in results.parsing_errors.
for s in dev-network dev-platform; do stack parsing-errors "$s" '.'; done
mkdir -p "$FIXTURES/parsing-errors/checkov-input/dev-cluster"
head -c 2000 "$OUT/dev-cluster/cdk.tf.json" > "$FIXTURES/parsing-errors/checkov-input/dev-cluster/cdk.tf.json"
for scenario in dev dev-violations parsing-errors; do
  (cd "$FIXTURES/$scenario" && python3 "$HERE/run.py" --checkov-source "$CHECKOV_SRC" --path "$DPATH_SRC" checkov-input > results_json.json)
done
