"""The TOML store: faithful round trips, minimal edits, atomic saves, clear failures."""

from __future__ import annotations

import os
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from store import model as m
from store.normalize import Measure
from store.files import atomic_write
from store.toml_store import Store, StoreError, render_project


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_saving_unchanged_projects_leaves_every_byte(example_copy):
    before = _files(example_copy)
    store = Store.open(example_copy)
    loaded = store.load()
    for project in loaded.models:
        assert store.save_project(project) is False
    assert _files(example_copy) == before


def test_render_is_byte_identical_for_every_example_file(example_loaded):
    for lp in example_loaded.projects:
        assert render_project(lp.project, lp.text) == lp.text


def test_a_changed_value_changes_only_its_own_line(example_copy):
    store = Store.open(example_copy)
    path = store.project_path("p03")
    before = path.read_text(encoding="utf-8").splitlines()
    project = store.load_project("p03").project
    project.budget.groups[0].lines[0].amount = Measure(Decimal(31), "万元")
    project.header.name = "合作与交流（修订）"
    assert store.save_project(project) is True
    after = path.read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        ('name = "合作与交流"                                 # 项目名称',
         'name = "合作与交流（修订）"                                 # 项目名称'),
        ('amount = "30 万元"', 'amount = "31 万元"'),
    ]
    reloaded = store.load_project("p03").project
    assert reloaded == project


def test_comments_and_unknown_keys_survive_a_save(example_copy):
    store = Store.open(example_copy)
    path = store.project_path("p02")
    text = path.read_text(encoding="utf-8")
    text = text.replace("[funding]", "[funding]\n# 财务科 王某 2024-03 核过\nreviewer = \"王某\"", 1)
    path.write_text(text, encoding="utf-8")
    loaded = store.load_project("p02")
    assert [f.rule for f in loaded.findings] == ["field-unknown"]
    project = loaded.project
    project.funding.annual_carryover = Decimal("1.50")
    store.save_project(project)
    saved = path.read_text(encoding="utf-8")
    assert "# 财务科 王某 2024-03 核过\nreviewer = \"王某\"" in saved
    assert 'annual_carryover = "1.50"' in saved


def test_amounts_are_stored_as_strings_never_floats(tmp_path):
    store = Store.create(tmp_path / "s", 2024)
    project = m.Project(id="p01", order=1)
    project.header.name = "测试"
    project.funding.total = Decimal("0.1") + Decimal("0.2")
    project.budget.groups = [m.CostGroup("组", None, [
        m.CostLine("行", Measure(Decimal(3), "人"), Measure(Decimal("0.1"), "万元/人"), None)])]
    project.narrative.plan = "第一段\n第二段"
    store.save_project(project)
    text = store.project_path("p01").read_text(encoding="utf-8")
    assert 'total = "0.30"' in text
    assert 'price = "0.1 万元/人"' in text
    assert 'plan = """\n第一段\n第二段"""' in text
    data = tomllib.loads(text)
    assert not any(isinstance(v, float) for v in data["funding"].values())
    assert store.load_project("p01").project == project


def test_new_project_round_trips_through_every_field(tmp_path):
    store = Store.create(tmp_path / "s", 2024)
    source = Store.open(Path(__file__).parent.parent / "examples" / "songjiang-2024")
    for pid in source.project_ids():
        project = source.load_project(pid).project
        project.id = "n" + pid
        store.save_project(project)  # written from scratch, not from the original text
        assert store.load_project("n" + pid).project == project


def test_removing_lines_and_indicators(example_copy):
    store = Store.open(example_copy)
    project = store.load_project("p03").project
    del project.budget.groups[2]
    del project.budget.groups[0].lines[1]
    project.indicators = project.indicators[:2]
    store.save_project(project)
    assert store.load_project("p03").project == project


def test_malformed_file_names_line_and_column_and_the_rest_still_loads(example_copy):
    path = example_copy / "projects" / "p05.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = "[header"
    path.write_text("\n".join(lines), encoding="utf-8")
    loaded = Store.open(example_copy).load()
    broken = next(lp for lp in loaded.projects if lp.id == "p05")
    assert broken.project is None
    [finding] = broken.findings
    assert finding.rule == "load-syntax" and finding.line == 3 and finding.column
    assert finding.file.endswith("p05.toml")
    assert "第 3 行" in finding.message
    assert len(loaded.models) == 9


def test_invalid_values_are_reported_and_kept_on_save(example_copy):
    store = Store.open(example_copy)
    path = store.project_path("p02")
    text = path.read_text(encoding="utf-8").replace('start = "2024-01-01"', 'start = "2024-02-30"')
    text = text.replace('total = "40000.00"', 'total = "四万"')
    path.write_text(text, encoding="utf-8")
    loaded = store.load_project("p02")
    messages = {f.path: f.message for f in loaded.findings}
    assert set(messages) == {("header", "start"), ("funding", "total")}
    assert "2024年2月没有30日" in messages[("header", "start")]
    assert loaded.project.header.start is None
    loaded.project.header.name = "法律顾问费（改）"
    store.save_project(loaded.project)
    saved = path.read_text(encoding="utf-8")
    assert 'start = "2024-02-30"' in saved and 'total = "四万"' in saved


def test_wrong_types_and_odd_encodings(example_copy):
    store = Store.open(example_copy)
    path = store.project_path("p02")
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace('name = "法律顾问费"', "name = 12", 1).encode())
    loaded = store.load_project("p02")
    assert [(f.rule, f.path) for f in loaded.findings] == [("field-invalid", ("header", "name"))]
    path.write_bytes(text.encode("gb18030"))
    loaded = store.load_project("p02")
    assert loaded.project is None and loaded.findings[0].rule == "load-encoding"


def test_numbers_written_without_quotes_are_read_exactly(tmp_path):
    store = Store.create(tmp_path / "s", 2024)
    store.project_path("p01").write_text("[funding]\ntotal = 0.1\nannual = 40000\n", encoding="utf-8")
    project = store.load_project("p01").project
    assert project.funding.total == Decimal("0.1") and project.funding.annual == Decimal(40000)


@pytest.mark.parametrize("bad", ["../../x", "a/b", "", ".hidden", "项目一", "a" * 65, "x.toml"])
def test_project_ids_are_never_paths(tmp_path, bad):
    store = Store.create(tmp_path / "s", 2024)
    with pytest.raises(StoreError):
        store.project_path(bad)
    with pytest.raises(StoreError):
        store.save_project(m.Project(id=bad))
    assert sorted(p.name for p in (tmp_path / "s").rglob("*")) == ["projects", "unit.toml"]


def test_project_name_is_not_a_file_name(tmp_path):
    store = Store.create(tmp_path / "s", 2024)
    project = m.Project(id=store.new_project_id())
    project.header.name = "../../etc/passwd"
    store.save_project(project)
    assert [p.name for p in store.projects_dir.iterdir()] == ["p01.toml"]


def test_atomic_write_leaves_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "p.toml"
    target.write_bytes(b"old")

    def boom(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["p.toml"]  # no temporary file left


def test_atomic_write_keeps_mode(tmp_path):
    target = tmp_path / "p.toml"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new" and (target.stat().st_mode & 0o777) == 0o640


def test_open_and_create_errors(tmp_path):
    with pytest.raises(StoreError, match="找不到申报目录"):
        Store.open(tmp_path / "none")
    (tmp_path / "plain").mkdir()
    with pytest.raises(StoreError, match="缺少 unit.toml"):
        Store.open(tmp_path / "plain")
    Store.create(tmp_path / "s", 2024)
    before = (tmp_path / "s" / "unit.toml").read_bytes()
    with pytest.raises(StoreError, match="已是申报目录"):
        Store.create(tmp_path / "s", 2024)
    assert (tmp_path / "s" / "unit.toml").read_bytes() == before


def test_new_store_unit_file_is_commented_and_loads(tmp_path):
    store = Store.create(tmp_path / "s", 2025)
    text = store.unit_path.read_text(encoding="utf-8")
    assert "# 单位名称" in text and "# 主管部门" in text
    unit, _, findings = store.load_unit()
    assert unit.year == 2025 and findings == []


def test_save_refuses_to_overwrite_a_change_made_on_disk(example_copy):
    """Two editors of one project: whoever saves second is told, and nothing is lost."""
    from store.toml_store import SaveConflict

    store = Store.open(example_copy)
    first, second = store.load_project("p03"), store.load_project("p03")
    first.project.header.category = "第一人的修改"
    assert store.save_project(first.project, expected=first.text)
    on_disk = store.project_path("p03").read_bytes()
    second.project.header.name = "第二人的修改"
    with pytest.raises(SaveConflict, match="已在别处被修改"):
        store.save_project(second.project, expected=second.text)
    assert store.project_path("p03").read_bytes() == on_disk
    # A text editor changes the file; the app's stale copy is refused the same way.
    current = store.load_project("p03")
    store.project_path("p03").write_text(current.text.replace("第一人的修改", "编辑器的修改"), encoding="utf-8")
    with pytest.raises(SaveConflict):
        store.save_project(current.project, expected=current.text)
    assert "编辑器的修改" in store.project_path("p03").read_text(encoding="utf-8")


def test_save_refuses_to_recreate_a_project_deleted_meanwhile(example_copy):
    from store.toml_store import SaveConflict

    store = Store.open(example_copy)
    loaded = store.load_project("p02")
    store.trash_project("p02")
    with pytest.raises(SaveConflict, match="已被删除"):
        store.save_project(loaded.project, expected=loaded.text)
    assert not store.project_path("p02").exists()


def test_a_bom_survives_a_save(example_copy):
    store = Store.open(example_copy)
    path = store.project_path("p02")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    loaded = store.load_project("p02")
    loaded.project.header.category = "改"
    store.save_project(loaded.project, expected=loaded.text)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert store.load_project("p02").project.header.category == "改"


def test_temporary_files_of_killed_saves_are_swept(tmp_path):
    target = tmp_path / "p.toml"
    old = tmp_path / ".p.toml.abc123.tmp"
    fresh = tmp_path / ".p.toml.def456.tmp"
    other = tmp_path / ".q.toml.abc123.tmp"
    for stray in (old, fresh, other):
        stray.write_bytes(b"half")
    os.utime(old, (1, 1))
    os.utime(other, (1, 1))
    atomic_write(target, b"new")
    assert not old.exists()
    assert fresh.exists() and other.exists()  # maybe a save under way; another file's
