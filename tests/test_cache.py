"""The check index: the same findings as a full check, never stale, safe to delete."""

from __future__ import annotations

import json
from pathlib import Path

from store.cache import INDEX_NAME
from store.checking import StoreCheck
from store.rules import check_store
from store.toml_store import Store


def _read_index(path):
    """(header, entries) of an index file: a JSON header line, then the entries."""
    head, _, body = path.read_bytes().partition(b"\n")
    return json.loads(head), json.loads(body)


def _write_index(path, head, entries):
    """Written back by hand: the header's keyed digest no longer matches the entries."""
    path.write_bytes(json.dumps(head).encode() + b"\n" + json.dumps(entries, ensure_ascii=False).encode())


def check_store_cached(store, use_index=True):
    """What `jixiao check` finds (its stream, all at once) and how many projects it read."""
    check = StoreCheck(store, use_index=use_index)
    return list(check), check.projects


def _full(root):
    loaded = Store.open(root).load()
    return check_store(loaded), len(loaded.projects)


def test_cached_check_equals_full_check_cold_and_warm(example_copy):
    store = Store.open(example_copy)
    assert check_store_cached(store) == _full(example_copy)
    index = example_copy / ".jixiao" / "cache" / INDEX_NAME
    assert index.is_file()
    assert check_store_cached(store) == _full(example_copy)


def test_a_changed_file_is_checked_again(example_copy):
    store = Store.open(example_copy)
    check_store_cached(store)
    path = example_copy / "projects" / "p03.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('amount = "28 万元"', 'amount = "29 万元"', 1),
                    encoding="utf-8")
    findings, _ = check_store_cached(store)
    assert findings == _full(example_copy)[0]
    assert "p03" in {f.project for f in findings}


def test_a_changed_unit_invalidates_every_entry(example_copy):
    store = Store.open(example_copy)
    check_store_cached(store)
    unit = example_copy / "unit.toml"
    unit.write_text(unit.read_text(encoding="utf-8").replace(
        'department = "上海市松江区人民政府办公室"', 'department = "别的部门"'), encoding="utf-8")
    findings, _ = check_store_cached(store)
    assert findings == _full(example_copy)[0]
    assert sum(f.rule == "header-department" for f in findings) == 10


def test_added_and_removed_projects(example_copy):
    store = Store.open(example_copy)
    check_store_cached(store)
    (example_copy / "projects" / "p02.toml").unlink()
    (example_copy / "projects" / "p99.toml").write_text("[header\n", encoding="utf-8")
    assert check_store_cached(store) == _full(example_copy)


def test_a_corrupt_or_foreign_index_is_rebuilt(example_copy):
    store = Store.open(example_copy)
    check_store_cached(store)
    index = example_copy / ".jixiao" / "cache" / INDEX_NAME
    index.write_bytes(b"\x80\x05garbage")
    assert check_store_cached(store) == _full(example_copy)
    index.write_text(json.dumps({"context": "another", "entries": {"p03": "nonsense"}}), encoding="utf-8")
    assert check_store_cached(store) == _full(example_copy)
    head, saved = _read_index(index)
    saved["p03"] = ["x", [["only", "two"]], None, True]  # edited by hand, wrong shape
    _write_index(index, head, saved)
    assert check_store_cached(store) == _full(example_copy)
    index.unlink()
    assert check_store_cached(store) == _full(example_copy)


def test_a_forged_entry_with_a_stale_digest_is_not_trusted(example_copy):
    """An entry is used only when the file's bytes hash to its digest."""
    store = Store.open(example_copy)
    check_store_cached(store)
    index = example_copy / ".jixiao" / "cache" / INDEX_NAME
    head, saved = _read_index(index)
    saved["p01"] = saved["p02"]  # p02's clean findings, with p02's digest
    _write_index(index, head, saved)
    findings, _ = check_store_cached(store)
    assert "budget-total" in {f.rule for f in findings if f.project == "p01"}


def test_without_the_index_nothing_is_read_or_written_and_the_findings_are_the_same(example_copy):
    store = Store.open(example_copy)
    assert check_store_cached(store, use_index=False) == _full(example_copy)
    assert not (example_copy / ".jixiao").exists()
    check_store_cached(store)  # an index now exists; --no-cache must not trust it
    index = example_copy / ".jixiao" / "cache" / INDEX_NAME
    head, saved = _read_index(index)
    for entry in saved.values():
        entry[7] = []  # an index that says every file is clean
    _write_index(index, head, saved)
    before = index.read_bytes()
    assert check_store_cached(store, use_index=False) == _full(example_copy)
    assert index.read_bytes() == before


def test_the_index_is_keyed_on_every_module_of_the_store_package(tmp_path):
    import shutil
    from pathlib import Path

    import store
    from store.cache import code_digest

    tree = tmp_path / "store"
    shutil.copytree(Path(store.__file__).parent, tree, ignore=shutil.ignore_patterns("__pycache__"))
    same = code_digest(tree)
    assert same == code_digest(Path(store.__file__).parent)
    rules = tree / "rules" / "budget.py"
    rules.write_bytes(rules.read_bytes() + b"\n# a changed rule\n")
    changed = code_digest(tree)
    assert changed != same
    (tree / "rules" / "new_family.py").write_text("# a new family of rules\n", encoding="utf-8")
    assert code_digest(tree) not in (same, changed)


def test_severities_come_back_from_the_index_as_the_model_s(example_copy):
    from store.findings import Severity

    store = Store.open(example_copy)
    first, _ = check_store_cached(store)
    again, _ = check_store_cached(store)  # read back from the index
    assert again == first and again
    assert all(isinstance(f.severity, Severity) for f in again)
    assert {type(f.as_dict()["severity"]) for f in again} == {str}
    assert [f.is_error for f in again] == [f.severity == "error" for f in first]


def test_read_file_with_the_stat_of_summarize_says_what_it_says_without(tmp_path):
    """summarize stats a file once (its stamp) and hands the stat to read_file: the same bytes or refusal."""
    import os

    import pytest

    from store.file_bytes import MAX_FILE_BYTES, Unreadable, read_file
    from store.index_trust import stamp_of, stamped

    (tmp_path / "a.toml").write_bytes("name = \"甲\"\n".encode("utf-8"))
    (tmp_path / "big.toml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    (tmp_path / "dir.toml").mkdir()
    os.mkfifo(tmp_path / "fifo.toml")
    for name in ("a.toml", "big.toml", "dir.toml", "fifo.toml"):
        path = tmp_path / name
        stamp, st = stamped(path)
        assert stamp == stamp_of(path) and st is not None
        try:
            expected = read_file(path)
        except Unreadable as err:
            with pytest.raises(Unreadable) as given:
                read_file(path, st)
            assert str(given.value) == str(err) and given.value.errno == err.errno
        else:
            assert read_file(path, st) == expected == "name = \"甲\"\n".encode("utf-8")
    assert stamped(tmp_path / "gone.toml") == (None, None)


def test_an_entry_is_dumped_as_json_dumps_writes_it():
    import json
    from decimal import Decimal

    from store.cache import Summary, dump
    from store.findings import ERROR, WARNING, Finding

    found = (Finding("field-invalid", ERROR, "“x”不是金额\n\x1b\u2028\"\\", "", "p01", ("budget", "groups", 0), "组 › 甲",
                     3, 7),
             Finding("field-unknown", WARNING, "未知的键“é”", "", "p01", (), None))
    for summary in (Summary("0" * 40, (1, 2), "项目\ud7ff", Decimal("1.50"), 3, True, ("甲", "乙"), found, (5, 6)),
                    Summary("1" * 40, None, "", None, None, False, (), ())):
        assert dump(summary) == json.dumps(summary.to_json(), ensure_ascii=False).encode("utf-8")
        assert json.loads(dump(summary))[2] == summary.name


def test_indicator_names_in_a_summary_are_each_name_on_one_line():
    """summarize_loaded keeps a printable name as it is: the same as joining its lines."""
    from hypothesis import given, strategies as st

    from store import model as m
    from store.cache import summarize_loaded
    from store.toml_store import LoadedProject

    @given(st.lists(st.one_of(st.sampled_from(["人数", "a\nb", "a\r\nb", "x\x85y", "甲\u2028乙", "\x1c", "\v", " ", "\t"]),
                              st.text(max_size=5)), max_size=5))
    def names_are_joined_lines(names):
        project = m.Project(id="p01", indicators=[m.Indicator(name=name) for name in names])
        summary = summarize_loaded(LoadedProject("p01", Path("p01.toml"), None, project), m.Unit(), "0" * 40, None)
        assert summary.names == tuple(dict.fromkeys(" ".join(n.splitlines()) for n in names if n))

    names_are_joined_lines()
