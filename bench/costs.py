"""Cost grows linearly: findings per file; and how memory is measured.

    python3 bench/costs.py    # only this measure, printed (no docs written)

``bench/run.py`` runs it as its section 8.

8. One project file with N wrong cost lines (2N findings, half of them on a
   key the file lacks), N = 500, 1,000, 2,000: the time to read, check and locate it, in this process.  Linear
   means the 2,000 run takes about 4 times the 500 one.

Peak resident memory (:func:`peak_rss_mib`, used by ``bench/warm.py`` for
``check`` with and without its index on a store with a finding on every cost
line): ``ru_maxrss`` of a command's children, read by a small parent, each in a
fresh process.  With worker processes that is the largest one process.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


PY = sys.executable
EXAMPLE = ROOT / "examples" / "songjiang-2024"

#: Runs the command given after it; prints its (and its children's) peak RSS in KiB.
_PEAK = ("import resource, subprocess, sys\n"
         "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")


def peak_rss_mib(cmd: list[str]) -> float:
    out = subprocess.run([PY, "-c", _PEAK, *cmd], capture_output=True, text=True, check=True, cwd=ROOT)
    return int(out.stdout.split()[-1]) / 1024


def wrong_lines_store(folder: Path, n: int) -> Path:
    """A copy of the example whose p02 has ``n`` more cost lines, each 1 元 off and without its 组成:
    two findings each, one on a key the file does not have (located by the line of its table)."""
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".jixiao"))
    path = folder / "projects" / "p02.toml"
    rows = ["[[budget.groups]]", 'name = "多"']
    for i in range(n):
        rows += ["[[budget.groups.lines]]", 'quantity = "2 人"', 'price = "3 元/人"', 'amount = "7 元"']
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    return folder


def findings_per_file(tmp: Path, say: Callable[..., None], repeat: int = 3) -> None:
    from store import model as m
    from store.cache import summarize
    from store.toml_store import Store

    times = {}
    for n in (500, 1000, 2000):
        store = Store(wrong_lines_store(tmp / f"wrong-{n}", n))
        best = None
        for _ in range(repeat):
            start = time.perf_counter()
            summary, _ = summarize(store, m.Unit(), "p02")
            took = time.perf_counter() - start
            best = took if best is None else min(best, took)
        found = len(summary.found)
        times[n] = best
        say(f"8. 一个文件 {found:,} 条核对结果：读取、核对、定位行号", f"{best:.3f} s",
            f"{times[500] * n / 500:.3f} s", f"{best / (times[500] * n / 500):.2f}×", "线性（≤ 1.3×）",
            "达到" if best <= 1.3 * times[500] * n / 500 else "未达到")


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-costs-"))

    def say(*row: str) -> None:
        print(" | ".join(row), flush=True)

    try:
        findings_per_file(tmp, say)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
