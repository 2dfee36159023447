"""The scripted commands, run as a user runs them: in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: Stands for the test's own copy of the example store in parametrized command lines.
STORE = "<store>"


def _on(args, store: Path) -> list[str]:
    return [str(store) if arg == STORE else arg for arg in args]


def jixiao(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao", *args], cwd=cwd, capture_output=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                               "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]})  # the run's index key


def test_check_example_reports_the_seed_inconsistencies(example_cwd):
    run = jixiao("check", "examples/songjiang-2024", cwd=example_cwd)
    out = run.stdout.decode("utf-8").splitlines()
    assert run.returncode == 1
    assert out[0].startswith("examples/songjiang-2024/projects/p01.toml:41: error[budget-total] ")
    assert out[1].startswith("examples/songjiang-2024/projects/p07.toml:49: error[cost-line-arithmetic] ")
    assert out[2].startswith("examples/songjiang-2024/projects/p09.toml:25: error[narrative-amount] ")
    assert out[3] == "核对 10 个项目：3 个错误，0 个警告"
    assert run.stderr == b""


def test_check_json(example_copy):
    run = jixiao("check", str(example_copy), "--format", "json")
    data = json.loads(run.stdout)
    assert (data["projects"], data["errors"], data["warnings"]) == (10, 3, 0)
    assert [f["rule"] for f in data["findings"]] == ["budget-total", "cost-line-arithmetic", "narrative-amount"]
    assert data["findings"][1]["path"] == ["budget", "groups", 0, "lines", 0, "amount"]


def test_check_clean_store_exits_zero(example_copy):
    p1 = example_copy / "projects" / "p01.toml"
    p1.write_text(p1.read_text(encoding="utf-8").replace('amount = "275 万元"', 'amount = "267.5 万元"')
                  .replace('price = "25 万元/人"', 'price = "24.318182 万元/人"'), encoding="utf-8")
    for pid in ("p07", "p09"):
        (example_copy / "projects" / f"{pid}.toml").unlink()
    unit = example_copy / "unit.toml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("declared_projects = 10", "declared_projects = 8")
                    .replace('"4941.00 万元"', '"4317.00 万元"'), encoding="utf-8")
    run = jixiao("check", str(example_copy))
    assert run.stdout.decode().splitlines() == ["核对 8 个项目：未发现问题"]
    assert run.returncode == 0


def test_check_one_project_and_unknown_project(example_copy):
    run = jixiao("check", str(example_copy), "--project", "p07")
    assert run.returncode == 1 and run.stdout.decode().count("error[") == 1
    run = jixiao("check", str(example_copy), "--project", "p99")
    assert run.returncode == 2 and run.stderr.decode().strip() == "jixiao: 没有编号为 p99 的项目"


@pytest.mark.parametrize("args, message", [
    (("check", "/nonexistent/store"), "找不到申报目录"),
    (("export", "xls", STORE), "参数错误"),
    (("export", "text", STORE, "--what", "form"), "需指定项目"),
    (("export", "csv", STORE, "--what", "form", "--project", "p01"), "只能导出为文本"),
])
def test_errors_are_one_clear_line_without_traceback(args, message, example_copy):
    run = jixiao(*_on(args, example_copy))
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2
    assert message in err and "Traceback" not in err


def test_malformed_file_is_named_and_others_still_checked(example_copy):
    (example_copy / "projects" / "p05.toml").write_text("[header\nname = 1\n", encoding="utf-8")
    run = jixiao("check", str(example_copy))
    out = run.stdout.decode("utf-8")
    assert f"{example_copy}/projects/p05.toml:1: error[load-syntax] TOML 格式错误" in out
    assert "error[cost-line-arithmetic]" in out and "Traceback" not in run.stderr.decode()


def test_export_csv_to_file_for_excel(tmp_path, example_copy):
    target = tmp_path / "costs.csv"
    run = jixiao("export", "csv", str(example_copy), "--what", "costs", "-o", str(target),
                 "--encoding", "gb18030")
    assert run.returncode == 0, run.stderr
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("gb18030"), newline="")))
    assert rows[0][:3] == ["项目编号", "项目名称", "分组"]
    p7 = [r for r in rows if r[0] == "p07"]
    assert p7[0][4] == "规范性文件评估清理（及合法性审查补充）"
    assert (p7[0][11], p7[0][12]) == ("38000.00", "37600.00")
    assert len(rows) == 1 + 59


def test_export_text_form_and_indicators(example_copy):
    run = jixiao("export", "text", str(example_copy), "--what", "form", "--project", "p03")
    text = run.stdout.decode("utf-8")
    assert text.startswith("项目经费情况说明 3--合作与交流\n")
    assert "预算明细合计：2,000,000.00 元" in text
    run = jixiao("export", "text", str(example_copy), "--what", "indicators", "--project", "p02")
    assert "≥90.00(%)" in run.stdout.decode("utf-8")


def test_export_failure_does_not_touch_existing_output(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"precious")
    run = jixiao("export", "csv", str(tmp_path / "missing-store"), "-o", str(target))
    assert run.returncode == 2 and target.read_bytes() == b"precious"


def test_new_store_then_check(tmp_path):
    run = jixiao("new", str(tmp_path / "mine"), "--year", "2025")
    assert run.returncode == 0 and (tmp_path / "mine" / "unit.toml").is_file()
    run = jixiao("check", str(tmp_path / "mine"))
    assert "unit-required" in run.stdout.decode() and run.returncode == 1
    run = jixiao("new", str(tmp_path / "mine"))
    assert run.returncode == 2 and "已是申报目录" in run.stderr.decode()


def test_rules_lists_every_rule():
    from store.rules import RULES

    out = jixiao("rules").stdout.decode("utf-8")
    assert all(rule_id in out for rule_id in RULES)


HYGIENE = """
import sys
from jixiao.cli import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m in ("textual", "tomlkit") or m.startswith(("textual.", "rich")))
print("LOADED:" + ",".join(loaded), file=sys.stderr)
"""


def _loaded(script: str, args: list[str]) -> str:
    """The last line the script prints on stderr: which of the watched modules were imported."""
    run = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                              "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]})
    return run.stderr.decode().strip().splitlines()[-1]


@pytest.mark.parametrize("args", [
    ["check", STORE],
    ["check", STORE, "--no-cache"],
    ["check", STORE, "--format", "json", "--no-cache"],
    ["export", "csv", STORE, "--what", "costs"],
    ["export", "text", STORE, "--what", "form", "--project", "p01"],
    ["rules"],
    ["diff", STORE, STORE],
    ["diff", STORE, STORE, "--format", "json"],
])
def test_scripted_commands_never_import_textual(args, example_copy):
    """Nor tomlkit, which only saving needs: reading commands stay quick to start.

    Each command runs twice on the same copy: without an index and with the index the first run left."""
    for run in ("first", "second"):
        last = _loaded(HYGIENE, _on(args, example_copy))
        assert last == "LOADED:", (run, last)


def test_csv_export_and_check_start_without_tabulate_or_multiprocessing(example_copy):
    """Only text tables need tabulate, and only big stores need worker processes."""
    script = HYGIENE.replace('m in ("textual", "tomlkit")', 'm in ("tabulate", "multiprocessing")')
    for args in (["export", "csv", STORE, "--what", "costs"], ["check", STORE], ["check", STORE]):
        assert _loaded(script, _on(args, example_copy)) == "LOADED:", args


def test_only_the_xlsx_export_loads_xlsxwriter(example_copy, tmp_path):
    """xlsxwriter is for the workbook alone: check and the other exports start without it."""
    script = HYGIENE.replace('m in ("textual", "tomlkit")', 'm == "xlsxwriter"')
    for args in (["check", STORE], ["export", "csv", STORE, "--what", "costs"],
                 ["export", "text", STORE, "--what", "form", "--project", "p01"]):
        assert _loaded(script, _on(args, example_copy)) == "LOADED:", args
    xlsx = ["export", "xlsx", STORE, "-o", str(tmp_path / "x.xlsx")]
    assert _loaded(script, _on(xlsx, example_copy)) == "LOADED:xlsxwriter"  # (the test sees it when it is there)


def test_opening_without_a_store_says_how_to_make_one(tmp_path):
    run = jixiao(cwd=tmp_path)
    assert run.returncode == 2
    err = run.stderr.decode("utf-8")
    assert "jixiao examples/songjiang-2024" in err and "jixiao new" in err and "Traceback" not in err
    run = jixiao(str(tmp_path / "missing"), cwd=tmp_path)
    assert run.returncode == 2 and "找不到申报目录" in run.stderr.decode("utf-8")


def test_options_may_come_before_or_after_the_directory(example_copy):
    after = jixiao("export", "csv", str(example_copy), "--what", "costs", "--jobs", "1")
    before = jixiao("export", "csv", "--what", "costs", "--jobs", "1", str(example_copy))
    assert after.returncode == before.returncode == 0
    assert before.stdout == after.stdout and before.stdout.startswith("项目编号,项目名称,分组".encode())
    run = jixiao("check", "--jobs", "2", str(example_copy))
    assert run.returncode == 1 and run.stdout.decode().splitlines()[-1] == "核对 10 个项目：3 个错误，0 个警告"
