"""Attack catalogue, classes 6 (numbers), 7 (files are untrusted) and 9 (cost grows linearly).

Each case breaks a copy of the example store the way a hand edit, a stray
file or an attacker would, runs the scripted commands in a subprocess (as a
user does) and asserts the exact outcome: the output line, the exit status,
the exported bytes, and that the store's files are unchanged.  Special files
(FIFOs, a device node, symlinks) are made in the test's temporary folder.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from exports.form import render_form
from exports.tables import TABLES
from exports.writers import to_csv, to_text
from store import model as m
from store.cache import summarize
from store.rules import check_store
from store.checking import StoreCheck
from store.normalize import Measure, format_number, format_plain_yuan, format_yuan
from store.numbers import product, total
from store.reading import MAX_FILE_BYTES, project_from_data
from store.toml_store import Store, StoreError
from store.workspace import Workspace
ROOT = Path(__file__).resolve().parent.parent  # (importing tests.conftest would reset the hypothesis profile)

P2 = "projects/p02.toml"
TOTAL = 'total = "40000.00"'  # line 15 of p02.toml
NAME = 'name = "法律顾问费"'  # line 5


def jixiao(*args: str) -> subprocess.CompletedProcess:
    run = subprocess.run([sys.executable, "-m", "jixiao", *args], capture_output=True, timeout=120,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    assert b"Traceback" not in run.stderr, run.stderr.decode()
    return run


def _edit(root: Path, old: str, new: str, name: str = P2) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _files(root: Path) -> dict[str, bytes]:
    """The store's own regular files (not .jixiao/, the app's index), by name."""
    out = {}
    for path in sorted(root.rglob("*")):
        if ".jixiao" not in path.parts and path.is_file() and not path.is_symlink():
            out[str(path.relative_to(root))] = path.read_bytes()
    return out


def _lines(run: subprocess.CompletedProcess) -> list[str]:
    return run.stdout.decode("utf-8").splitlines()


# -- class 6: numbers have one set of limits ------------------------------------------------------------

BIG = "过大，请检查位数（须小于 10 的 16 次方）"


@pytest.mark.parametrize("written, message", [
    ("1e198", f"“1E+198”{BIG}"),
    ("-1e198", f"“-1E+198”{BIG}"),
    ("inf", "“Infinity”不是数字：不能是 nan 或 inf"),
    ("-inf", "“-Infinity”不是数字：不能是 nan 或 inf"),
    ("nan", "“NaN”不是数字：不能是 nan 或 inf"),
    ("100000000000000000000", f"“100000000000000000000”{BIG}"),
    ("1e-999999999", "“1E-999999999”小数位数过多（最多 15 位）"),
    ('"10000000000000000"', f"“10000000000000000”{BIG}"),  # quoted: the same limit
    ('"0.0000000000000001"', "“0.0000000000000001”小数位数过多（最多 15 位）"),
    ('"1000000000000 万元"', f"“1000000000000 万元”{BIG}"),  # 10¹⁶ once in 元
])
def test_a_number_beyond_the_limits_is_one_finding_on_its_field(example_copy, written, message):
    _edit(example_copy, TOTAL, f"total = {written}")
    before = _files(example_copy)
    run = jixiao("check", str(example_copy))
    assert run.returncode == 1
    assert (f"{example_copy}/{P2}:15: error[field-invalid] 项目资金 › 项目资金总额：{message}"
            in _lines(run))
    assert sum("[field-invalid]" in line for line in _lines(run)) == 1
    assert _files(example_copy) == before


def test_an_integer_of_thousands_of_digits_is_a_syntax_error_with_its_line(example_copy):
    _edit(example_copy, TOTAL, "total = 1" + "0" * 5000)
    run = jixiao("check", str(example_copy))
    assert (f"{example_copy}/{P2}:15: error[load-syntax] TOML 格式错误：数字位数过多（第 15 行第 9 列）"
            in _lines(run))
    assert run.returncode == 1


@pytest.mark.parametrize("where, old, new, line, message", [
    ("header", NAME, "name = 1e198", 5, "基本信息 › 项目名称：应为文本（用引号括起），得到 数字"),
    ("order", "order = 2", "order = 100000000000000000000", 2, f"序号：“100000000000000000000”{BIG}"),
    ("order", "order = 2", "order = 1e400", 2, "序号：应为整数，得到 数字"),
])
def test_numbers_where_text_or_small_integers_are_expected(example_copy, where, old, new, line, message):
    _edit(example_copy, old, new)
    run = jixiao("check", str(example_copy))
    assert f"{example_copy}/{P2}:{line}: error[field-invalid] {message}" in _lines(run)


def test_an_unquoted_cost_figure_beyond_the_limits(example_copy):
    _edit(example_copy, 'amount = "40000 元"', "amount = 1e198")
    run = jixiao("check", str(example_copy))
    found = [line for line in _lines(run) if "[field-invalid]" in line]
    assert len(found) == 1 and found[0].endswith(f"资金需求：“1E+198”{BIG}"), found


def test_negative_zero_reads_as_zero(example_copy):
    _edit(example_copy, TOTAL, "total = -0.0")
    run = jixiao("export", "csv", str(example_copy), "--what", "projects", "--project", "p02")
    row = run.stdout.decode("utf-8").splitlines()[1].split(",")
    assert row[9] == "0.00"  # 项目资金总额, never -0.00


@pytest.mark.parametrize("fmt, what", [("csv", "projects"), ("csv", "costs"), ("csv", "indicators"),
                                       ("text", "projects"), ("text", "costs"), ("text", "indicators")])
def test_one_bad_number_never_stops_the_others_being_exported(example_copy, fmt, what):
    _edit(example_copy, TOTAL, "total = 1e198")
    (example_copy / "projects" / "p30.toml").write_text("[funding]\nannual = inf\n", encoding="utf-8")
    before = _files(example_copy)
    run = jixiao("export", fmt, str(example_copy), "--what", what)
    assert run.returncode == 0 and run.stderr == b""
    out = run.stdout.decode("utf-8")
    assert "p01" in out and "p02" in out and "p10" in out
    assert _files(example_copy) == before


def test_the_whole_form_of_a_project_with_a_bad_number(example_copy):
    _edit(example_copy, TOTAL, "total = 1e198")
    run = jixiao("export", "text", str(example_copy), "--what", "form", "--project", "p02")
    assert run.returncode == 0
    assert "法律顾问费" in run.stdout.decode("utf-8")


_EXTREME = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.builds(lambda sign, digits, exp: Decimal(f"{sign}{digits}E{exp}"),
              st.sampled_from(["", "-"]), st.integers(0, 10**40), st.integers(-10**6, 10**6)),
    st.sampled_from([Decimal("sNaN"), Decimal("-0"), Decimal("1E+999999"), Decimal("-1E-999999")]),
)


@given(_EXTREME, _EXTREME, _EXTREME)
def test_formats_totals_and_exports_are_total_functions(a, b, c):
    """Whatever Decimal a model holds (one made by hand; the reader refuses these), every format,
    total and export gives text, never a decimal exception."""
    for value in (a, b, c):
        assert isinstance(format_yuan(value) + format_plain_yuan(value) + format_number(value), str)
        assert len(format_yuan(value)) < 100 and len(format_plain_yuan(value)) < 100
    total([a, b, c, None])
    product(a, b)
    line = m.CostLine("行", Measure(a, "人"), Measure(b, "万元/人"), Measure(c, "万元"))
    project = m.Project(id="p01", funding=m.Funding(total=a, annual=b, annual_fiscal=c),
                        budget=m.Budget(groups=[m.CostGroup("组", Measure(c, "元"), [line, m.CostLine("二", amount=Measure(a))])]))
    assert isinstance(str(project.budget.yuan) + str(line.yuan) + str(line.computed_yuan), str)
    for make in TABLES.values():
        table = make([project])
        to_csv(table, "utf-8")
        to_text(table)
    render_form(project)


@given(st.one_of(st.integers(), st.decimals(allow_nan=True, allow_infinity=True),
                 st.builds(lambda d, e: Decimal(f"{d}E{e}"), st.integers(), st.integers(-10**9, 10**9))))
def test_the_reader_never_lets_an_out_of_range_number_into_the_model(raw):
    data = {"order": raw if isinstance(raw, int) else 1, "funding": {"total": raw},
            "budget": {"groups": [{"lines": [{"amount": raw}]}]}}
    project, findings = project_from_data(data, "p01")
    for value in (project.funding.total, project.budget.groups[0].lines[0].amount):
        number = value.value if isinstance(value, Measure) else value
        if number is None:
            assert any(f.rule == "field-invalid" for f in findings)
        else:
            assert number.is_finite() and (not number or number.adjusted() <= 15)
            assert number.as_tuple().exponent >= -15


# -- class 7: files are untrusted ---------------------------------------------------------------------


def _special(projects: Path) -> dict[str, str]:
    """Special files with project names; what check says of each."""
    os.mkfifo(projects / "p20.toml")
    os.mkfifo(projects / "fifo-target")
    os.symlink("fifo-target", projects / "p21.toml")
    os.symlink("nowhere.toml", projects / "p22.toml")
    (projects / "p23.toml").mkdir()
    os.symlink("p24.toml", projects / "p24.toml")  # a loop: not even root can read it
    said = {"p20": "文件是命名管道（FIFO），不是普通文件", "p21": "文件是命名管道（FIFO），不是普通文件",
            "p22": "文件是指向不存在文件的符号链接", "p23": "文件是目录，不是文件",
            "p24": "无法读取文件：符号链接循环"}
    try:  # a device of our own, in the temporary folder: reading it would never end
        os.mknod(projects / "zero", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except (OSError, AttributeError):
        return said
    os.symlink("zero", projects / "p25.toml")
    os.mknod(projects / "p26.toml", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    return {**said, "p25": "文件是设备，不是普通文件", "p26": "文件是设备，不是普通文件"}


def test_special_files_are_reported_by_name_and_never_opened(example_copy):
    clean = jixiao("export", "csv", str(example_copy), "--what", "costs").stdout
    said = _special(example_copy / "projects")
    before = _files(example_copy)
    run = jixiao("check", str(example_copy))
    out = _lines(run)
    for pid, message in said.items():
        assert f"{example_copy}/projects/{pid}.toml: error[load-io] {message}" in out
    assert run.returncode == 1
    assert out[-1] == f"核对 {10 + len(said)} 个项目：{3 + len(said)} 个错误，0 个警告"
    export = jixiao("export", "csv", str(example_copy), "--what", "costs")
    assert export.returncode == 0 and export.stdout == clean  # the others, byte for byte
    assert _files(example_copy) == before


def test_the_app_lists_special_files_as_broken_rows(example_copy):
    said = _special(example_copy / "projects")
    ws = Workspace.open(example_copy)
    rows = {row.id: row for row in ws.rows()}
    for pid in said:
        assert rows[pid].broken and rows[pid].errors == 1
        assert [f.rule for f in ws.project_findings(pid)] == ["load-io"]
    with pytest.raises(StoreError, match="命名管道"):
        Store(example_copy).save_project(m.Project(id="p20"))


BAD_NAME = "文件名“{}”不是有效的项目编号（只能用英文字母、数字、- 和 _，以 .toml 结尾），未读取：请改名"


def test_files_whose_names_are_not_project_ids_are_reported_not_skipped(example_copy):
    projects = example_copy / "projects"
    source = (projects / "p03.toml").read_bytes()
    for name in ("my project.toml", "项目三.toml", "p03.TOML", "\x1b[2J.toml"):
        (projects / name).write_bytes(source)
    (projects / ".p03.toml.swp").write_bytes(b"x")  # an editor's: not a project
    (projects / "README.md").write_bytes(b"notes")
    run = jixiao("check", str(example_copy))
    out = _lines(run)
    for shown in ("\\u001b[2J.toml", "my project.toml", "p03.TOML", "项目三.toml"):
        assert f"{projects}: error[load-io] {BAD_NAME.format(shown)}" in out
    assert "\x1b" not in run.stdout.decode("utf-8")
    assert out[-1] == "核对 10 个项目：7 个错误，0 个警告"
    assert {f.message for f in Workspace.open(example_copy).unit_findings()} >= {BAD_NAME.format("p03.TOML")}


def test_a_unit_toml_that_is_a_fifo_is_refused_not_opened(example_copy):
    unit = example_copy / "unit.toml"
    unit.unlink()
    os.mkfifo(unit)
    run = jixiao("check", str(example_copy))
    assert run.returncode == 2 and run.stdout == b""
    assert run.stderr.decode("utf-8") == f"jixiao: {unit} 不是普通文件（是目录、管道、设备或断开的链接），未读取\n"


def test_a_projects_folder_that_cannot_be_listed(example_copy):
    projects = example_copy / "projects"
    os.rename(projects, example_copy / "old")
    os.symlink("projects", projects)  # a loop
    run = jixiao("check", str(example_copy))
    assert _lines(run)[0] == f"{projects}: error[load-io] 无法列出项目目录：符号链接循环"
    assert run.returncode == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file; the symlink loop above is the case root cannot read")
def test_an_unreadable_file(example_copy):
    path = example_copy / P2
    path.chmod(0)
    try:
        run = jixiao("check", str(example_copy))
    finally:
        path.chmod(0o644)
    assert f"{path}: error[load-io] 无法读取文件：没有权限" in _lines(run)


@pytest.mark.parametrize("value", ["[" * 10_000 + "]" * 10_000, "{a = " * 10_000 + "1" + "}" * 10_000,
                                   "[" * 60 + "]" * 60, "{a = " * 60 + "1" + "}" * 60],
                         ids=["arrays", "inline tables", "arrays 60", "inline tables 60"])
def test_deep_nesting_is_a_syntax_error(example_copy, value):
    """Beyond tomllib's recursion, and beyond what tomlkit (which saves) takes: never loaded."""
    _edit(example_copy, TOTAL, f"total = {value}")
    run = jixiao("check", str(example_copy))
    assert (f"{example_copy}/{P2}: error[load-syntax] TOML 格式错误：表、数组或内联表嵌套过深（超过 50 层）"
            in _lines(run))
    assert _lines(run)[-1] == "核对 10 个项目：6 个错误，0 个警告"  # + the unit's count and total, p02 unread


def test_one_size_limit_per_file(example_copy):
    at_limit = example_copy / "projects" / "p30.toml"
    with at_limit.open("wb") as handle:  # exactly the limit: read (a comment, then a field)
        handle.write(b"#" * (MAX_FILE_BYTES - 16) + b"\norder = 30\n")
        handle.write(b" " * (MAX_FILE_BYTES - handle.tell()))
    assert at_limit.stat().st_size == MAX_FILE_BYTES
    over = example_copy / "projects" / "p31.toml"
    with over.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    run = jixiao("check", str(example_copy))
    out = _lines(run)
    assert f"{over}: error[load-io] 文件过大（4.0 MiB，上限 4 MiB），未读取" in out
    assert not any(line.startswith(f"{at_limit}: error[load-io]") for line in out)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\u2028\u2029\x85"])
def test_line_numbers_count_only_newlines(example_copy, separator):
    """Characters str.splitlines() splits on but TOML does not, in a comment and a string."""
    _edit(example_copy, "# 项目资金（元）", f"# 项目资金{separator}（元）")
    _edit(example_copy, NAME, f'name = "法律{separator}顾问费"')
    _edit(example_copy, TOTAL, 'total = "abc"')
    run = jixiao("check", str(example_copy))
    assert any(line.startswith(f"{example_copy}/{P2}:15: error[field-invalid] 项目资金 › 项目资金总额：")
               for line in _lines(run)), _lines(run)


# -- class 9: cost grows linearly ---------------------------------------------------------------------


def test_four_thousand_findings_in_one_file_each_on_its_line(example_copy):
    """2,000 cost lines, each 1 元 off and without its 组成: a finding on its amount's line, and one
    on a key the file lacks, located at the line of its [[budget.groups.lines]] (once quadratic)."""
    path = example_copy / P2
    head = path.read_text(encoding="utf-8")
    rows = ["[[budget.groups]]", 'name = "多"']
    for _ in range(2000):
        rows += ["[[budget.groups.lines]]", 'quantity = "2 人"', 'price = "3 元/人"', 'amount = "7 元"']
    path.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    first = head.count("\n") + 3  # the line of the first [[budget.groups.lines]]
    summary, _ = summarize(Store(example_copy), m.Unit(), "p02")
    found = [f for f in summary.found if f.path[:3] == ("budget", "groups", 1)]
    assert len(found) == 4000
    assert sorted(f.line for f in found if f.rule == "cost-line-incomplete") == [first + 4 * i for i in range(2000)]
    assert sorted(f.line for f in found if f.rule == "cost-line-arithmetic") == [first + 3 + 4 * i
                                                                                 for i in range(2000)]


def test_the_streamed_check_says_what_the_whole_check_says(example_copy):
    _special(example_copy / "projects")
    _edit(example_copy, TOTAL, "total = 1e198")
    (example_copy / "projects" / "p-1.toml").write_bytes((example_copy / P2).read_bytes())  # sorts before p-1's
    (example_copy / "projects" / "bad name.toml").write_bytes(b"")
    store = Store.open(example_copy)
    for use_index in (False, True, True):
        loaded = store.load()
        expected, count = check_store(loaded), len(loaded.projects)
        streamed = StoreCheck(store, use_index=use_index)
        assert list(streamed) == expected and streamed.projects == count
