"""Runs checkov's terraform_json runner (its parser and its Python resource checks, from a checkov
source tree) over a directory of stacks and prints checkov's JSON report, as `checkov --directory
<root> --framework terraform_json -o json --compact` would print it for those checks.

Used to build test/fixtures/checkov/ on a machine that cannot `pip install checkov` (see the README
there). With checkov installed, run checkov itself instead.

  python3 run.py --checkov-source <dir holding checkov/ at the tag> [--path <dir>]... <root>

--path adds a directory to sys.path (e.g. a dpath-python tree at the version checkov pins).
Missing dependencies are stubbed (autostub.py). Graph checks (CKV2_*) are NOT run: the graph needs
rustworkx. A check whose code touches a stub is left out of the report and named on stderr.
"""
import argparse, json, logging, os, sys

parser = argparse.ArgumentParser()
parser.add_argument("--checkov-source", required=True)
parser.add_argument("--path", action="append", default=[])
parser.add_argument("root")
args = parser.parse_args()
sys.path[:0] = [args.checkov_source, *args.path, os.path.dirname(os.path.abspath(__file__))]

import autostub  # noqa: E402
from checkov.common.checks.base_check import BaseCheck  # noqa: E402
from checkov.common.checks.base_check_registry import BaseCheckRegistry  # noqa: E402
from checkov.common.runners.runner_registry import RunnerRegistry  # noqa: E402
from checkov.common.util.json_utils import CustomJSONEncoder  # noqa: E402
from checkov.runner_filter import RunnerFilter  # noqa: E402
from checkov.terraform_json.runner import TerraformJsonRunner  # noqa: E402
import checkov.terraform.checks.resource  # noqa: E402,F401  (registers every resource check)


class LeftOut(BaseException):
    pass


errors = {}
_run = BaseCheck.run


def run(self, scanned_file, entity_configuration, entity_name, entity_type, skip_info):
    try:
        return _run(self, scanned_file, entity_configuration, entity_name, entity_type, skip_info)
    except (Exception, autostub.StubTouched) as e:
        errors.setdefault(self.id, f"{type(e).__name__}: {e}"[:120])
        raise LeftOut()


_run_check = BaseCheckRegistry.run_check


def run_check(self, check, *a, **k):
    try:
        return _run_check(self, check, *a, **k)
    except LeftOut:
        return None


_scan = BaseCheckRegistry.scan


def scan(self, *a, **k):
    return {c: r for c, r in _scan(self, *a, **k).items() if r is not None}


BaseCheck.run = run
BaseCheckRegistry.run_check = run_check
BaseCheckRegistry.scan = scan

runner = TerraformJsonRunner()
# No graph: its database (rustworkx) is not installed here.
runner.graph_manager.build_graph_from_definitions = lambda *a, **k: None
runner.graph_manager.save_graph = lambda *a, **k: None
runner.add_graph_check_results = lambda *a, **k: None
autostub.ALLOW_IMPORT_TIME = False

logging.disable(logging.CRITICAL)
report = runner.run(root_folder=args.root, runner_filter=RunnerFilter(framework=["terraform_json"]))
logging.disable(logging.NOTSET)
output = report.get_dict()  # what print_reports does for one framework without an API key
RunnerRegistry.strip_code_blocks_from_json([output])  # --compact
# The file --output-file-path writes: data_outputs["json"] = json.dumps(report_json_output, cls=CustomJSONEncoder)
print(json.dumps(output, cls=CustomJSONEncoder))
for check_id, error in sorted(errors.items()):
    print(f"left out {check_id}: {error}", file=sys.stderr)
