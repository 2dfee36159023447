"""Next year starts from this year: ``jixiao new 2025 --from 2024目录`` and the app's 结转到下一年度….

The example store is rolled over (a copy, in a temporary folder) and the new
store's check must list exactly the places the roll-over marked for review.
"""

from __future__ import annotations

import datetime as _dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from store import model as m
from store.editing import EditSession
from store.normalize import parse_measure
from store.rollover import move_dates, move_years, plan, roll_over, states_amount
from store.rules import check_project
from store.toml_store import Store
from tests.test_cli import jixiao

REVIEW_RULES = ("review-pending", "unit-review-pending")


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def rolled(example_copy: Path) -> tuple[Path, Path, subprocess.CompletedProcess, dict[str, bytes]]:
    """The example rolled over to 2025 by the command, as the issue writes it: (source, new, run, source bytes)."""
    before = _tree(example_copy)
    run = jixiao("new", "2025", "--from", example_copy.name, cwd=example_copy.parent)
    return example_copy, example_copy.parent / "songjiang-2025", run, before


def _findings(store: Path) -> tuple[int, list[dict]]:
    run = jixiao("check", str(store), "--format", "json", "--no-cache")
    return run.returncode, json.loads(run.stdout)["findings"]


def _report(store: Path) -> dict[str, list[str]]:
    """The saved report's lines, by project id ("" for 单位信息)."""
    out: dict[str, list[str]] = {}
    pid = None
    for line in (store / "结转说明.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            pid = "" if line == "## 单位信息" else line[3:].split()[0]
            out[pid] = []
        elif line.startswith("- ") and pid is not None:
            out[pid].append(line[2:])
    return out


def test_the_new_store_s_check_lists_exactly_what_the_report_leaves_for_review(rolled):
    source, new, run, _ = rolled
    assert run.returncode == 0 and run.stderr == b""
    printed = run.stdout.decode("utf-8").splitlines()
    assert printed[0].endswith("10 个项目，改为新年度 33 处，待核实 197 处")
    status, findings = _findings(new)
    assert status == 1
    review = [f for f in findings if f["rule"] in REVIEW_RULES]
    report = _report(new)
    marked = [(pid, line) for pid, lines in report.items() for line in lines if line.startswith("待核实 ")]
    assert len(review) == len(marked) == 197
    for f in review:  # each finding is one line of the report, under its project, with its place
        assert any(line.startswith(f"待核实 {f['field']}：") for pid, line in marked if pid == f["project"]), f
    planned = plan(source, source.parent / "elsewhere")  # (pure: decides, writes nothing)
    assert {(f["project"], tuple(f["path"])) for f in review} == planned.marked()
    assert {(f["project"], f["field"]) for f in review} == {
        (item.project, item.place) for item in planned.items if item.kind == "待核实"}
    # Besides the marks, the seed's own three contradictions, carried over as they were.
    assert sorted(f["rule"] for f in findings if f["rule"] not in REVIEW_RULES) == [
        "budget-total", "cost-line-arithmetic", "narrative-amount"]
    # What was printed is what was saved.
    saved = [line.removeprefix("## ").removeprefix("- ").strip()
             for line in (new / "结转说明.md").read_text(encoding="utf-8").splitlines()]
    assert [line.strip() for line in printed[1:-1]] == [line for line in saved[3:] if line]


def test_every_amount_and_every_text_stating_one_is_marked(example_copy):
    done = plan(example_copy, example_copy.parent / "next")
    marks = done.marked()
    store = Store.open(example_copy)
    amounts = texts = 0
    for pid in store.project_ids():
        project = store.load_project(pid).project
        for spec in m.PROJECT_FIELDS:
            value = m.get_at(project, spec.key)
            if spec.kind == "money" and value is not None:
                assert (pid, spec.key) in marks
                amounts += 1
        for gi, group in enumerate(project.budget.groups):
            if group.total is not None:
                assert (pid, ("budget", "groups", gi, "total")) in marks
            for li, line in enumerate(group.lines):
                for attr in ("price", "amount"):
                    if getattr(line, attr) is not None:
                        assert (pid, ("budget", "groups", gi, "lines", li, attr)) in marks
                        amounts += 1
                if line.note and states_amount(line.note):
                    assert (pid, ("budget", "groups", gi, "lines", li, "note")) in marks
                    texts += 1
        for spec in m.PROJECT_FIELDS:
            if spec.kind == "longtext" and states_amount(m.get_at(project, spec.key)):
                assert (pid, spec.key) in marks
                texts += 1
        for ii, indicator in enumerate(project.indicators):
            if states_amount(indicator.target):
                assert (pid, ("indicators", ii, "target")) in marks
    assert amounts > 150 and texts > 15
    assert {("", ("declared_total",)), ("", ("declared_projects",))} <= marks
    assert ("p03", ("narrative", "overview")) in marks  # “预算资金约 200 万元”
    assert ("p03", ("narrative", "period")) not in marks  # no amount: moved, not marked


def test_years_dates_and_period_texts_move_and_the_rest_is_kept(rolled):
    source, new, _, before = rolled
    old_store, new_store = Store.open(source), Store.open(new)
    unit = new_store.load_unit()[0]
    assert unit.year == 2025 and unit.name == "上海市松江区人民政府办公室（本级）"
    for pid in old_store.project_ids():
        old, now = old_store.load_project(pid).project, new_store.load_project(pid).project
        assert (now.header.start, now.header.end) == (_dt.date(2025, 1, 1), _dt.date(2025, 12, 31))
        assert "2024" not in now.narrative.period and "2025 年" in now.narrative.period.replace("2025年", "2025 年")
        # Structure, amounts and indicators as they were: groups, lines, every figure, every indicator.
        assert [g.name for g in now.budget.groups] == [g.name for g in old.budget.groups]
        assert [[(ln.item.replace("2025", "2024"), ln.quantity, ln.price, ln.amount, ln.note) for ln in g.lines]
                for g in now.budget.groups] == [[(ln.item, ln.quantity, ln.price, ln.amount, ln.note)
                                                 for ln in g.lines] for g in old.budget.groups]
        assert now.funding == old.funding and now.indicators == old.indicators and now.goals == old.goals
        assert (now.header.name, now.header.nature, now.order) == (old.header.name, old.header.nature, old.order)
        assert now.narrative.basis == old.narrative.basis  # 〔2017〕 and other document numbers untouched
        # Comments and key order kept: every line of the old file is still there, or is one that moved.
        new_lines = (new / "projects" / f"{pid}.toml").read_text(encoding="utf-8").splitlines()
        old_lines = before[f"projects/{pid}.toml"].decode("utf-8").splitlines()
        assert [ln for ln in old_lines if ln not in new_lines and "2024" not in ln] == []
    p05 = new_store.load_project("p05").project
    assert "2025 年适时开展培训" in p05.narrative.plan
    p08 = new_store.load_project("p08").project
    assert p08.budget.groups[0].lines[0].item == "街镇村居网络租赁（运维）2025 年度费用"
    assert p08.narrative.plan == old_store.load_project("p08").project.narrative.plan  # a history: kept …
    assert p08.review[("narrative", "plan")].startswith("另写有其他年份，未改：2023 年 12 月完成")  # … and marked


def test_the_source_is_never_changed(rolled):
    source, new, run, before = rolled
    assert run.returncode == 0 and new.is_dir()
    assert _tree(source) == before and not (source / ".jixiao").exists()


def test_dates_and_years_in_words():
    h = m.Header(start=_dt.date(2024, 7, 1), end=_dt.date(2025, 6, 30))
    move_dates(h, 2024, 2025, multi_year=False)
    assert (h.start, h.end) == (_dt.date(2025, 7, 1), _dt.date(2026, 6, 30))
    h = m.Header(start=_dt.date(2024, 2, 29), end=_dt.date(2024, 12, 31))
    move_dates(h, 2024, 2025, multi_year=False)
    assert (h.start, h.end) == (_dt.date(2025, 2, 28), _dt.date(2025, 12, 31))
    h = m.Header(start=_dt.date(2023, 1, 1), end=_dt.date(2025, 12, 31))  # 阶段性, already covers 2025
    move_dates(h, 2024, 2025, multi_year=True)
    assert (h.start, h.end) == (_dt.date(2023, 1, 1), _dt.date(2025, 12, 31))
    text, moved, left = move_years("依据沪财预〔2024〕5号，2024 年完成。2023-2024 年度考核；2024年度费用", 2024, 2025)
    assert text == "依据沪财预〔2024〕5号，2025 年完成。2023-2024 年度考核；2025年度费用"
    assert left == ["2023-2024 年度考核"] and len(moved) == 2


def test_only_chooses_projects(example_copy, tmp_path):
    run = jixiao("new", str(tmp_path / "next"), "--from", str(example_copy), "--only", "p01,p03")
    assert run.returncode == 0
    assert sorted(p.name for p in (tmp_path / "next" / "projects").iterdir()) == ["p01.toml", "p03.toml"]
    out = run.stdout.decode("utf-8")
    assert "未结转的项目：p02、p04、p05、p06、p07、p08、p09、p10" in out
    _, findings = _findings(tmp_path / "next")
    assert {f["project"] for f in findings if f["rule"] == "review-pending"} == {"p01", "p03"}
    run = jixiao("new", str(tmp_path / "less"), "--from", str(example_copy), "--drop", "p05")
    assert run.returncode == 0 and not (tmp_path / "less" / "projects" / "p05.toml").exists()
    assert len(list((tmp_path / "less" / "projects").iterdir())) == 9


@pytest.mark.parametrize("case", ["not empty", "a file", "inside the source", "no such project", "not later"])
def test_refused_with_one_line_and_nothing_written(example_copy, tmp_path, case):
    target = tmp_path / "next"
    args = ["new", str(target), "--from", str(example_copy)]
    if case == "not empty":
        target.mkdir()
        (target / "mine.txt").write_text("keep", encoding="utf-8")
    elif case == "a file":
        target.write_text("keep", encoding="utf-8")
    elif case == "inside the source":
        args[1] = str(example_copy / "next")
    elif case == "no such project":
        args += ["--only", "p01,p99"]
    else:
        args += ["--year", "2024"]
    before, around = _tree(example_copy), sorted(p.name for p in tmp_path.iterdir())
    run = jixiao(*args)
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2 and run.stdout == b"" and err.count("\n") == 1 and "未作改动" in err
    assert "Traceback" not in err
    assert _tree(example_copy) == before and sorted(p.name for p in tmp_path.iterdir()) == around
    if case == "not empty":
        assert [p.name for p in target.iterdir()] == ["mine.txt"]


def test_an_empty_target_folder_is_used(example_copy, tmp_path):
    (tmp_path / "next").mkdir()
    done = roll_over(example_copy, tmp_path / "next")
    assert done.year == 2025 and (tmp_path / "next" / "unit.toml").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no work folder left


def test_new_from_never_imports_textual(example_copy, tmp_path):
    script = ("import sys\nfrom jixiao.cli import main\ncode = main(sys.argv[1:])\n"
              "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'rich'))))")
    run = subprocess.run([sys.executable, "-c", script, "new", str(tmp_path / "n"), "--from", str(example_copy)],
                         capture_output=True, cwd=Path(__file__).resolve().parent.parent)
    assert run.returncode == 0 and run.stdout.decode("utf-8").splitlines()[-1] == "[]"


# -- clearing marks: editing in the domain, as the app edits -----------------------------


def _session(example_copy: Path, pid: str = "p03") -> tuple[Store, EditSession]:
    done = roll_over(example_copy, example_copy.parent / "next")
    store = Store.open(done.target)
    loaded = store.load_project(pid)
    return store, EditSession(loaded.project, store.load_unit()[0], str(loaded.path))


def _pending(session: EditSession) -> set:
    return {f.path for f in session.findings if f.rule == "review-pending"}


def test_editing_a_marked_field_clears_its_mark_and_its_finding(example_copy):
    store, session = _session(example_copy)
    total, line = ("funding", "total"), ("budget", "groups", 0, "lines", 0, "amount")
    assert {total, line} <= _pending(session)
    # The form echoing the model's own value while it is shown is no edit.
    assert not session.set_field(total, session.project.funding.total)
    assert total in _pending(session)
    assert session.set_field(total, Decimal("2100000.00"), "修改项目资金总额")
    assert total not in session.project.review and total not in _pending(session)
    # Confirming: the same value entered again (as the grid commits a cell through model.set_at).
    assert session.edit("修改资金需求", lambda p: m.set_at(p, line, parse_measure("30 万元")))
    assert line not in _pending(session) and session.project.budget.groups[0].lines[0].amount.value == 30
    assert session.undo() and line in _pending(session)  # undo brings the mark back
    assert session.redo() and line not in _pending(session)
    assert store.save_project(session.project)
    text = store.project_path("p03").read_text(encoding="utf-8")
    assert '"funding.total"' not in text and '"budget.groups.0.lines.0.amount"' not in text
    assert '"funding.total_fiscal" = "2000000.00"' in text
    findings = check_project(store.load_project("p03").project)
    assert {f.path for f in findings if f.rule == "review-pending"} == _pending(session)


def test_marks_follow_their_row_when_rows_are_inserted_moved_or_deleted(example_copy):
    _, session = _session(example_copy)

    def group0() -> dict:
        return {path[4:]: old for path, old in session.project.review.items() if path[:4] == ("budget", "groups", 0, "lines")}

    assert group0() == {(0, "price"): "150 元/人", (0, "amount"): "30 万元", (1, "price"): "50 元/人",
                        (1, "amount"): "5 万元", (2, "price"): "10 元/公里", (2, "amount"): "5 万元"}
    session.edit("插入行", lambda p: p.budget.groups[0].lines.insert(0, m.CostLine(item="新")))
    assert group0() == {(1, "price"): "150 元/人", (1, "amount"): "30 万元", (2, "price"): "50 元/人",
                        (2, "amount"): "5 万元", (3, "price"): "10 元/公里", (3, "amount"): "5 万元"}
    lines = session.project.budget.groups[0].lines
    session.edit("下移", lambda p: p.budget.groups[0].lines.insert(3, p.budget.groups[0].lines.pop(2)))
    assert group0()[(2, "price")] == "10 元/公里" and group0()[(3, "price")] == "50 元/人"
    session.edit("删除行", lambda p: p.budget.groups[0].lines.pop(3))
    assert group0() == {(1, "price"): "150 元/人", (1, "amount"): "30 万元", (2, "price"): "10 元/公里",
                        (2, "amount"): "5 万元"}
    assert lines is session.project.budget.groups[0].lines
    assert {f.path for f in session.findings if f.rule == "review-pending"} == set(session.project.review)


# -- the app -----------------------------------------------------------------------------


async def test_the_palette_rolls_the_store_over_at_80x24(example_copy):
    from textual.widgets import Input, Static

    from store.workspace import Workspace
    from tui.app import JixiaoApp
    from tui.screens.rollover_dialog import RolloverDialog

    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "结转到下一年度":
            await pilot.press(ch)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RolloverDialog)
        target = example_copy.parent / "songjiang-2025"
        assert dialog.query_one(Input).value == str(target)
        assert str(dialog.query_one("#rollover-title", Static).render()) == "结转到 2025 年度"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(dialog.query_one("#rollover-title", Static).render()) == "已结转到 2025 年度"
        assert "待核实 197 处" in str(dialog.query_one("#rollover-about", Static).render())
        shown = str(dialog.query_one("#rollover-lines", Static).render())
        assert "  待核实 项目资金 › 项目资金总额：37780000.00" in shown.splitlines()
        assert (target / "结转说明.md").is_file() and len(list((target / "projects").iterdir())) == 10
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RolloverDialog)


async def test_the_dialog_says_why_it_refuses_and_stays(example_copy):
    from textual.widgets import Input, Static

    from store.workspace import Workspace
    from tui.app import JixiaoApp
    from tui.screens.rollover_dialog import RolloverDialog

    (example_copy.parent / "songjiang-2025").mkdir()
    (example_copy.parent / "songjiang-2025" / "x").write_text("", encoding="utf-8")
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(RolloverDialog(example_copy))
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        message = str(app.screen.query_one("#rollover-message", Static).render())
        assert "已存在且不是空目录" in message and isinstance(app.screen, RolloverDialog)
        assert app.screen.query_one(Input).display


def test_a_name_with_a_line_break_cannot_break_the_review_table():
    from store.reading import read_project
    from store.toml_store import render_project

    project = m.Project(id="p1", budget=m.Budget(groups=[m.CostGroup("g\n[header]\nname = 'x'", lines=[
        m.CostLine("a\x1b[31m\nb", amount=parse_measure("5 元"))])]))
    project.review = {("budget", "groups", 0, "lines", 0, "amount"): '5 元\n"x'}
    text = render_project(project)
    _, back, problems = read_project(text.encode("utf-8"), "p1", "p1.toml")
    assert problems == [] and back.review == project.review and back.budget == project.budget
    assert "\x1b" not in text


def test_the_unit_form_confirms_a_carried_over_unit_value_by_typing_it_again(example_copy, tmp_path):
    """unit.toml's marks clear as a project's do: the unit form (F2) setting a value, even the same one."""
    from store.unit_document import UnitDocument
    from store.workspace import Workspace

    roll_over(example_copy, tmp_path / "next")
    document = UnitDocument.open(Workspace.open(tmp_path / "next"))
    marked = {f.path for f in document.findings if f.rule == "unit-review-pending"}
    assert ("declared_total",) in {tuple(p) for p in marked}
    typed = Decimal(str(document.unit.declared_total))  # typed again: an equal value, not the form's own object
    assert document.set_field(("declared_total",), typed)
    assert document.dirty and ("declared_total",) not in document.unit.review
    assert document.save().message == "单位信息已保存"
    again = UnitDocument.open(Workspace.open(tmp_path / "next"))
    assert ("declared_total",) not in {tuple(f.path) for f in again.findings if f.rule == "unit-review-pending"}
    assert ("declared_projects",) in {tuple(f.path) for f in again.findings if f.rule == "unit-review-pending"}
