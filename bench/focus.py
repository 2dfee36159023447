"""4. What a Tab on the project screen writes to the terminal, in a real pseudo-terminal of 80×24.

    python3 bench/focus.py [--rounds 1] [--each]    # only this measure, printed (no docs written)

``bench/run.py`` runs it right after measure 4 (and alone with ``--only focus``).

Project p03 of the example store is opened (Enter on it, as in ``bench/opening.py``);
then Tab is pressed 13 times, from 项目名称 through 基本信息 and 项目资金 to their last
field, and Shift+Tab 7 times back: the bytes the program writes after each key are
counted.  The floor: the bytes per typed character in a bare Textual Input (measure
4's floor).  The goal: a Tab writes at most 1.5 times that, i.e. moving the focus
repaints the two fields involved and the key bar, not the screen.

For reference, a second row: Tabs on into the sections below the view (项目说明, the
budget's text and table), where each Tab scrolls the form and so repaints it.
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
TAB, BACK = b"\t", b"\x1b[Z"
#: The focus starts on 项目名称: 13 Tabs to 其他资金（年度）, the last field of 项目资金, and 7 Shift+Tabs back
#: to 计划完成日期: 20 moves among the fields on screen when the project opens.
ON_SCREEN = [TAB] * 13 + [BACK] * 7
#: Then back to 其他资金（年度）, not counted, and 7 Tabs on: the five fields of 项目说明, the text of 年度预算安排
#: and the budget table, each below the view (the form scrolls).
BACK_DOWN, BELOW = [TAB] * 7, [TAB] * 7


def key_bytes(example: Path, counted: list[bytes], between: list[bytes] = (), then: list[bytes] = ()) -> tuple[
        list[int], list[int]]:
    """Bytes written to the terminal after each key of ``counted`` in the open project p03; after
    ``between`` (not counted), those after each key of ``then``."""
    term = r.ready_terminal([r.PY, "-m", "jixiao", str(example)], READY, TO_P03)
    try:
        term.send(b"\r")
        term.wait_for(OPENED.encode("utf-8"), 60)
        term.read(1.5)  # the fields behind the preview and the sections below are built
        first = []
        for key in counted:
            term.send(key)
            first.append(term.read(0.25))
        for key in between:
            term.send(key)
            term.read(0.25)
        second = []
        for key in then:
            term.send(key)
            second.append(term.read(0.25))
        return first, second
    finally:
        term.close()


def focus_measure(example: Path, rounds: int = 1) -> list[tuple[str, str, str, str, str, str]]:
    """Bytes per Tab (and Shift+Tab) among the fields of p03 on screen against bytes per character typed in
    a bare Input, interleaved (``rounds`` of each); and, for reference, per Tab into the sections below."""
    ours: list[int] = []
    below: list[int] = []
    bare: list[int] = []
    for _ in range(rounds):
        bare += r.typing_bytes([r.PY, "-c", r.BARE_APP], "BARE-FLOOR", [], "12345678901234567890")
        on_screen, scrolled = key_bytes(example, ON_SCREEN, BACK_DOWN, BELOW)
        ours += on_screen
        below += scrolled
    mine, floor, down = statistics.mean(ours), statistics.mean(bare), statistics.mean(below)
    return [("4. 项目页每按一次 Tab 写往终端的字节（80×24，基本信息与项目资金中 Tab 13 次、Shift+Tab 7 次）",
             f"{mine:.0f} B", f"{floor:.0f} B", f"{mine / floor:.2f}×", "≤ 1.5×", r.met(mine <= 1.5 * floor)),
            ("4. 同上，Tab 进入下方的项目说明、预算文字与预算表（每次表单滚动）", f"{down:.0f} B", f"{floor:.0f} B",
             f"{down / floor:.2f}×", "（参考）", r.met(None))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--each", action="store_true", help="print the bytes after each key instead")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    shutil.copytree(r.EXAMPLE, tmp / "songjiang-2024", ignore=shutil.ignore_patterns(".jixiao"))
    if args.each:
        on_screen, below = key_bytes(tmp / "songjiang-2024", ON_SCREEN, BACK_DOWN, BELOW)
        print("Tab ×13, Shift+Tab ×7:", on_screen)
        print("Tab ×7 below:", below)
        return
    for row in focus_measure(tmp / "songjiang-2024", args.rounds):
        print(" | ".join(row))


if __name__ == "__main__":
    main()
