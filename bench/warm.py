"""Issue #15: the warm ``check`` (an unchanged store, its index written) and ``check``'s memory.

    python3 bench/warm.py [--quick]    # only these measures, printed (no docs written)

``bench/run.py`` runs them right after measure 1 (and alone with ``--only warm``).

* Start-up: a warm ``check`` of a 2,000-project store against ``python -c "import
  tomllib"``, both byte-compiled (``bench/run.py`` compiles our modules, as
  ``pip install .`` does), runs interleaved (a loaded machine slows both alike),
  medians compared.  Before the timed runs ``check`` runs until its index is
  settled (:mod:`store.index_trust`: a file younger than the timestamp
  granularity is confirmed by digest until it is older), as on a user's second
  check of a store not edited in the last seconds.  Goal: at most 3 times.
* Memory: peak resident memory (``ru_maxrss`` of the children, read by a small
  parent, :func:`bench.costs.peak_rss_mib`) of ``check`` with its index and of
  ``check --no-cache``, on the generated store of 10,000 projects and on one
  where every cost line is wrong (about a million findings).  Goals: 100 MiB
  with the index, 300 MiB without.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run as r  # noqa: E402
from bench.costs import peak_rss_mib  # noqa: E402
from bench.generate import generate  # noqa: E402
from store.index_file import INDEX_NAME  # noqa: E402

Row = tuple[str, str, str, str, str, str]


def settle(store: Path) -> None:
    """Run ``check`` until its index no longer changes: every stamp settled, nothing left to confirm."""
    index = store / ".jixiao" / "cache" / INDEX_NAME
    before = None
    for _ in range(4):
        r.wall([r.PY, "-m", "jixiao", "check", str(store)], 1)
        now = index.read_bytes() if index.exists() else None
        if now is not None and now == before:
            return
        before = now
        time.sleep(2.1)  # past the granularity: the files' stamps can settle on the next run


def startup(store: Path, repeat: int) -> Row:
    settle(store)
    ours: list[float] = []
    floor: list[float] = []
    for _ in range(repeat):  # interleaved
        floor += r.wall([r.PY, "-c", "import tomllib"], 1)
        ours += r.wall([r.PY, "-m", "jixiao", "check", str(store)], 1)
    n = len(list((store / "projects").glob("*.toml")))
    ok = r.ratio(ours, floor) <= 3
    return (f"1. `check`，{n:,} 个项目（热，未改动）对 `python -c \"import tomllib\"`", r.summary(ours),
            r.summary(floor), f"{r.ratio(ours, floor):.2f}×", "≤ 3×", r.met(ok))


def memory(store: Path, what: str) -> list[Row]:
    """Peak memory of ``check`` with its (settled) index and of ``check --no-cache`` on ``store``."""
    settle(store)
    n = len(list((store / "projects").glob("*.toml")))
    warm = peak_rss_mib([r.PY, "-m", "jixiao", "check", str(store)])
    cold = peak_rss_mib([r.PY, "-m", "jixiao", "check", "--no-cache", str(store)])
    return [(f"1. `check`（用索引）内存峰值，{n:,} 个项目{what}", f"{warm:.0f} MiB", "", "", "≤ 100 MiB",
             r.met(warm <= 100)),
            (f"1. `check --no-cache` 内存峰值，{n:,} 个项目{what}", f"{cold:.0f} MiB", "", "", "≤ 300 MiB",
             r.met(cold <= 300))]


def writing_memory(store: Path, what: str) -> Row:
    """For reference: ``check`` with no index yet, which reads every file and writes the index."""
    shutil.rmtree(store / ".jixiao" / "cache", ignore_errors=True)
    n = len(list((store / "projects").glob("*.toml")))
    mib = peak_rss_mib([r.PY, "-m", "jixiao", "check", str(store)])
    return (f"1. `check`（写索引）内存峰值，{n:,} 个项目{what}", f"{mib:.0f} MiB", "", "", "（参考）",
            r.met(None))


def warm_measure(stores: dict[int, Path], tmp: Path, repeat: int = 21) -> list[Row]:
    """Issue #15's warm rows: start-up on 2,000 projects, memory on the biggest store and on one of the same
    size with a finding on every cost line."""
    small = stores.get(2000) or generate(tmp / "s2000", 2000)
    big = max(stores)
    rows = [startup(small, repeat)]
    rows += memory(stores[big], "（合成申报）")
    wrong = generate(tmp / f"wrong-{big}", big, wrong=True)
    rows.append(writing_memory(wrong, "、每行预算都有问题"))
    rows += memory(wrong, "、每行预算都有问题")
    shutil.rmtree(wrong, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 projects instead of 10,000")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-warm-"))
    try:
        subprocess.run([r.PY, "-m", "compileall", "-q", "store", "exports", "tui", "jixiao"], cwd=ROOT, check=True)
        big = 1000 if args.quick else 10_000
        stores = {n: generate(tmp / f"s{n}", n) for n in (2000, big)}
        for row in warm_measure(stores, tmp, 7 if args.quick else 21):
            print(" | ".join(row), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
