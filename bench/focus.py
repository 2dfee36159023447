"""4. What a Tab on the project screen writes to the terminal, in a real pseudo-terminal of 80×24.

    python3 bench/focus.py [--tabs 20] [--rounds 1]    # only this measure, printed (no docs written)

``bench/run.py`` runs it right after measure 4 (and alone with ``--only focus``).

Project p03 of the example store is opened (Enter on it, as in ``bench/opening.py``);
then Tab is pressed ``tabs`` times, through the header fields, the funding and on
into the narrative, and the bytes the program writes after each one are counted.
The floor: the bytes per typed character in a bare Textual Input (measure 4's floor).
The goal: a Tab writes at most 1.5 times that, i.e. moving the focus repaints the
two fields involved and the key bar, not the screen.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run as r  # noqa: E402

#: The unit screen is ready; ↓ ↓ puts the cursor on p03; the project screen is painted.
READY, TO_P03, OPENED = "松江区人民政府办公室", [b"\x1b[B", b"\x1b[B"], "项目资金总额"


def tab_bytes(example: Path, tabs: int, key: bytes = b"\t") -> list[int]:
    """Bytes written to the terminal after each of ``tabs`` Tabs in the open project p03."""
    term = r.ready_terminal([r.PY, "-m", "jixiao", str(example)], READY, TO_P03)
    try:
        term.send(b"\r")
        term.wait_for(OPENED.encode("utf-8"), 60)
        term.read(1.5)  # the fields behind the preview and the sections below are built
        counts = []
        for _ in range(tabs):
            term.send(key)
            counts.append(term.read(0.25))
        return counts
    finally:
        term.close()


def focus_measure(example: Path, tabs: int = 20, rounds: int = 1) -> list[tuple[str, str, str, str, str, str]]:
    """Bytes per Tab on the project screen against bytes per character typed in a bare Input,
    interleaved (``rounds`` of each)."""
    ours: list[int] = []
    bare: list[int] = []
    for _ in range(rounds):
        bare += r.typing_bytes([r.PY, "-c", r.BARE_APP], "BARE-FLOOR", [], "12345678901234567890")
        ours += tab_bytes(example, tabs)
    mine, floor = statistics.mean(ours), statistics.mean(bare)
    return [("4. 项目页每按一次 Tab 写往终端的字节（80×24）", f"{mine:.0f} B", f"{floor:.0f} B",
             f"{mine / floor:.2f}×", "≤ 1.5×", r.met(mine <= 1.5 * floor))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tabs", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--each", action="store_true", help="print the bytes after each Tab, and after Shift+Tab")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    shutil.copytree(r.EXAMPLE, tmp / "songjiang-2024", ignore=shutil.ignore_patterns(".jixiao"))
    if args.each:
        print("Tab:", tab_bytes(tmp / "songjiang-2024", args.tabs))
        print("Shift+Tab:", tab_bytes(tmp / "songjiang-2024", args.tabs, b"\x1b[Z"))
        return
    for row in focus_measure(tmp / "songjiang-2024", args.tabs, args.rounds):
        print(" | ".join(row))


if __name__ == "__main__":
    main()
