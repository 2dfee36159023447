"""The layers are held by contract: import-linter checks the contracts in pyproject.toml.

Each contract is its own test, so that a broken one names itself; the failure
shows import-linter's report (which import breaks it, and where).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import ROOT

CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
_LINT = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def lint(*args: str) -> subprocess.CompletedProcess:
    """Run import-linter on this tree (no cache: nothing is written into the checkout)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-c", _LINT, "--no-cache", "--no-logo", *args, str(ROOT / "pyproject.toml")],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_contracts_cover_the_layers_the_guide_names():
    names = {contract["id"]: contract for contract in CONTRACTS}
    assert {"textual", "rich", "tui", "jixiao"} <= set(names["no-ui-below"]["forbidden_modules"])
    assert set(names["no-ui-below"]["source_modules"]) == {"store", "exports"}
    assert names["widgets-below-screens"]["forbidden_modules"] == ["tui.screens"]
    assert names["store-acyclic"]["type"] == "acyclic_siblings"


@pytest.mark.parametrize("contract", [c["id"] for c in CONTRACTS])
def test_contract_is_kept(contract):
    run = lint("--contract", contract)
    if run.returncode != 0 or "1 kept, 0 broken" not in run.stdout:
        pytest.fail(run.stdout + run.stderr, pytrace=False)


#: A module longer than this is doing more than one job: split it by job (README, 代码地图).
MODULE_LINES = 400


def test_no_module_is_over_the_size_that_holds_one_job():
    too_long = {}
    for package in ("store", "exports", "tui", "jixiao"):
        for path in sorted((ROOT / package).rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MODULE_LINES:
                too_long[str(path.relative_to(ROOT))] = lines
    assert not too_long, f"split these modules by job: {too_long}"
