"""Editing without a screen: undo and redo, live findings, autosave, trash."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from store.autosave import Autosave
from store.editing import EditSession
from store.normalize import Measure
from store.toml_store import Store
from store.workspace import Workspace


def _session(root: Path, pid: str = "p03") -> EditSession:
    return EditSession(Store.open(root).load_project(pid).project)


def test_edit_undo_redo_and_dirty(example_copy):
    session = _session(example_copy)
    assert not session.dirty and session.findings == []
    line = lambda p: p.budget.groups[0].lines[0]  # noqa: E731
    session.edit("改数量", lambda p: setattr(line(p), "quantity", Measure(Decimal(3000), "人")))
    assert session.dirty
    assert [f.rule for f in session.findings] == ["cost-line-arithmetic"]  # 30 万元 kept as typed
    assert session.undo() == "改数量"
    assert not session.dirty and session.findings == []
    assert session.redo() == "改数量"
    assert str(line(session.project).quantity) == "3000 人"
    assert session.undo() and session.undo() is None


def test_a_no_op_edit_records_nothing(example_copy):
    session = _session(example_copy)
    assert session.set_field(("header", "name"), "合作与交流") is False
    assert session.undo() is None


def test_keystrokes_in_one_field_are_one_undo_step(example_copy):
    session = _session(example_copy)
    for typed in ("合", "合作", "合作与", "合作与交流（改）"):
        session.set_field(("header", "name"), typed, coalesce=True)
    session.set_field(("funding", "annual"), Decimal(1), coalesce=True)
    session.set_field(("header", "name"), "又改", coalesce=True)
    assert session.undo() == "header.name"
    assert session.project.header.name == "合作与交流（改）"
    session.undo()
    assert session.project.funding.annual == Decimal(2000000)
    session.undo()
    assert session.project.header.name == "合作与交流"
    assert session.undo() is None


def test_saved_state_is_the_new_baseline(example_copy):
    session = _session(example_copy)
    session.set_field(("header", "category"), "其他")
    session.mark_saved()
    assert not session.dirty
    session.undo()
    assert session.dirty  # back to what is no longer on disk


def test_autosave_round_trip_and_offer(example_copy):
    store = Store.open(example_copy)
    loaded = store.load_project("p03")
    session = EditSession(loaded.project)
    session.set_field(("header", "name"), "合作与交流（未保存）")
    autosave = Autosave(store)
    autosave.write(session.project, loaded.text)
    [pending] = autosave.pending()
    assert pending.id == "p03" and pending.project == session.project
    assert store.load_project("p03").project.header.name == "合作与交流"  # the real file is untouched
    assert (example_copy / ".jixiao" / ".gitignore").read_text().strip().endswith("*")
    autosave.discard("p03")
    assert autosave.pending() == []


def test_autosave_equal_to_disk_is_dropped_silently(example_copy):
    store = Store.open(example_copy)
    loaded = store.load_project("p02")
    autosave = Autosave(store)
    autosave.write(loaded.project, loaded.text)
    assert autosave.pending() == []
    assert not autosave.path("p02").exists()


def test_torn_autosave_is_never_offered_nor_deleted(example_copy):
    store = Store.open(example_copy)
    autosave = Autosave(store)
    autosave.folder.mkdir(parents=True)
    torn = autosave.folder / "p04.toml"
    torn.write_bytes(b"[header\nname = ")
    assert autosave.pending() == []
    assert torn.exists()


def test_workspace_create_copy_and_trash(example_copy):
    ws = Workspace.open(example_copy)
    pid = ws.create_project()
    assert pid == "p11"
    new = ws.project(pid)
    assert (new.header.name, new.order, new.header.department) == ("新项目", 11, "上海市松江区人民政府办公室")
    copied = ws.create_project(copy_of="p03")
    project = ws.project(copied)
    assert project.header.name == "合作与交流（副本）" and project.budget.yuan == Decimal(2000000)
    ws.trash_project("p03")
    assert "p03" not in ws and not (example_copy / "projects" / "p03.toml").exists()
    [trashed] = (example_copy / ".jixiao" / "trash").glob("p03-*.toml")
    assert "合作与交流" in trashed.read_text(encoding="utf-8")
    rows = {row.id: row for row in ws.rows()}
    assert set(rows) == {f"p{n:02d}" for n in (1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12)}
    assert [f.rule for f in ws.unit_findings()] == ["unit-count"]  # 11 projects, 10 declared; same total
