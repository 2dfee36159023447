"""10. Opening a project, and jumping within it, in a real pseudo-terminal of 80×24.

    python3 bench/opening.py [--repeat 9]    # only this measure, printed (no docs written)

``bench/run.py`` runs it as section 10 (and alone with ``--only open``).

Opening: from the Enter that opens project p03 of the example store on the unit
screen until the project screen is painted, each in a fresh process, against the
floor: a bare Textual app whose Enter pushes a screen with one Input.  The two are
measured interleaved (a loaded machine slows both alike); the medians are compared.
The goal: at most 2.5 times the floor.

Jumps: in the open project, F5, F6, F4, F3, F2 in turn (each one moves the view),
from the key until the section's title is painted.  The goal: under 50 ms (p95).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run as r  # noqa: E402

#: The floor for opening a project: a key press that pushes a screen with one Input.
BARE_SCREEN = """
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, Static

class One(Screen):
    def compose(self):
        yield Input("BARE-OPENED", id="bare")
    def on_mount(self):
        self.query_one(Input).focus()

class Bare(App):
    def compose(self):
        yield Static("BARE-READY")
    def on_key(self, event):
        if event.key == "enter":
            self.push_screen(One())

Bare().run()
"""


def key_to_paint(term: r.Terminal, key: bytes, marker: str, timeout: float = 30) -> float:
    """Seconds from writing ``key`` to the terminal until ``marker`` is painted."""
    term.output.clear()
    start = time.perf_counter()
    term.send(key)
    term.start = start
    return term.wait_for(marker.encode("utf-8"), timeout)


def open_times(cmd: list[str], ready: str, setup: list[bytes], marker: str, repeat: int) -> list[float]:
    """From the Enter that opens a screen to its first paint, each in a fresh process."""
    times = []
    for _ in range(repeat):
        term = r.ready_terminal(cmd, ready, setup)
        try:
            times.append(key_to_paint(term, b"\r", marker))
        finally:
            term.close()
    return times


#: F2–F6 in an order where each jump moves the view, and what each one paints.
JUMPS = [(b"\x1b[15~", "■ 年度预算安排"), (b"\x1b[17~", "■ 绩效目标与指标"), (b"\x1bOS", "■ 项目说明"),
         (b"\x1bOR", "■ 项目资金"), (b"\x1bOQ", "■ 基本信息")]


def jump_times(cmd: list[str], ready: str, setup: list[bytes], rounds: int) -> list[float]:
    """Seconds from each F-key to the painted section, in one open project."""
    term = r.ready_terminal(cmd, ready, setup + [b"\r"])
    try:
        term.read(1.0)  # the deferred sections are built
        times = []
        for _ in range(rounds):
            for key, marker in JUMPS:
                times.append(key_to_paint(term, key, marker, 10))
                term.read(0.2)
        return times
    finally:
        term.close()


def open_measure(example: Path, repeat: int) -> list[tuple[str, str, str, str, str, str]]:
    """10. Opening project p03 of the example store against a bare screen with one Input, interleaved;
    then F2–F6 in the open project."""
    ours_cmd = [r.PY, "-m", "jixiao", str(example)]
    bare_cmd = [r.PY, "-c", BARE_SCREEN]
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(repeat):  # interleaved: a busy machine slows both alike
        bare += open_times(bare_cmd, "BARE-READY", [], "BARE-OPENED", 1)
        ours += open_times(ours_cmd, "松江区人民政府办公室", [b"\x1b[B", b"\x1b[B"], "项目资金总额", 1)
    jumps = jump_times(ours_cmd, "松江区人民政府办公室", [b"\x1b[B", b"\x1b[B"], max(2, repeat // 2))
    goal = statistics.median(ours) <= 2.5 * statistics.median(bare)
    return [("10. 打开项目（示例 p03，按 Enter 到首次绘出）", r.summary(ours), r.summary(bare),
             f"{r.ratio(ours, bare):.2f}×", "≤ 2.5×", r.met(goal)),
            ("10. 项目内 F2–F6 跳转（按键到绘出）", r.summary(jumps, "ms", 1000), "",
             f"p95 {r.p95(jumps) * 1000:.1f} ms", "< 50 ms", r.met(r.p95(jumps) < 0.05))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    shutil.copytree(r.EXAMPLE, tmp / "songjiang-2024", ignore=shutil.ignore_patterns(".jixiao"))
    for row in open_measure(tmp / "songjiang-2024", args.repeat):
        print(" | ".join(row))


if __name__ == "__main__":
    main()
