"""One open project's life without a screen: load, edit, autosave, save, conflicts, recovery.

No textual here (nor anything from tui/): the document layer is driven as the
project screen drives it, and its Chinese messages are the ones the screen shows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from store.autosave import Autosave
from store.document import CONFLICT, DONE, FAILED, SAVED, UNCHANGED, CannotOpen, ProjectDocument, Recovery
from store.model import get_at, set_at
from store.normalize import Measure
from store.toml_store import Store
from store.workspace import Workspace
from tests.conftest import ROOT

NAME = ("header", "name")


def _open(root: Path, pid: str = "p03") -> ProjectDocument:
    return ProjectDocument.open(Workspace.open(root), pid)


def _file(root: Path, pid: str = "p03") -> Path:
    return root / "projects" / f"{pid}.toml"


def _on_disk(root: Path, pid: str = "p03"):
    return Store.open(root).load_project(pid).project


def _autosaved(root: Path) -> list[str]:
    return sorted(p.name for p in (root / ".jixiao" / "autosave").glob("*.toml"))

def _conflict(root: Path) -> tuple[ProjectDocument, str]:
    """p03 edited here (and autosaved) while someone else changed its file: saving meets a conflict."""
    document = _open(root)
    theirs = _file(root).read_text(encoding="utf-8").replace('category = "其他运转类"', 'category = "别人改的"')
    _file(root).write_text(theirs, encoding="utf-8")
    document.session.set_field(NAME, "合作与交流我")
    document.autosave()
    assert document.save().conflict
    return document, theirs



def test_the_document_layer_loads_without_textual_or_rich():
    code = ("import sys, store.document; "
            "bad = [m for m in ('textual', 'rich', 'tui') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stdout + done.stderr


def test_one_path_setter_for_fields_rows_and_cells(example_copy):
    project = _on_disk(example_copy)
    set_at(project, ("funding", "annual"), Decimal(1))
    set_at(project, ("budget", "groups", 0, "lines", 0, "item"), "早餐")
    set_at(project, ("indicators", 0), get_at(project, ("indicators", 1)))
    assert project.funding.annual == Decimal(1)
    assert get_at(project, ("budget", "groups", 0, "lines", 0, "item")) == "早餐"
    assert project.indicators[0] == project.indicators[1]


def test_open_edit_undo_redo(example_copy):
    document = _open(example_copy)
    assert document.pid == "p03" and document.on_disk and not document.dirty
    assert document.session.findings == []
    line = lambda p: p.budget.groups[0].lines[0]  # noqa: E731
    document.session.edit("改数量", lambda p: setattr(line(p), "quantity", Measure(Decimal(3000), "人")))
    assert document.dirty and [f.rule for f in document.session.findings] == ["cost-line-arithmetic"]
    assert document.session.undo() == "改数量" and not document.dirty
    assert document.session.redo() == "改数量" and document.dirty


def test_a_broken_or_missing_file_cannot_be_opened(example_copy):
    _file(example_copy, "p05").write_text("[header\n", encoding="utf-8")
    ws = Workspace.open(example_copy)
    with pytest.raises(CannotOpen, match="^该项目文件有格式错误，无法打开。"):
        ProjectDocument.open(ws, "p05")
    with pytest.raises(CannotOpen, match="^无法打开：没有编号为 p99 的项目"):
        ProjectDocument.open(ws, "p99")


def test_autosave_is_written_while_dirty_and_deleted_when_equal_to_disk(example_copy):
    document = _open(example_copy)
    assert document.autosave() is None and _autosaved(example_copy) == []
    document.session.set_field(NAME, "合作与交流（未保存）")
    assert document.autosave() is None
    assert _autosaved(example_copy) == ["p03.toml"]
    assert _on_disk(example_copy).header.name == "合作与交流"  # the project's file is untouched
    document.session.undo()
    assert document.autosave() is None and _autosaved(example_copy) == []


def test_an_edit_taken_back_drops_the_autosave_at_once(example_copy):
    """Changed and changed back (typed, or undone): equal to the file, so nothing to offer back —
    the autosave goes with the edit that made the document equal, not at the next autosave."""
    document = _open(example_copy)
    document.session.set_field(NAME, "合作与交流x", coalesce=True)
    assert document.edited() is True
    document.autosave()
    assert _autosaved(example_copy) == ["p03.toml"]
    document.session.set_field(NAME, "合作与交流", coalesce=True)  # the x deleted again
    assert document.edited() is False and _autosaved(example_copy) == []
    assert Recovery(document.workspace).pending() == []


def test_a_document_left_writes_no_autosave(example_copy):
    """A late timer after the project was closed (Esc, 不保存) never brings the edits back."""
    document = _open(example_copy)
    document.session.set_field(NAME, "不要了")
    document.leave()
    assert document.autosave() is None and _autosaved(example_copy) == []


def test_autosave_failure_is_told_not_raised(example_copy):
    document = _open(example_copy)
    document.session.set_field(NAME, "改")
    shutil.rmtree(example_copy / ".jixiao")
    (example_copy / ".jixiao").write_text("not a folder", encoding="utf-8")  # no autosave folder can be made
    failed = document.autosave()
    assert failed is not None and failed.status == FAILED and failed.message.startswith("自动保存失败：")


def test_save_writes_updates_the_row_and_drops_the_autosave(example_copy):
    document = _open(example_copy)
    outcome = document.save()
    assert (outcome.status, outcome.message, outcome.ok) == (UNCHANGED, "没有改动，无需保存", True)
    document.session.set_field(NAME, "合作与交流2")
    document.autosave()
    outcome = document.save()
    assert (outcome.status, outcome.message) == (SAVED, "已保存")
    assert not document.dirty and _autosaved(example_copy) == []
    assert _on_disk(example_copy).header.name == "合作与交流2"
    assert document.workspace.row("p03").name == "合作与交流2"
    document.session.set_field(NAME, "再改")
    assert document.save().status == SAVED  # the text saved is the new baseline: no false conflict


def test_a_change_on_disk_is_a_conflict_and_nothing_is_written(example_copy):
    document = _open(example_copy)
    theirs = _file(example_copy).read_text(encoding="utf-8").replace('category = "其他运转类"', 'category = "别人改的"')
    _file(example_copy).write_text(theirs, encoding="utf-8")
    document.session.set_field(NAME, "合作与交流我")
    outcome = document.save()
    assert outcome.status == CONFLICT and outcome.conflict and not outcome.ok
    assert outcome.message.endswith("p03.toml 在打开之后已在别处被修改；为免覆盖，未保存")
    assert _file(example_copy).read_text(encoding="utf-8") == theirs
    assert document.dirty


def test_reload_from_disk_takes_theirs_and_undo_brings_mine_back(example_copy):
    document, theirs = _conflict(example_copy)
    outcome = document.reload_from_disk()
    assert (outcome.status, outcome.message) == (DONE, "已读取磁盘上的版本；按 Ctrl+Z 可找回你的修改")
    assert document.project.header.category == "别人改的" and document.project.header.name == "合作与交流"
    assert not document.dirty and _autosaved(example_copy) == []
    assert document.session.undo() == "读取磁盘上的版本"
    assert document.project.header.name == "合作与交流我" and document.dirty
    assert document.save().status == SAVED  # over their version, which it was reloaded from
    assert _on_disk(example_copy).header.name == "合作与交流我"


def test_reload_from_a_broken_file_keeps_my_edits(example_copy):
    document = _open(example_copy)
    document.session.set_field(NAME, "我的")
    _file(example_copy).write_text("[header\n", encoding="utf-8")
    outcome = document.reload_from_disk()
    assert outcome.failed
    assert outcome.message == "磁盘上的文件现有格式错误，无法读取；你的修改仍在，可另存为新项目"
    assert document.project.header.name == "我的" and document.dirty


def test_save_as_new_keeps_mine_as_a_new_project_and_theirs_as_it_is(example_copy):
    document, theirs = _conflict(example_copy)
    outcome = document.save_as_new()
    assert (outcome.status, outcome.message) == (DONE, "你的版本已另存为 p11；p03 保留别处的修改")
    assert document.pid == "p11" and not document.dirty
    assert _file(example_copy).read_text(encoding="utf-8") == theirs
    mine = _on_disk(example_copy, "p11")
    assert mine.header.name == "合作与交流我（我的版本）" and mine.header.category == "其他运转类"
    assert "p11" in document.workspace and _autosaved(example_copy) == []
    assert document.session.undo() == "另存为新项目"


def test_a_new_project_is_not_on_disk_until_its_first_save(example_copy):
    ws = Workspace.open(example_copy)
    document = ProjectDocument.new(ws)
    assert document.pid == "p11" and not document.on_disk and document.dirty  # a draft: unsaved as a whole
    assert (document.project.order, document.project.header.name) == (11, "新项目")
    assert document.project.header.department == "上海市松江区人民政府办公室"
    document.session.set_field(NAME, "合作与交流")
    document.autosave()
    assert not _file(example_copy, "p11").exists() and _autosaved(example_copy) == ["p11.toml"]
    assert document.save().status == SAVED
    assert document.on_disk and _on_disk(example_copy, "p11").header.name == "合作与交流"
    assert "p11" in ws and ws.row("p11").name == "合作与交流" and _autosaved(example_copy) == []


def test_leaving_a_new_project_unsaved_leaves_nothing(example_copy):
    ws = Workspace.open(example_copy)
    before = sorted(p.name for p in (example_copy / "projects").iterdir())
    document = ProjectDocument.new(ws, copy_of="p03")
    assert document.project.header.name == "合作与交流（副本）"
    document.session.set_field(NAME, "未保存")
    document.autosave()
    document.leave()
    assert sorted(p.name for p in (example_copy / "projects").iterdir()) == before
    assert _autosaved(example_copy) == [] and "p11" not in ws


def test_a_new_project_whose_id_was_taken_meanwhile_is_a_conflict(example_copy):
    document = ProjectDocument.new(Workspace.open(example_copy))
    _file(example_copy, "p11").write_text('[header]\nname = "别人的"\n', encoding="utf-8")
    assert document.save().conflict
    assert _on_disk(example_copy, "p11").header.name == "别人的"


def test_leaving_drops_the_autosave(example_copy):
    document = _open(example_copy)
    document.session.set_field(NAME, "不要了")
    document.autosave()
    document.leave()
    assert _autosaved(example_copy) == [] and _on_disk(example_copy).header.name == "合作与交流"


def test_an_autosave_is_restored_as_one_undo_step(example_copy):
    document = _open(example_copy)
    document.session.set_field(NAME, "合作与交流未存")
    document.autosave()  # ... and the terminal is killed
    recovery = Recovery(Workspace.open(example_copy))
    [pending] = recovery.pending()
    assert pending.id == "p03" and pending.project.header.name == "合作与交流未存"
    restored = recovery.restore(pending)
    assert restored.dirty and restored.project.header.name == "合作与交流未存"
    assert restored.session.undo() == "恢复自动保存的修改" and not restored.dirty
    restored.session.redo()
    assert restored.save().status == SAVED and Recovery(restored.workspace).pending() == []


def test_an_autosave_of_a_project_whose_file_is_gone_brings_it_back(example_copy):
    document = _open(example_copy)
    document.session.set_field(NAME, "还在")
    document.autosave()
    _file(example_copy).unlink()
    ws = Workspace.open(example_copy)
    recovery = Recovery(ws)
    [pending] = recovery.pending()
    restored = recovery.restore(pending)
    assert _on_disk(example_copy).header.name == "还在" and "p03" in ws
    assert not restored.dirty and restored.project.header.name == "还在"


def test_an_autosave_can_be_discarded(example_copy):
    document = _open(example_copy)
    document.session.set_field(NAME, "丢弃")
    document.autosave()
    recovery = Recovery(Workspace.open(example_copy))
    [pending] = recovery.pending()
    recovery.discard(pending)
    assert recovery.pending() == [] and _autosaved(example_copy) == []
    assert _on_disk(example_copy).header.name == "合作与交流"


def test_the_autosave_is_what_a_save_would_write(example_copy):
    """The autosave edits the loaded text, so comments survive a restore too."""
    document = _open(example_copy)
    document.session.set_field(NAME, "改名")
    document.autosave()
    saved = Autosave(Store.open(example_copy)).path("p03").read_text(encoding="utf-8")
    document.save()
    assert _file(example_copy).read_text(encoding="utf-8") == saved


def test_reload_from_a_deleted_file_keeps_my_edits(example_copy):
    document = _open(example_copy)
    document.session.set_field(NAME, "我的")
    _file(example_copy).unlink()
    assert document.save().message.endswith("p03.toml 在打开之后已被删除；为免覆盖，未保存")
    outcome = document.reload_from_disk()
    assert outcome.failed and outcome.message == "磁盘上的文件已被删除，无法读取；你的修改仍在，可另存为新项目"
    assert document.project.header.name == "我的" and document.dirty
    assert document.save_as_new().ok and _on_disk(example_copy, "p11").header.name == "我的（我的版本）"


# -- the unit's own information (unit.toml), as the unit form edits it ----------------------

def _unit(root: Path):
    from store.unit_document import UnitDocument

    return UnitDocument.open(Workspace.open(root))


def test_the_unit_is_checked_live_against_the_projects(example_copy):
    document = _unit(example_copy)
    assert document.findings == [] and not document.dirty and document.projects[:2] == (10, 0)
    document.set_field(("declared_projects",), 9)
    document.set_field(("declared_total",), Decimal("49400000"))
    document.set_field(("name",), "")
    assert [(f.rule, f.line) for f in document.findings] == [("unit-required", 2), ("unit-count", 6), ("unit-total", 7)]
    assert document.dirty and not document.set_field(("name",), "")  # the same value again: no change


def test_saving_the_unit_keeps_comments_and_the_way_values_were_written(example_copy):
    path = example_copy / "unit.toml"
    before = path.read_text(encoding="utf-8")
    document = _unit(example_copy)
    assert document.save().status == UNCHANGED and path.read_text(encoding="utf-8") == before
    document.set_field(("department",), "松江区政府")
    document.set_field(("framework",), "2020")
    assert document.save().status == SAVED and not document.dirty
    assert path.read_text(encoding="utf-8") == before.replace(
        'department = "上海市松江区人民政府办公室"     #', 'department = "松江区政府"     #') + 'framework = "2020"\n'
    assert '"4941.00 万元"' in path.read_text(encoding="utf-8")  # untouched values keep their bytes


def test_a_saved_unit_is_what_the_projects_are_checked_against(example_copy):
    document = _unit(example_copy)
    ws = document.workspace
    document.set_field(("department",), "别的部门")
    document.save()
    assert ws.unit.department == "别的部门" and document.workspace_changed and ws.pending == ws.ids
    ws.settle()
    assert {ws.row(pid).warnings for pid in ws.ids} == {1}  # header-department: each project's 主管部门 differs now
    assert ws.unit_findings() == []


def test_a_unit_changed_on_disk_is_a_conflict_and_nothing_is_written(example_copy):
    path = example_copy / "unit.toml"
    document = _unit(example_copy)
    theirs = path.read_text(encoding="utf-8").replace("budget_units = 1 ", "budget_units = 2 ")
    path.write_text(theirs, encoding="utf-8")
    document.set_field(("name",), "我的")
    outcome = document.save()
    assert outcome.status == CONFLICT and outcome.message.endswith("unit.toml 在打开之后已在别处被修改；为免覆盖，未保存")
    assert path.read_text(encoding="utf-8") == theirs
    assert document.save(overwrite=True).status == SAVED
    assert 'name = "我的"' in path.read_text(encoding="utf-8") and "budget_units = 1 " in path.read_text(encoding="utf-8")


def test_a_unit_conflict_can_take_the_file_as_it_is(example_copy):
    path = example_copy / "unit.toml"
    document = _unit(example_copy)
    path.write_text(path.read_text(encoding="utf-8").replace("budget_units = 1 ", "budget_units = 2 "), encoding="utf-8")
    document.set_field(("name",), "我的")
    assert document.save().conflict
    assert document.reload_from_disk().status == DONE
    assert document.unit.budget_units == 2 and document.unit.name == "上海市松江区人民政府办公室（本级）"
    assert not document.dirty and document.save().status == UNCHANGED


def test_a_unit_toml_that_cannot_be_parsed_is_not_opened(example_copy):
    (example_copy / "unit.toml").write_text('name = "未闭合\n', encoding="utf-8")
    with pytest.raises(CannotOpen, match="unit.toml 有格式错误"):
        _unit(example_copy)


def test_a_new_store_reports_nothing_the_app_has_no_field_for(tmp_path):
    """After `jixiao new` and a first (empty) project saved from the app, every finding names a field of
    the unit form, of the project form, or the cost or indicator table: all of it can be fixed in the app."""
    from store.model import PROJECT_FIELDS, UNIT_FIELDS

    root = tmp_path / "新申报"
    Store.create(root, 2025)
    document = ProjectDocument.new(Workspace.open(root))
    assert document.save().status == SAVED
    ws = Workspace.open(root)
    found = ws.unit_findings() + ws.project_findings(document.pid)
    unit_form = {spec.key for spec in UNIT_FIELDS}
    project_form = {spec.key for spec in PROJECT_FIELDS if spec.attr != "order"}
    assert {f.rule for f in ws.unit_findings()} == {"unit-required", "unit-count"}
    for finding in found:
        path = tuple(finding.path)
        where = project_form if finding.project else unit_form
        assert path in where or path[0] in ("budget", "indicators"), finding


def test_a_new_draft_never_takes_the_id_of_an_unsaved_draft_kept_by_a_killed_session(example_copy):
    first = ProjectDocument.new(Workspace.open(example_copy))
    first.session.set_field(NAME, "上次的草稿")
    first.autosave()  # ... and the terminal is killed: p11 exists only as an autosave
    second = ProjectDocument.new(Workspace.open(example_copy))
    assert (first.pid, second.pid) == ("p11", "p12")
    second.session.set_field(NAME, "这次的")
    second.autosave()
    assert [p.project.header.name for p in Recovery(Workspace.open(example_copy)).pending()] == ["上次的草稿", "这次的"]


def test_an_undo_says_which_place_it_changed(example_copy):
    """Undo and redo name the place they changed, as findings name places, so the screen can go there."""
    import copy

    from store import model as m
    from store.document import first_difference

    document = ProjectDocument.open(Workspace.open(example_copy), "p03")
    session = document.session
    session.set_field(("header", "implementer"), "某某单位")
    session.edit("插入行", lambda p: p.budget.groups[1].lines.insert(2, m.CostLine()))
    session.set_field(("indicators", 3, "target"), "≥1")
    assert document.undo().place == ("indicators", 3, "target")
    assert document.undo().place == ("budget", "groups", 1, "lines", 2, "item")
    step = document.undo()
    assert step.place == ("header", "implementer") and step.description == "header.implementer"
    assert document.undo() is None
    assert document.redo().place == ("header", "implementer")
    before = copy.deepcopy(session.project)
    session.edit("删除行", lambda p: p.budget.groups[0].lines.pop())  # the last of three
    assert first_difference(before, session.project) == ("budget", "groups", 0, "lines", 1)
    assert first_difference(before, before) == ()
