"""2. The app on a big store: reading it in the background, and its memory.

    python3 bench/app_store.py STORE [--repeat 3]   # only these rows, printed (no docs written)

``bench/run.py`` runs it right after the first-screen rows (and alone with ``--only app``).

Reading: the app opened on a store without an index, in a real pseudo-terminal
of 80×24, from its start until it says every project is read (the notice
“已读完全部 N 个项目”, painted as the totals line's “读取中：已读 …” progress gives
way to the totals): the background worker processes have read and checked
every file.  The floor is
``jixiao check --no-cache`` of the same store with the same (default) number
of processes.  The two are measured interleaved and their medians compared;
the goal is at most 1.1 times the floor.

Memory: the peak resident size (``VmHWM``) of the app's own process once
every row is read, with the unit screen showing; goal at most 300 MB.  The
worker processes' peak is reported beside it (each one's own ``VmHWM``, the
largest), but the goal is the app's.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run as r  # noqa: E402

Row = tuple[str, str, str, str, str, str]

#: What the app paints when its background read of a big store has ended (tui/screens/unit_screen.py).
DONE = "已读完全部"


def _children(pid: int) -> list[int]:
    """The process's children, whichever of its threads started them (the app's workers: a thread's)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return out


def _cpu_seconds(pid: int) -> float:
    """User and system time the process has used so far (not its children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / r.os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _hwm_kib(pid: int) -> int:
    """The process's peak resident size (VmHWM) in KiB, 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _is_worker(pid: int) -> bool:
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def read_store(store: Path, marker: str = DONE, timeout: float = 900) -> tuple[float, int, int, float]:
    """One run of the app on ``store`` without its index: (seconds until ``marker`` is painted,
    the app's peak RSS in KiB then, its largest worker's peak RSS in KiB, the CPU seconds
    the app's own process used until then)."""
    shutil.rmtree(store / ".jixiao" / "cache", ignore_errors=True)
    term = r.Terminal([r.PY, "-m", "jixiao", str(store)])
    workers: dict[int, int] = {}
    wanted = marker.encode("utf-8")
    try:
        end = time.perf_counter() + timeout
        next_poll = 0.0
        while wanted not in term.output:
            now = time.perf_counter()
            if now > end:
                raise TimeoutError(marker)
            if now >= next_poll:  # the workers end with the reading: their peaks are read while they run
                for child in _children(term.proc.pid):
                    if child in workers or _is_worker(child):
                        workers[child] = max(workers.get(child, 0), _hwm_kib(child))
                next_poll = now + 0.25
            ready, _, _ = r.select.select([term.master], [], [], 0.05)
            if ready:
                try:
                    term.output += r.os.read(term.master, 65536)
                except OSError:
                    break
        took = time.perf_counter() - term.start
        cpu = _cpu_seconds(term.proc.pid)
        term.read(1.0)  # the index is written, the screen settles: the app as the user now has it
        return took, _hwm_kib(term.proc.pid), max(workers.values(), default=0), cpu
    finally:
        term.close()


def app_store_measure(store: Path, bare: list[float] | None = None, repeat: int = 3) -> list[Row]:
    """The app's background read of ``store`` (no index) against ``check --no-cache`` of it,
    interleaved; then the app's memory once it is read.  ``bare`` (the bare Textual app's
    first paint, from measure 2) is not needed here: these floors are `check`'s."""
    count = len(list((store / "projects").glob("*.toml")))
    check_cmd = [r.PY, "-m", "jixiao", "check", "--no-cache", str(store)]
    ours: list[float] = []
    floor: list[float] = []
    app_kib: list[int] = []
    worker_kib: list[int] = []
    for _ in range(repeat):  # interleaved: a busy machine slows both alike
        floor += r.wall(check_cmd, 1)
        took, app, worker, _ = read_store(store)
        ours.append(took)
        app_kib.append(app)
        worker_kib.append(worker)
    shutil.rmtree(store / ".jixiao" / "cache", ignore_errors=True)
    ratio = r.ratio(ours, floor)
    app_mb = statistics.median(app_kib) * 1024 / 1e6
    worker_mb = statistics.median(worker_kib) * 1024 / 1e6
    return [
        (f"2. 界面后台读取 {count:,} 个项目（无索引，到提示“已读完”）", r.summary(ours),
         r.summary(floor), f"{ratio:.2f}×", "≤ 1.1×", r.met(ratio <= 1.1)),
        (f"2. 界面内存峰值：{count:,} 个项目读完、停在单位页（工作进程各自峰值另计）",
         f"{app_mb:.0f} MB（工作进程 {worker_mb:.0f} MB）", "", "", "≤ 300 MB", r.met(app_mb <= 300)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("store", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for row in app_store_measure(args.store.resolve(), None, args.repeat):
        print(" | ".join(row))


if __name__ == "__main__":
    main()
