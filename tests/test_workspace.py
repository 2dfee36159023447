"""The workspace opens without parsing projects, and never shows a changed file's old row for long."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from store.cache import INDEX_NAME, summarize_many
from store.rules import check_store
from store.toml_store import Store
from store.workspace import Workspace


def _rows(ws: Workspace) -> dict:
    return {row.id: (row.name, row.annual, row.errors, row.warnings, row.broken) for row in ws.rows()}


def _settle(ws: Workspace, jobs: int | None = None) -> None:
    for batch in ws.summaries_for(ws.pending, jobs):
        ws.apply(batch, ws.generation)


def test_a_store_without_index_opens_pending_then_fills(example_copy):
    ws = Workspace.open(example_copy, settle=False)
    assert ws.unknown == 10 and len(ws.pending) == 10
    assert all(row.pending for row in ws.rows())
    assert [f.rule for f in ws.unit_findings()] == []  # unit rules wait for every row
    _settle(ws)
    assert ws.unknown == 0 and ws.pending == []
    rows = _rows(ws)
    assert rows["p01"] == ("东西部扶贫帮困", Decimal("37780000"), 1, 0, False)
    assert ws.projects_total == Decimal("49410000")
    assert [pid for pid, row in rows.items() if row[2]] == ["p01", "p07", "p09"]


def test_with_an_index_rows_show_at_once_and_are_confirmed(example_copy):
    Workspace.open(example_copy)  # settles and writes the index
    assert (example_copy / ".jixiao" / "cache" / INDEX_NAME).is_file()
    ws = Workspace.open(example_copy, settle=False)
    assert ws.unknown == 0 and len(ws.pending) == 10  # shown from the index, not yet confirmed
    assert _rows(ws) == _rows(Workspace.open(example_copy))
    _settle(ws)
    assert ws.pending == []


def test_a_file_changed_behind_the_index_is_corrected(example_copy):
    Workspace.open(example_copy)
    path = example_copy / "projects" / "p01.toml"
    st = path.stat()
    text = path.read_text(encoding="utf-8").replace('amount = "1260 万元"', 'amount = "1252 万元"')
    assert len(text.encode()) == st.st_size  # same size ...
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # ... and same time: the stamp can't tell
    ws = Workspace.open(example_copy, settle=False)
    assert "多 75,000.00 元" in ws.project_findings("p01")[0].message  # provisional, from the index
    _settle(ws)
    [finding] = ws.project_findings("p01")  # the digest could tell
    assert "少 5,000.00 元" in finding.message and finding.rule == "budget-total"


def test_a_changed_stamp_makes_the_row_pending(example_copy):
    Workspace.open(example_copy)
    path = example_copy / "projects" / "p02.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('name = "法律顾问费"', 'name = "法律顾问服务费"'),
                    encoding="utf-8")
    ws = Workspace.open(example_copy, settle=False)
    assert ws.row("p02").pending and ws.unknown == 1
    assert ws.project_findings("p02") == []  # asking reads that one file now
    assert ws.row("p02").name == "法律顾问服务费" and ws.unknown == 0


def test_results_of_an_older_generation_are_dropped(example_copy):
    ws = Workspace.open(example_copy, settle=False)
    batches = list(ws.summaries_for(ws.pending))
    ws.reload(settle=False)
    assert all(ws.apply(batch, ws.generation - 1) == [] for batch in batches)
    assert ws.unknown == 10


def test_a_saved_project_is_not_overwritten_by_an_older_answer(example_copy):
    ws = Workspace.open(example_copy, settle=False)
    batches = list(ws.summaries_for(ws.pending))  # read before the save below
    project = ws.project("p03")
    project.header.name = "新名称"
    ws.store.save_project(project)
    ws.reload_project("p03")
    for batch in batches:
        ws.apply(batch, ws.generation)
    assert ws.row("p03").name == "新名称"


def test_a_file_deleted_while_reading_drops_its_row(example_copy):
    ws = Workspace.open(example_copy, settle=False)
    (example_copy / "projects" / "p04.toml").unlink()
    _settle(ws)
    assert "p04" not in ws and len(ws.rows()) == 9


def test_worker_processes_give_the_same_summaries(tmp_path, example_copy):
    """Sixty projects: enough to be spread over worker processes."""
    projects = example_copy / "projects"
    for n in range(11, 61):
        shutil.copy(projects / f"p{(n % 10) + 1:02d}.toml", projects / f"p{n:02d}.toml")
    store = Store.open(example_copy)
    unit = store.load_unit()[0]
    pids = store.project_ids()
    one = [item for batch in summarize_many(store, unit, pids, jobs=1) for item in batch]
    several = [item for batch in summarize_many(store, unit, pids, jobs=2) for item in batch]
    assert one == several and len(one) == 60
    ws = Workspace.open(example_copy, settle=False)
    _settle(ws, jobs=2)
    errors = {row.id for row in ws.rows() if row.errors}
    full = check_store(store.load())
    assert errors == {f.project for f in full if f.severity == "error" and f.project}


@pytest.mark.parametrize("in_thread", [True, False], ids=["from-a-thread", "single-threaded"])
def test_worker_processes_start_inside_the_app(example_copy, in_thread):
    """In the app sys.stderr is Textual's print capture (fileno -1), which multiprocessing
    cannot hand on; the workers must start all the same.  A program with threads (the app) starts
    them fresh (spawn); a single-threaded one (``check``, ``export``) forks them, which skips
    importing and starting Python again in each."""
    import subprocess
    import sys

    projects = example_copy / "projects"
    for n in range(11, 61):
        shutil.copy(projects / f"p{(n % 10) + 1:02d}.toml", projects / f"p{n:02d}.toml")
    script = (
        "import sys, multiprocessing, threading\n"
        "class Capture:\n"
        "    def write(self, text): return len(text)\n"
        "    def flush(self): pass\n"
        "    def fileno(self): return -1\n"
        "sys.stderr = Capture()\n"
        "from store.cache import summarize_many\n"
        "from store.toml_store import Store\n"
        f"store = Store.open({str(example_copy)!r})\n"
        "unit = store.load_unit()[0]\n"
        "def run():\n"
        "    batches = summarize_many(store, unit, store.project_ids(), jobs=2)\n"
        "    done = [s for _, s in next(batches)]\n"
        "    workers = multiprocessing.active_children()  # the pool is running now\n"
        "    own = open('/proc/self/cmdline', 'rb').read()  # (a forked worker's is its parent's)\n"
        "    fresh = [open(f'/proc/{p.pid}/cmdline', 'rb').read() != own for p in workers]\n"
        "    done += [s for batch in batches for _, s in batch]\n"
        "    print(len(done), sum(s.errors for s in done), len(workers), set(fresh))\n"
        + ("thread = threading.Thread(target=run)\nthread.start()\nthread.join()\n" if in_thread else "run()\n")
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=str(Path(__file__).resolve().parent.parent))
    assert run.returncode == 0, run.stderr
    # p01, p07, p09 and copies: 3 errors × 6; 2 workers, started fresh only from a program with threads
    assert run.stdout.split() == ["60", "18", "2", "{True}" if in_thread else "{False}"]


def test_forked_workers_print_nothing_twice(example_copy):
    """What ``check`` has printed (and holds in its buffer) when it forks its workers is printed once."""
    import subprocess
    import sys

    projects = example_copy / "projects"
    for n in range(11, 61):
        shutil.copy(projects / f"p{(n % 10) + 1:02d}.toml", projects / f"p{n:02d}.toml")
    (projects / "A B.toml").write_text("", encoding="utf-8")  # its finding sorts first: printed before the fork
    runs = [subprocess.run([sys.executable, "-m", "jixiao", "check", "--jobs", jobs, str(example_copy)],
                           capture_output=True, timeout=120, cwd=str(Path(__file__).resolve().parent.parent))
            for jobs in ("1", "2")]
    assert runs[0].returncode == runs[1].returncode == 1
    assert runs[1].stdout == runs[0].stdout
    lines = runs[1].stdout.decode().splitlines()
    assert sum("A B.toml" in line for line in lines) == 1 and lines[-1] == "核对 60 个项目：21 个错误，0 个警告"


def test_a_big_store_reads_its_index_after_the_first_paint(example_copy, monkeypatch):
    import store.workspace as workspace

    Workspace.open(example_copy)  # writes the index
    monkeypatch.setattr(workspace, "INDEX_LATER_FROM", 5)  # "big" means 5 projects here
    ws = Workspace.open(example_copy, settle=False)
    assert not ws.index_read and ws.unknown == 10
    generation = ws.generation
    index, matches = ws.read_index()  # in the app: on a worker thread
    assert sorted(matches) == ws.ids
    assert sorted(ws.take_index(index, matches, generation)) == ws.ids
    assert ws.unknown == 0 and ws.row("p01").errors == 1 and len(ws.pending) == 10
    _settle(ws)
    assert ws.pending == []


def test_opening_lists_the_projects_folder_once(example_copy, monkeypatch):
    """A store of 10,000 projects lists its folder before the first screen: once, not once for the
    ids and again for the names that are not ids (which are still reported)."""
    (example_copy / "projects" / "项目 甲.toml").write_text("", encoding="utf-8")  # not an id: a finding
    listed = []
    for name in ("listdir", "scandir"):
        real = getattr(os, name)
        monkeypatch.setattr(os, name, lambda path=".", real=real, name=name: listed.append(name) or real(path))
    ws = Workspace.open(example_copy, settle=False)
    assert listed == ["listdir"]
    assert ws.ids == [f"p{n:02d}" for n in range(1, 11)]
    assert ["项目 甲" in f.message for f in ws.unit_load_findings] == [True]


def test_a_name_with_a_line_break_is_no_project_and_hides_none(example_copy):
    """The one pass over the names joined by line breaks is not fooled by a name holding one."""
    projects = example_copy / "projects"
    (projects / "x\np99.toml").write_text("", encoding="utf-8")
    (projects / "p01.toml\nq.toml").write_text("", encoding="utf-8")
    ids, listed = Store.open(example_copy).listing()
    assert ids == [f"p{n:02d}" for n in range(1, 11)]
    assert len(listed) == 2 and all("不是有效的项目编号" in f.message for f in listed)
