"""When ``jixiao check`` may use the index without reading a file: a settled stamp, never an edited file.

The stamp is (size, modification time, change time, inode); it is trusted only once the file was
older than the filesystem's timestamp granularity when it was stat'ed (git's racy entries).  Files
copied by a fixture are seconds old at most, so these tests move the index's clock a minute ahead
where they need settled stamps: as if the check ran a minute after the files were written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from store import checking, index_file, index_trust
from store.checking import StoreCheck
from store.index_file import INDEX_NAME, UNIT_NAME, IndexFile
from store.rules import check_store
from store.toml_store import Store

ROOT = Path(__file__).resolve().parent.parent
P03 = Path("projects") / "p03.toml"


@pytest.fixture
def a_minute_later(monkeypatch):
    """The index's clock a minute ahead: every file counts as settled."""
    monkeypatch.setattr(index_trust, "time", SimpleNamespace(time_ns=lambda: time.time_ns() + 60 * 10**9))


@pytest.fixture
def reads(monkeypatch):
    """The project files ``check`` reads (a list, filled as it reads)."""
    seen: list[str] = []
    real = checking.read_file

    def read_file(path, st=None):
        if Path(path).parent.name == "projects":
            seen.append(Path(path).stem)
        return real(path, st)

    from store import cache

    monkeypatch.setattr(checking, "read_file", read_file)
    monkeypatch.setattr(cache, "read_file", read_file)
    return seen


def run(root: Path, use_index: bool = True) -> tuple[list, int]:
    check = StoreCheck(Store.open(root), use_index=use_index, jobs=1)
    return list(check), check.projects


def full(root: Path) -> tuple[list, int]:
    loaded = Store.open(root).load()
    return check_store(loaded), len(loaded.projects)


def test_an_unchanged_store_is_checked_without_reading_a_project_file(example_copy, a_minute_later, reads):
    assert run(example_copy) == full(example_copy)  # cold: writes the index
    reads.clear()
    assert run(example_copy) == full(example_copy)
    assert reads == []


def test_a_file_rewritten_with_its_size_and_modification_time_restored_is_caught(example_copy, a_minute_later,
                                                                                  reads):
    path = example_copy / P03
    run(example_copy)
    before = os.stat(path)
    text = path.read_text(encoding="utf-8")
    assert 'amount = "28 万元"' in text
    path.write_text(text.replace('amount = "28 万元"', 'amount = "29 万元"', 1), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old time put back
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    assert after.st_ctime_ns != before.st_ctime_ns  # the one part no program sets back
    reads.clear()
    findings, count = run(example_copy)
    assert (findings, count) == full(example_copy)
    assert "p03" in reads and "p03" in {f.project for f in findings}


def test_a_file_replaced_by_another_with_the_same_size_and_time_is_caught(example_copy, a_minute_later):
    """An editor that saves by writing a new file and renaming it over the old one: a new inode."""
    path = example_copy / P03
    run(example_copy)
    before = os.stat(path)
    other = path.with_name("p03.new")
    other.write_text(path.read_text(encoding="utf-8").replace('amount = "28 万元"', 'amount = "29 万元"', 1),
                     encoding="utf-8")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, path)
    assert run(example_copy) == full(example_copy)


def test_a_racy_entry_is_confirmed_by_digest_until_its_file_is_old_enough(example_copy, monkeypatch, reads):
    """Files changed within the timestamp granularity of the check that stat'ed them may change again
    without changing their stamp: their entries are confirmed by reading, until they are old."""
    assert run(example_copy) == full(example_copy)  # files just copied: every stamp racy
    index = example_copy / ".jixiao" / "cache" / INDEX_NAME
    stamps = [entry[1] for entry in _entries(index).values()]
    assert stamps and all(len(stamp) == 2 for stamp in stamps)  # size and time only: not settled
    reads.clear()
    assert run(example_copy) == full(example_copy)
    assert sorted(reads) == sorted(Store.open(example_copy).project_ids())  # every one read and hashed
    monkeypatch.setattr(index_trust, "time", SimpleNamespace(time_ns=lambda: time.time_ns() + 60 * 10**9))
    assert run(example_copy) == full(example_copy)  # confirmed again, now settled: the index rewritten
    assert all(len(entry[1]) == 4 for entry in _entries(index).values())
    reads.clear()
    assert run(example_copy) == full(example_copy)
    assert reads == []


def test_a_stamp_is_not_settled_on_a_system_without_change_times(example_copy, monkeypatch):
    monkeypatch.setattr(index_trust.os, "name", "nt")  # Windows: st_ctime is the creation time
    st = os.stat(example_copy / P03)
    assert index_trust.stamp_from_stat(st, time.time_ns() + 60 * 10**9)[1] is None


def _entries(index: Path) -> dict:
    return json.loads(index.read_bytes().partition(b"\n")[2])


@pytest.mark.parametrize("memory_limit", [index_file.MEMORY_LIMIT, 0], ids=["read-at-once", "line-by-line"])
def test_a_truncated_or_corrupt_index_is_ignored(example_copy, a_minute_later, monkeypatch, memory_limit):
    monkeypatch.setattr(index_file, "MEMORY_LIMIT", memory_limit)
    expected = full(example_copy)
    assert run(example_copy) == expected
    index = example_copy / ".jixiao" / "cache" / INDEX_NAME
    good = index.read_bytes()
    header = good.index(b"\n") + 1
    for damaged in (good[:len(good) // 2], good[:-1], good[:header], good[:header - 1], b"",
                    good[:len(good) // 2] + b"X" + good[len(good) // 2 + 1:],
                    good.replace(b'"p03": ["', b'"p04": ["', 1), good + b"\n\"p99\": []"):
        index.write_bytes(damaged)
        assert run(example_copy) == expected
        assert index.read_bytes() == good  # written again, whole


def test_a_line_changed_after_the_index_was_verified_is_not_believed(example_copy, a_minute_later, monkeypatch):
    monkeypatch.setattr(index_file, "MEMORY_LIMIT", 0)  # read line by line: twice
    run(example_copy)
    # Unbuffered, so the second read sees the disk (as it does beyond a buffer's 8 KiB in a big index).
    monkeypatch.setattr(index_file, "open_regular", lambda path, limit: open(path, "rb", buffering=0))
    store = Store.open(example_copy)
    index = example_copy / ".jixiao" / "cache" / INDEX_NAME
    from store.cache import context_of

    saved = IndexFile.open(index.parent, context_of(store.load_unit()[1]), index_trust.index_key())
    try:
        assert saved is not None and saved.entry("p07")[0] is not None
        data = index.read_bytes()
        at = data.index(b'"cost-line-arithmetic", "error"')
        with open(index, "r+b") as handle:  # in place, same length: as a racing writer would
            handle.seek(at)
            handle.write(b'"text-control", "warning"      ')
        assert saved.entry("p07") == (None, None)
        assert saved.entry("p01")[0] is not None
    finally:
        saved.close()


def test_a_hand_edited_unit_record_is_not_used(example_copy, a_minute_later):
    unit = example_copy / "unit.toml"
    unit.write_text(unit.read_text(encoding="utf-8").replace(
        'department = "上海市松江区人民政府办公室"', 'department = ""'), encoding="utf-8")
    expected = full(example_copy)
    assert any(f.file.endswith("unit.toml") for f in expected[0])
    assert run(example_copy) == expected
    record = example_copy / ".jixiao" / "cache" / UNIT_NAME
    head, _, body = record.read_bytes().partition(b"\n")
    key, _rows = json.loads(body)
    record.write_bytes(head + b"\n" + json.dumps([key, []]).encode())  # "the unit is fine"
    assert run(example_copy) == expected


def _jixiao(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao", *args], cwd=ROOT, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_is_byte_for_byte_the_same_without_with_and_from_the_index(example_copy, fmt):
    p02 = example_copy / "projects" / "p02.toml"  # more findings, one on a key the file lacks
    rows = ["[[budget.groups]]", 'name = "多"']
    for _ in range(30):
        rows += ["[[budget.groups.lines]]", 'quantity = "2 人"', 'price = "3 元/人"', 'amount = "7 元"']
    p02.write_text(p02.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    args = ["check", str(example_copy), "--format", fmt]
    runs = [_jixiao(*args, "--no-cache"), _jixiao(*args), _jixiao(*args), _jixiao(*args, "--jobs", "1")]
    assert (example_copy / ".jixiao" / "cache" / INDEX_NAME).is_file()
    assert len(runs[0].stdout.splitlines()) > 60
    for done in runs:
        assert (done.returncode, done.stdout, done.stderr) == (1, runs[0].stdout, b"")
    for pid in ("p02", "p03"):  # p03: no findings
        only = [_jixiao(*args, "--project", pid, *extra).stdout for extra in ([], ["--no-cache"])]
        assert only[0] == only[1]
        if fmt == "json":  # streamed through a temporary file: still exactly what json.dumps writes
            payload = json.loads(only[0])
            assert only[0] == (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            assert (pid == "p03") == (payload["findings"] == [])
    if fmt == "json":
        payload = json.loads(runs[0].stdout)
        assert runs[0].stdout == (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def test_an_entry_out_of_shape_in_a_signed_index_is_read_again(example_copy, a_minute_later, reads):
    """Defence in depth, as the whole-file attack tests show, for an index written one entry a line."""
    expected = full(example_copy)
    run(example_copy)
    index = example_copy / ".jixiao" / "cache" / INDEX_NAME
    head, _, body = index.read_bytes().partition(b"\n")
    forged = body.replace(b'"cost-line-arithmetic", "error"', b'"made-up", "error"', 1)
    assert forged != body and forged.startswith(b"{\n")
    context = json.loads(head)["context"]
    index.write_bytes(json.dumps({"context": context, "mac": index_trust.mac(index_trust.index_key(), context,
                                                                             forged)}).encode() + b"\n" + forged)
    reads.clear()
    assert run(example_copy) == expected
    assert reads == ["p07"]


def test_a_check_stopped_early_leaves_the_index_as_it_was(example_copy, a_minute_later):
    run(example_copy)
    cache = example_copy / ".jixiao" / "cache"
    before = {path.name: path.read_bytes() for path in cache.iterdir()}
    (example_copy / P03).write_text((example_copy / P03).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    stream = iter(StoreCheck(Store.open(example_copy), jobs=1))
    next(stream)  # `jixiao check | head -1`
    stream.close()
    assert {path.name: path.read_bytes() for path in cache.iterdir()} == before  # no temporary file left either


def test_an_unchanged_clean_store_is_checked_without_the_rules_or_the_exports(example_copy):
    """Scripted commands start fast: the second check of a store with nothing to report loads neither
    the rule modules nor the export tables (their findings and the unit's come from the index)."""
    for pid in ("p01", "p07", "p09"):  # the example's three errors
        (example_copy / "projects" / f"{pid}.toml").unlink()
    unit = example_copy / "unit.toml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("declared_projects = 10 ", "declared_projects = 7 ")
                    .replace('declared_total = "4941.00 万元"', 'declared_total = "539.00 万元"'), encoding="utf-8")
    probe = ("import sys\nfrom jixiao.cli import main\ncode = main(['check', sys.argv[1]])\n"
             "print(code, sorted(m for m in sys.modules\n"
             "                   if m.startswith(('store.rules', 'exports', 'multiprocessing'))))")
    runs = [subprocess.run([sys.executable, "-c", probe, str(example_copy)], cwd=ROOT, capture_output=True,
                           text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}) for _ in range(2)]
    assert runs[0].stdout.splitlines()[0] == "核对 7 个项目：未发现问题"
    assert runs[1].stdout.splitlines() == ["核对 7 个项目：未发现问题", "0 []"]
