"""Run every benchmark and write docs/benchmarks.md.

    python3 bench/run.py            # the full suite (10,000-project stores: about 15 minutes)
    python3 bench/run.py --quick    # 1,000 projects instead of 10,000, fewer repeats
    python3 bench/run.py --only xlsx  # one measure (7), printed, docs/benchmarks.md left as it is
    python3 bench/run.py --only open  # opening a project and jumping in it (10, bench/opening.py), printed
    python3 bench/run.py --only focus  # bytes per Tab on the project screen (4, bench/focus.py), printed
    python3 bench/run.py --only pyz   # the one-file pyz's start-up against the installed command
    python3 bench/run.py --only text  # `export text` against `export csv` (6, bench/text_export.py), printed
    python3 bench/run.py --only warm  # issue #15: warm check's start-up, check's memory (bench/warm.py)
    python3 bench/run.py --only check  # cold `check` and `check --jobs 1` against the parse (1), printed
    python3 bench/run.py --only app   # the app's background read of 10,000 projects and its memory (bench/app_store.py)

Each figure is a ratio to its floor, measured in the same run on the same
machine: bare tomllib for the scripted commands, a bare Textual app for the
screen, a bare Input for typing.  Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import pty
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.costs import findings_per_file  # noqa: E402
from bench.generate import generate  # noqa: E402
from store.parallel import default_jobs  # noqa: E402

PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
EXAMPLE = ROOT / "examples" / "songjiang-2024"

FLOOR_PARSE = ("import tomllib, pathlib, sys\n"
               "for p in sorted(pathlib.Path(sys.argv[1], 'projects').glob('*.toml')):\n"
               "    tomllib.loads(p.read_text(encoding='utf-8'))\n")

#: The floor's work divided among N processes at once (bench/run.py runs N of these, part k of N each).
FLOOR_PARSE_PART = ("import tomllib, pathlib, sys\n"
                    "paths = sorted(pathlib.Path(sys.argv[1], 'projects').glob('*.toml'))\n"
                    "for p in paths[int(sys.argv[3])::int(sys.argv[2])]:\n"
                    "    tomllib.loads(p.read_text(encoding='utf-8'))\n")

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Input

class Bare(App):
    TITLE = "BARE-FLOOR"
    def compose(self):
        yield Header()
        yield Input(id="bare")
        yield Footer()
    def on_mount(self):
        self.query_one(Input).focus()

Bare().run()
"""

# -- timing helpers -------------------------------------------------------------


def wall(cmd: list[str], repeat: int, before=None) -> list[float]:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):  # 1: `check` found errors; anything else would time a failure
            raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return times


def wall_parts(store: Path, parts: int) -> float:
    """FLOOR_PARSE's work in ``parts`` processes at once: the time until the last is done."""
    start = time.perf_counter()
    running = [subprocess.Popen([PY, "-c", FLOOR_PARSE_PART, str(store), str(parts), str(k)], cwd=ROOT, env=ENV)
               for k in range(parts)]
    if any(p.wait() != 0 for p in running):
        raise SystemExit("the divided floor parse failed")
    return time.perf_counter() - start


def summary(times: list[float], unit: str = "s", scale: float = 1.0) -> str:
    med = statistics.median(times) * scale
    return f"{med:.3f} {unit} ({min(times) * scale:.3f}–{max(times) * scale:.3f}, n={len(times)})"


def ratio(a: list[float], b: list[float]) -> float:
    return statistics.median(a) / statistics.median(b)


def met(ok: bool | None) -> str:
    """The last column of a row: whether its goal is met; a reference row has no goal."""
    return "—" if ok is None else ("达到" if ok else "未达到")


# -- a terminal of our own ------------------------------------------------------


class Terminal:
    """A program on a pseudo-terminal of 80×24, with every byte it writes counted."""

    def __init__(self, cmd: list[str]) -> None:
        self.master, slave = pty.openpty()
        os.set_blocking(self.master, False)
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.start = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdin=slave, stdout=slave, stderr=slave,
                                     env={**ENV, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"},
                                     start_new_session=True)
        os.close(slave)
        self.output = bytearray()

    def read(self, timeout: float) -> int:
        """Read for ``timeout`` seconds; the number of bytes read."""
        got = 0
        end = time.perf_counter() + timeout
        while (left := end - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                got += len(chunk)
                self.output += chunk
        return got

    def wait_for(self, marker: bytes, timeout: float) -> float:
        """Seconds from start until ``marker`` has been written."""
        end = time.perf_counter() + timeout
        while marker not in self.output:
            if time.perf_counter() > end:
                raise TimeoutError(marker)
            ready, _, _ = select.select([self.master], [], [], 0.01)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    break
        return time.perf_counter() - self.start

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        os.close(self.master)


def first_paint(cmd: list[str], marker: str, repeat: int, timeout: float) -> list[float]:
    times = []
    for _ in range(repeat):
        term = Terminal(cmd)
        try:
            times.append(term.wait_for(marker.encode("utf-8"), timeout))
        finally:
            term.close()
    return times


def ready_terminal(cmd: list[str], marker: str, setup: list[bytes]) -> Terminal:
    """A program on its terminal, painted, with ``setup`` keys sent and their output drained."""
    term = Terminal(cmd)
    term.wait_for(marker.encode("utf-8"), 120)
    for keys in setup:
        term.send(keys)
        term.read(0.6)
    term.read(0.5)
    return term


def typing_bytes(cmd: list[str], marker: str, setup: list[bytes], text: str) -> list[int]:
    """Bytes written to the terminal after each typed character."""
    term = ready_terminal(cmd, marker, setup)
    try:
        counts = []
        for ch in text:
            term.send(ch.encode("utf-8"))
            counts.append(term.read(0.25))
        return counts
    finally:
        term.close()


def typing_latency(cmd: list[str], marker: str, setup: list[bytes], text: str) -> list[float]:
    """Seconds from writing each character to the terminal until the screen answers."""
    term = ready_terminal(cmd, marker, setup)
    try:
        times = []
        for ch in text:
            start = time.perf_counter()
            term.send(ch.encode("utf-8"))
            ready, _, _ = select.select([term.master], [], [], 2.0)
            times.append(time.perf_counter() - start if ready else 2.0)
            term.read(0.15)  # let the frame finish before the next key
        return times
    finally:
        term.close()


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


# -- the suite --------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--only", choices=("xlsx", "pyz", "open", "focus", "text", "warm", "check", "app"),
                        help="run this one measure and print it; write no report")
    args = parser.parse_args()
    from bench.focus import focus_measure  # these use this module's terminal and timer
    from bench.opening import open_measure
    from bench.text_export import text_measure
    from bench.warm import warm_measure

    if args.only:
        for row in _only(args.only, args.quick):
            print(" | ".join(row), flush=True)
        return
    big = 1000 if args.quick else 10_000
    repeat = 1 if args.quick else 3
    rows: list[tuple[str, str, str, str, str, str]] = []
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    print(f"stores in {tmp}", file=sys.stderr)

    def say(*row: str) -> None:
        rows.append(row)  # type: ignore[arg-type]
        print(" | ".join(row), file=sys.stderr)

    # Byte-compile our modules, as `pip install .` does: otherwise, with PYTHONDONTWRITEBYTECODE set,
    # every run would compile them from source while textual's come precompiled.
    subprocess.run([PY, "-m", "compileall", "-q", "store", "exports", "tui", "jixiao"], cwd=ROOT, check=True)
    stores = {n: generate(tmp / f"s{n}", n) for n in sorted({100, 1000, big})}
    example = tmp / "songjiang-2024"  # a copy: the program writes its index into the store it opens
    shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns(".jixiao"))
    typing_store = generate(tmp / "typing", 1, lines=200)

    # 1. Big stores, scripted.
    store = stores[big]

    def no_cache() -> None:
        shutil.rmtree(store / ".jixiao" / "cache", ignore_errors=True)

    floor, check_rows = check_measure(store, repeat)  # leaves the index of a cold run, for the warm row
    for row in check_rows:
        say(*row)
    export = wall([PY, "-m", "jixiao", "export", "csv", str(store), "--what", "costs"], repeat)
    export1 = wall([PY, "-m", "jixiao", "export", "csv", "--jobs", "1", str(store), "--what", "costs"], repeat)
    warm = wall([PY, "-m", "jixiao", "check", str(store)], repeat)  # the index from the last cold run
    say(f"1. `export csv --what costs`，{big:,} 个项目（冷）", summary(export), summary(floor),
        f"{ratio(export, floor):.2f}×", "≤ 1.3×", met(ratio(export, floor) <= 1.3))
    say(f"1. `export csv --jobs 1 --what costs`，{big:,} 个项目（冷，单进程）", summary(export1), summary(floor),
        f"{ratio(export1, floor):.2f}×", "（参考）", met(None))
    say(f"1. `check`，{big:,} 个项目（热，未改动）", summary(warm), summary(floor),
        f"快 {ratio(floor, warm):.2f} 倍", "快 ≥ 60 倍", met(ratio(floor, warm) >= 60))
    for row in warm_measure(stores, tmp):
        say(*row)

    # 2. First screen.
    bare = first_paint([PY, "-c", BARE_APP], "BARE-FLOOR", 5, 30)
    ours = first_paint([PY, "-m", "jixiao", str(example)], "松江区人民政府办公室", 5, 30)
    say("2. 首屏：示例申报", summary(ours), summary(bare), f"{ratio(ours, bare):.2f}×", "≤ 1.3×",
        met(ratio(ours, bare) <= 1.3))
    big_first = first_paint([PY, "-m", "jixiao", str(store)], "合成单位", 5, 600)  # the index from `check`
    say(f"2. 首屏：{big:,} 个项目（有索引）", summary(big_first), summary(bare), f"{ratio(big_first, bare):.2f}×",
        "≤ 1.3×", met(ratio(big_first, bare) <= 1.3))
    no_cache()
    big_cold = first_paint([PY, "-m", "jixiao", str(store)], "合成单位", 5, 600)  # killed before it can write one
    say(f"2. 首屏：{big:,} 个项目（无索引）", summary(big_cold), summary(bare), f"{ratio(big_cold, bare):.2f}×",
        "≤ 2×", met(ratio(big_cold, bare) <= 2))
    from bench.app_store import app_store_measure  # the background read of the same store, and memory
    for row in app_store_measure(store, bare, repeat):
        say(*row)

    # 3. Keystroke latency: from the key written to the terminal to the screen's answer.
    text = "1234567890" * 5
    cell = [b"\r", b"\x1b[15~", b"\t", b"\x1b[B", b"\x1b[B", b"\r"]  # Enter, F5, Tab, ↓, ↓, Enter
    ours_keys = typing_latency([PY, "-m", "jixiao", str(typing_store)], "合成单位", cell, text)
    bare_keys = typing_latency([PY, "-c", BARE_APP], "BARE-FLOOR", [], text)
    say("3. 按键延迟：200 行预算表单元格（中位数）", summary(ours_keys, "ms", 1000), summary(bare_keys, "ms", 1000),
        f"{ratio(ours_keys, bare_keys):.2f}×", "≤ 2×", met(ratio(ours_keys, bare_keys) <= 2))
    say("3. 按键延迟：第 95 百分位", f"{p95(ours_keys) * 1000:.2f} ms", f"{p95(bare_keys) * 1000:.2f} ms",
        f"{p95(ours_keys) / p95(bare_keys):.2f}×", "< 16 ms", met(p95(ours_keys) < 0.016))

    # 4. Terminal traffic.
    typed = "12345678901234567890"
    ours_bytes = typing_bytes([PY, "-m", "jixiao", str(typing_store)], "合成单位", cell, typed)
    bare_bytes = typing_bytes([PY, "-c", BARE_APP], "BARE-FLOOR", [], typed)
    say("4. 每次按键写往终端的字节（80×24）", f"{statistics.mean(ours_bytes):.0f} B",
        f"{statistics.mean(bare_bytes):.0f} B", f"{statistics.mean(ours_bytes) / statistics.mean(bare_bytes):.2f}×",
        "≤ 1.5×", met(statistics.mean(ours_bytes) <= 1.5 * statistics.mean(bare_bytes)))
    for row in focus_measure(example, 1 if args.quick else 3):
        say(*row)

    # 5. Scripted start-up.
    floor5 = wall([PY, "-c", "import tomllib, csv"], 10)
    ours5 = wall([PY, "-m", "jixiao", "export", "csv", str(example)], 10)
    say("5. `export csv`，示例申报（启动）", summary(ours5), summary(floor5), f"{ratio(ours5, floor5):.2f}×", "≤ 3×",
        met(ratio(ours5, floor5) <= 3))

    # 6. Text export at scale (bench/text_export.py).
    for row in text_measure(stores[1000], repeat):
        say(*row)

    # 7. Excel workbook at scale.
    for row in xlsx_measure(stores[1000], tmp, repeat):
        say(*row)

    # pyz. The one-file build against the installed command.
    for row in pyz_measure(tmp, 20):
        say(*row)

    # 8. Cost grows linearly: findings in one file.  (Memory of checking: after 1, bench/warm.py.)
    findings_per_file(tmp, say, repeat)

    # 10. Opening a project, and jumping within it.
    for row in open_measure(example, 5 if args.quick else 9):
        say(*row)

    write_report(args.out, rows, args.quick)
    print(f"wrote {args.out}", file=sys.stderr)


_XLSX_PHASES = """
import json, sys, time
import xlsxwriter
from exports.xlsx import record, store_workbook, working
from store.toml_store import Store
spent = {"close": 0.0, "forms": 0.0, "working": 0.0}
def timed(name, func):
    def call(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start
    return call
xlsxwriter.Workbook.close = timed("close", xlsxwriter.Workbook.close)
record.replay = timed("forms", record.replay)
working.write_working_sheets = timed("working", working.write_working_sheets)
start = time.perf_counter()
store_workbook(Store.open(sys.argv[1]))
spent["total"] = time.perf_counter() - start
print(json.dumps(spent))
"""


def _only(name: str, quick: bool) -> list[tuple[str, str, str, str, str, str]]:
    """``--only NAME``: one measure's rows, on stores of its own in a fresh temporary folder, our modules
    byte-compiled first as in the full run (``--quick``: smaller stores, fewer runs)."""
    from bench.app_store import app_store_measure
    from bench.focus import focus_measure
    from bench.opening import open_measure
    from bench.text_export import text_measure
    from bench.warm import warm_measure

    tmp = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    subprocess.run([PY, "-m", "compileall", "-q", "store", "exports", "tui", "jixiao"], cwd=ROOT, check=True)
    big = 1000 if quick else 10_000
    repeat = 1 if quick else 3

    def example() -> Path:
        shutil.copytree(EXAMPLE, tmp / "songjiang-2024", ignore=shutil.ignore_patterns(".jixiao"))
        return tmp / "songjiang-2024"

    measures = {
        "warm": lambda: warm_measure({n: generate(tmp / f"s{n}", n) for n in (2000, big)}, tmp, 7 if quick else 21),
        "open": lambda: open_measure(example(), 3 if quick else 9),
        "focus": lambda: focus_measure(example(), repeat),
        "app": lambda: app_store_measure(generate(tmp / "s", big), None, repeat),
        "xlsx": lambda: xlsx_measure(generate(tmp / "s1000", 1000), tmp, repeat),
        "text": lambda: text_measure(generate(tmp / "s1000", 1000), repeat),
        "check": lambda: check_measure(generate(tmp / f"s{big}", big), repeat)[1],
        "pyz": lambda: pyz_measure(tmp, 10 if quick else 20),
    }
    return measures[name]()


_CHECK_PHASES = """
import json, sys, time
from store import reading
from store.rules import check_project
from store.toml_store import Store
store = Store(sys.argv[1])
unit = store.load_unit()[0]
spent = {"parse": 0.0, "model": 0.0, "rules": 0.0}
clock = time.process_time
start = clock()
for pid in sorted(store.project_ids()):
    text = reading.decode_text(reading.read_file(store.project_path(pid)), "")[0]
    t0 = clock()
    data = reading._loads(text)  # (as a check reads a project: tomllib, the model (quiet lines unbuilt), the depth check)
    t1 = clock()
    flat = []
    project = reading.project_from_data(data, pid, "", flat, True)[0]
    reading._shallow(data, flat)
    t2 = clock()
    check_project(project, unit, "", text)
    t3 = clock()
    spent["parse"] += t1 - t0
    spent["model"] += t2 - t1
    spent["rules"] += t3 - t2
spent["total"] = clock() - start
print(json.dumps(spent))
"""


def check_measure(store: Path, repeat: int) -> tuple[list[float], list[tuple[str, str, str, str, str, str]]]:
    """1. Cold `check` (default jobs, and `--jobs 1`) of a store against tomllib parsing its project files
    (FLOOR_PARSE), and against the same parse divided among as many processes as `check` starts (what this
    machine's cores give), runs interleaved (a loaded machine slows all alike), the index removed before each; then,
    in one process of its own, where one process's time goes, file by file: tomllib (as ``parse_text`` calls it),
    building the model, the rules (CPU time).  Returns the floor's times (the other rows of 1 use them) and the
    rows.  The last run is a cold `--jobs 1`: its index is left for the warm row."""
    import json

    floor: list[float] = []
    divided: list[float] = []  # the floor's parse divided among the default jobs' processes
    check: list[float] = []
    check1: list[float] = []
    jobs = default_jobs()

    def no_cache() -> None:
        shutil.rmtree(store / ".jixiao" / "cache", ignore_errors=True)

    load = os.getloadavg()[0]
    for _ in range(repeat):
        floor += wall([PY, "-c", FLOOR_PARSE, str(store)], 1)
        divided.append(wall_parts(store, jobs))
        check += wall([PY, "-m", "jixiao", "check", str(store)], 1, before=no_cache)
        check1 += wall([PY, "-m", "jixiao", "check", "--jobs", "1", str(store)], 1, before=no_cache)
    load = max(load, os.getloadavg()[0])
    phases = json.loads(subprocess.run([PY, "-c", _CHECK_PHASES, str(store)], cwd=ROOT, env=ENV, check=True,
                                       capture_output=True, text=True).stdout)
    parse, model, rules = phases["parse"], phases["model"], phases["rules"]
    n = len(list((store / "projects").glob("*.toml")))
    one, many = ratio(check1, floor), ratio(check, floor)
    where = (f"单进程逐文件计时（CPU）：tomllib 解析 {parse:.1f} s，建模型 {model:.1f} s（解析的 {model / parse:.0%}），"
             f"规则 {rules:.1f} s（{rules / parse:.0%}）；负载 {load:.1f}")
    goal1 = "≤ 1.2×" if one <= 1.2 else (
        f"≤ 1.2×。单是建模型与规则已是解析的 {(model + rules) / parse:.0%}（目标：解析之外的一切 ≤ 20%）："
        "无话可说的预算明细已由 tomllib 的结果直接验算、求和，不建明细行；余下是三十余条规则各读一遍文字与指标、"
        "读入基本信息与项目说明；再快须把各条规则合并成对文字与指标的一遍读取（改写规则引擎与全部规则），"
        "或换用比 tomllib 快的解析器（不用 tomllib，已明确不采用）")
    share = ratio(divided, floor)  # what dividing the parse among `jobs` processes gives on this machine
    extra = max(0.0, many - one * share)  # starting the workers, the main process's own work
    goal = "≤ 0.6×" if many <= 0.6 else (
        f"≤ 0.6×。只用 tomllib 解析同一批文件、分给 {jobs} 个进程同时做，本机也要 {share:.2f}×（下一行：{jobs} 个进程"
        f"共用缓存与内存，到不了 1/{jobs}）；单进程 {one:.2f}× 的工作照此分担约为 {one * share:.2f}×，另加启动工作进程"
        f"与主进程自己的工作（本次 +{extra:.2f}×）：要达到须单进程 ≤ {(0.6 - extra) / share:.2f}×（再下一行）或更多的核")
    return floor, [
        (f"1. `check`，{n:,} 个项目（冷）", summary(check), summary(floor), f"{many:.2f}×", goal, met(many <= 0.6)),
        (f"1. 只用 tomllib 解析同一批文件，分给 {jobs} 个进程同时做（冷 `check` 默认一行的参照）", summary(divided),
         summary(floor), f"{share:.2f}×", "（参考）", met(None)),
        (f"1. `check --jobs 1`，{n:,} 个项目（冷，单进程）", summary(check1), summary(floor), f"{one:.2f}×",
         f"{goal1}（{where}）", met(one <= 1.2)),
    ]


def xlsx_measure(store: Path, tmp: Path, repeat: int) -> list[tuple[str, str, str, str, str, str]]:
    """7. `export xlsx` of a 1,000-project store against its CSV export (the cost lines: the biggest
    table), and, for reference, against the three CSV exports whose rows the working sheets hold.
    Runs interleaved (a loaded machine slows both alike), medians; then where the workbook's time
    goes, in one process of its own: xlsxwriter's close (the sheets' XML and the zip), the forms'
    cells handed to xlsxwriter, the working sheets, and the rest (reading, which workers do while
    the forms are written, and the cover)."""
    import json

    out = str(tmp / "bench.xlsx")
    xlsx: list[float] = []
    tables: dict[str, list[float]] = {"projects": [], "costs": [], "indicators": []}
    load = os.getloadavg()[0]
    for _ in range(repeat):
        xlsx += wall([PY, "-m", "jixiao", "export", "xlsx", str(store), "-o", out], 1)
        for what, times in tables.items():
            times += wall([PY, "-m", "jixiao", "export", "csv", str(store), "--what", what], 1)
    load = max(load, os.getloadavg()[0])
    csv, three = tables["costs"], [sum(times) for times in zip(*tables.values())]
    phases = json.loads(subprocess.run([PY, "-c", _XLSX_PHASES, str(store)], cwd=ROOT, env=ENV, check=True,
                                       capture_output=True, text=True).stdout)
    total = phases["total"]
    rest = total - phases["close"] - phases["forms"] - phases["working"]
    met_goal = ratio(xlsx, csv) <= 3
    where = (f"一次 {total:.1f} s 中：xlsxwriter 生成 XML 并压缩（close）{phases['close']:.1f} s，"
             f"表格单元格交给 xlsxwriter {phases['forms']:.1f} s，三张工作表 {phases['working']:.1f} s，"
             f"其余（读取与核对在其他进程同时进行、封面）{rest:.1f} s；负载 {load:.1f}")
    goal = "≤ 3×" if met_goal else (
        "≤ 3×。xlsxwriter 自身（close 与每格的 write_*）已占大半，且只能在一个进程里写："
        "再快需不用 xlsxwriter 的写法（如各进程并行生成工作表 XML），已明确不采用")
    return [("7. `export xlsx` 对 `export csv --what costs`，1,000 个项目", summary(xlsx), summary(csv),
             f"{ratio(xlsx, csv):.2f}×", f"{goal}（{where}）", met(met_goal)),
            ("7. 同上，对三个 CSV（projects、costs、indicators）之和", summary(xlsx), summary(three),
             f"{ratio(xlsx, three):.2f}×", "（参考）", met(None))]


def pyz_measure(tmp: Path, repeat: int) -> list[tuple[str, str, str, str, str, str]]:
    """The one-file build (tools/build_pyz.py) run as the README says, ``python3 jixiao.pyz``, against the
    installed command, ``check`` and ``export csv`` of the example, runs interleaved (a loaded machine slows both
    alike); the pyz is unpacked into its cache once, before the timed runs, as on a user's second start."""
    pyz = tmp / "jixiao.pyz"
    subprocess.run([PY, str(ROOT / "tools" / "build_pyz.py"), "-o", str(pyz)], check=True, stdout=subprocess.DEVNULL)
    example = tmp / "pyz-example"
    shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns(".jixiao"), dirs_exist_ok=True)
    env = {**ENV, "XDG_CACHE_HOME": str(tmp / "pyz-cache")}
    rows = []
    for what in (["check", str(example)], ["export", "csv", str(example)]):
        installed = [PY, "-m", "jixiao", *what]
        one_file = [PY, str(pyz), *what]
        subprocess.run(one_file, env=env, stdout=subprocess.DEVNULL)  # unpack, write the bytecode
        ours, theirs = [], []
        for _ in range(repeat):
            for cmd, times in ((one_file, ours), (installed, theirs)):
                start = time.perf_counter()
                done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                times.append(time.perf_counter() - start)
                if done.returncode not in (0, 1):
                    raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
        rows.append((f"pyz：`{' '.join(what[:-1])}` 示例申报（启动）", summary(ours), summary(theirs),
                     f"{ratio(ours, theirs):.2f}×", "≤ 1.3×", met(ratio(ours, theirs) <= 1.3)))
    saved = ENV.get("XDG_CACHE_HOME")
    ENV["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]  # Terminal runs with ENV
    try:
        first_paint([PY, str(pyz), str(example)], "松江区人民政府办公室", 1, 60)  # textual's bytecode
        ours, theirs = [], []
        for _ in range(max(3, repeat // 4)):
            ours += first_paint([PY, str(pyz), str(example)], "松江区人民政府办公室", 1, 60)
            theirs += first_paint([PY, "-m", "jixiao", str(example)], "松江区人民政府办公室", 1, 60)
    finally:
        if saved is None:
            del ENV["XDG_CACHE_HOME"]
        else:
            ENV["XDG_CACHE_HOME"] = saved
    rows.append(("pyz：首屏，示例申报", summary(ours), summary(theirs), f"{ratio(ours, theirs):.2f}×", "≤ 1.3×",
                 met(ratio(ours, theirs) <= 1.3)))
    return rows


#: What follows this line in docs/benchmarks.md is written by people and kept across runs.
ANALYSIS = "<!-- analysis: kept by bench/run.py -->"


def write_report(out: Path, rows: list, quick: bool) -> None:
    versions = ", ".join(f"{name} {version(name)}"
                         for name in ("textual", "rich", "tomlkit", "tabulate", "wcwidth", "xlsxwriter"))
    lines = [
        "# 性能基准（benchmarks）",
        "",
        "每个数字都是与同一次运行中测得的“下限”之比。重现：",
        "",
        "```sh",
        "python3 bench/run.py" + (" --quick" if quick else ""),
        "```",
        "",
        f"- 机器：{platform.platform()}，{os.cpu_count()} 核，Python {platform.python_version()}",
        f"- 版本：{versions}",
        f"- 运行：{time.strftime('%Y-%m-%d %H:%M')}" + ("（--quick：1,000 个项目代替 10,000）" if quick else ""),
        "- 时间为中位数，括号内为最小–最大值与次数。",
        "",
        "| 测量 | jixiao | 下限 | 比值 | 目标 | 是否达到 |",
        "| --- | --- | --- | --- | --- | --- |",
        *[f"| {' | '.join(row)} |" for row in rows],
        "",
        "下限：1 为用 tomllib 解析同一批文件（2,000 个项目的热核对一行为 `python -c \"import tomllib\"`，"
        "内存各行为子进程的 `ru_maxrss`，见 bench/warm.py）；2 为只有标题栏、页脚和一个输入框的 Textual 程序；",
        "3、4 为在同样的 Textual 程序的输入框里打同样的字；5 为 `python -c \"import tomllib, csv\"`；6、7 为 `export csv`；",
        "8 为按 1,000 条的时间线性外推；",
        "10 为按 Enter 后推入只有一个输入框的屏幕的 Textual 程序（与打开项目交替测量，各自新起进程）。",
        "pyz：`python3 jixiao.pyz` 对安装的命令（同一命令交替运行，见 tools/build_pyz.py）。",
    ]
    kept = ""
    if out.exists():
        previous = out.read_text(encoding="utf-8")
        if ANALYSIS in previous:
            kept = "\n" + previous[previous.index(ANALYSIS):]
    out.write_text("\n".join(lines) + "\n" + kept, encoding="utf-8")


if __name__ == "__main__":
    main()
