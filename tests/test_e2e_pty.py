"""End to end, as a budget officer lives it: the installed ``jixiao`` in a real 80×24 terminal.

A store made by ``jixiao new``; the seed's project 3 (合作与交流) typed in completely, key by
key — header, funding, narrative, three groups of cost lines, goals, every indicator — and
the unit's own information; saved, quit.  Then the saved project must load to the same model
as ``examples/songjiang-2024/projects/p03.toml`` (its ``order`` aside), and ``jixiao check``
must pass the store.

No Pilot: the program runs in a pseudo-terminal (:mod:`tests.pty_screen`), keys go in as
the bytes xterm sends, Chinese as the UTF-8 bytes of a committed input-method string, and
the screen is read back with pyte.  Every step waits for what the screen shows, never for a
time; a step that does not come fails with the last screen.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from store.normalize import format_yuan, parse_measure, target_text
from store.toml_store import Store
from tests.pty_screen import PtyScreen, Shot, cells

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty") or sys.platform == "win32",
                                reason="a pseudo-terminal needs POSIX")

ROOT = Path(__file__).resolve().parent.parent
P03 = ROOT / "examples" / "songjiang-2024" / "projects" / "p03.toml"

#: Patient enough for a loaded CI machine; only a step that never comes waits this long.
STEP = 60.0


def jixiao_command() -> list[str]:
    """The installed console script: beside this Python (a venv's bin), else on PATH, else ``python -m jixiao``."""
    here = Path(sys.executable).parent
    for name in ("jixiao", "jixiao.exe"):
        if (here / name).is_file():
            return [str(here / name)]
    found = shutil.which("jixiao")
    return [found] if found else [sys.executable, "-m", "jixiao"]


# -- what the officer types: the seed's project 3 -----------------------------------------------

HEADER = [  # (label on screen, what is typed)
    ("项目名称", "合作与交流"),
    ("项目性质", "其他经常性项目"),
    ("项目类别", "其他运转类"),
    ("主管部门", "上海市松江区人民政府办公室"),
    ("实施单位", "上海市松江区人民政府办公室（本级）"),
    ("计划开始日期", "2024-01-01"),
    ("计划完成日期", "2024-12-31"),
]
FUNDING = [  # as an officer writes money: 万 and plain 元 alike
    ("项目资金总额", "200万"),
    ("其中：财政资金", "2000000"),
    ("其他资金（项目）", "0"),
    ("年度资金申请总额", "200万"),
    ("其中：当年财政拨款", "2000000"),
    ("上年结转资金", "0"),
    ("其他资金（年度）", "0"),
]
COSTS = [  # (group, [(组成, 数量, 单价, 资金需求)])
    ("公务接待项目组成", [
        ("餐费（市外）", "2000人", "150元/人", "30万元"),
        ("餐费（市内、工作人员）", "1000人", "50元/人", "5万元"),
        ("租车费", "5000公里", "10元/公里", "5万元"),
    ]),
    ("出访考察项目组成", [
        ("党政团出访西双版纳州", "1", "27万元", "27万元"),
        ("党政团出访昭通市一区三县", "1", "27万元", "27万元"),
        ("党政团出访西藏定日县", "1", "27万元", "27万元"),
        ("党政团出访六安市", "1", "9万元", "9万元"),
    ]),
    ("交流活动项目组成", [
        ("调研团出访云南地区", "4", "7万元", "28万元"),
        ("调研团出访六安市", "1", "3万元", "3万元"),
        ("联合检查团 赴云南地区项目检查", "4", "7万元", "28万元"),
        ("联合检查团 赴六安市项目检查", "2", "3万元", "6万元"),
        ("其他 (考核台账、数字化档案等)", "1", "5万元", "5万元"),
    ]),
]
INDICATORS = [  # (一级, 二级, 三级, 指标值 as typed)
    ("成本指标", "经济成本指标", "成本合理性", "合理"),
    ("产出指标", "数量指标", "接待人员数量", ">=5000人"),
    ("产出指标", "数量指标", "接待批次数量", ">=180批"),
    ("产出指标", "质量指标", "接待标准合格率", ">=95%"),
    ("效益指标", "社会效益指标", "合作交流渠道", "拓宽"),
    ("满意度指标", "服务对象满意度指标", "来访团队满意度", ">=90%"),
]
UNIT = [  # unit.toml: the store holds this one project
    ("单位名称", "上海市松江区人民政府办公室（本级）"),
    ("主管部门", "上海市松江区人民政府办公室"),
    ("项目个数", "1"),
    ("涉及项目预算资金", "200万"),
]


def _expected():
    """p03 as the example store holds it: the narrative and goals are typed from it, word for word."""
    loaded = Store.open(P03.parent.parent).load_project("p03")
    assert loaded.project is not None and not [f for f in loaded.findings if f.severity == "error"]
    return loaded.project


# -- reading the screen ------------------------------------------------------------------------------

_SCROLLBAR = "▁▂▃▄▅▆▇█▉▊▋▌▍▎▏"


def _squeezed(text: str) -> str:
    """``text`` without blanks: a wrapped or padded text compares to what was typed."""
    return re.sub(r"\s+", "", text)


def _label_row(shot: Shot, label: str) -> int | None:
    """The row of the one-line field ``label`` (its label, right-aligned, then its value)."""
    return next((y for y, row in enumerate(shot.rows) if row.strip().startswith(label)), None)


def _after_label(shot: Shot, label: str) -> str | None:
    """What the one-line field ``label`` shows after its label (its value, and any message beside it);
    None when it is not on screen."""
    y = _label_row(shot, label)
    if y is None:
        return None
    x = shot.find(label, y)
    return shot.span(y, x + len(cells(label))).strip(" " + _SCROLLBAR)


def _header(shot: Shot, labels: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
    """The nearest table header above the cursor showing ``labels``: its row and each label's column."""
    for y in range(shot.cursor[0] - 1, -1, -1):
        found = {label: shot.find(label, y) for label in labels}
        if None not in found.values():
            return y, found
    return None


class Officer:
    """The keys of one person at one terminal, each step waiting for the screen to show its effect.

    A key bound to an action (Tab, Ctrl+N, an arrow on a table) and the text typed after it may
    race inside the app: the text could reach the widget before the action moved the focus.
    A person sees the cursor move first; so does this officer.
    """

    def __init__(self, term: PtyScreen) -> None:
        self.term = term
        self.keys = 0

    def type(self, text: str) -> None:
        self.keys += len(text)
        self.term.send(text)

    def press(self, *names: str) -> None:
        self.keys += len(names)
        self.term.key(*names)

    def wait(self, what, why: str = ""):
        return self.term.wait(what, STEP, why)

    # -- one-line fields and text areas of the form
    #
    # Enter or Tab moves the focus to the next field, and the terminal cursor with it (an input
    # method opens its window there): a cursor that moved is a focus that moved.  Where it went
    # is shown by the text typed next, which must appear in that field.

    def moved(self, since: tuple[int, int] | None, why: str) -> None:
        """Wait until the cursor left ``since`` (where it was when the focus was sent on)."""
        if since is not None:
            self.wait(lambda shot: shot.cursor != since, f"the cursor to leave {since}: {why}")

    def field(self, label: str, text: str, since: tuple[int, int] | None) -> tuple[int, int]:
        """Fill the one-line field ``label`` (clearing what it holds first), Enter to the next;
        ``since``: the cursor's place before.  Returns the cursor's place after typing."""
        self.moved(since, f"the focus on {label}")
        if _after_label(self.term.shot(), label):
            self.press("ctrl+a", "ctrl+k")
            self.wait(lambda shot: _after_label(shot, label) == "", f"{label} cleared")
        self.type(text)
        end = _squeezed(text)[-8:]
        shot = self.wait(lambda shot: end in _squeezed(_after_label(shot, label) or "") and shot,
                         f"{label} showing {text}")
        self.press("enter")
        return shot.cursor

    def area(self, label: str, text: str, since: tuple[int, int] | None) -> tuple[int, int]:
        """Type ``text`` into the text area under ``label`` (Enter between its lines), Tab to the next."""
        self.moved(since, f"the focus on {label}")
        self.type(text.replace("\n", "\r"))
        end = _squeezed(text)[-12:]

        def typed(shot: Shot):
            top = next((y for y in range(shot.cursor[0], -1, -1) if shot.rows[y].strip() == label), None)
            return top is not None and end in _squeezed("".join(shot.rows[top + 1:shot.cursor[0] + 1])) and shot

        shot = self.wait(typed, f"{label} typed to its end")
        self.press("tab")
        return shot.cursor

    # -- tables: the cursor's cell is where the terminal cursor is

    def at_cell(self, labels: tuple[str, ...], column: str, blank: bool | None = None,
                row: int | None = None) -> int:
        """Wait until the table's cursor is on a cell of ``column`` (a header label among ``labels``):
        on ``row`` if given, empty (``blank``) or not if asked.  Returns the row."""
        def test(shot: Shot) -> int | None:
            header = _header(shot, labels)
            if header is None:
                return None
            _, xs = header
            y, x = shot.cursor
            if x != xs[column] or (row is not None and y != row):
                return None
            later = sorted(v for v in xs.values() if v > x)
            shown = shot.span(y, x, later[0] if later else None).strip()
            if blank is not None and blank != (not shown):
                return None
            return y + 1

        what = {None: "", True: "an empty ", False: "a filled "}[blank]
        return self.wait(test, f"the table cursor on {what}cell of {column}") - 1

    def cell(self, labels: tuple[str, ...], column: str, text: str, then: str, to: str | None = None) -> int:
        """Type ``text`` over the cursor's cell (in ``column``), then Tab (to the cell of ``to``) or Enter."""
        y = self.at_cell(labels, column)
        self.type(text)
        end = _squeezed(text)[-3:]
        self.wait(lambda shot: end in _squeezed(shot.rows[y]), f"{text} typed in {column}")
        self.press(then)
        return self.at_cell(labels, to or column, blank=False if then == "enter" else None, row=y)


def test_type_project_3_and_the_unit_in_a_real_terminal(tmp_path: Path, report_figure) -> None:
    expected = _expected()
    command = jixiao_command()
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    made = subprocess.run([*command, "new", "--year", "2024", "store"], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    store = tmp_path / "store"


    started = time.monotonic()
    with PtyScreen([*command, "store"], cwd=tmp_path, env=env) as term:
        officer = Officer(term)
        officer.wait("（未填单位名称）", "the unit screen of a new store")
        officer.wait("^n 新建项目", "the unit screen's keys")

        # -- a new project: header and funding, one-line fields, Enter to the next
        officer.press("ctrl+n")
        officer.wait(lambda shot: "项目名称" in shot.rows[shot.cursor[0]], "the cursor in 项目名称")
        cursor = None
        for label, text in HEADER + FUNDING:
            cursor = officer.field(label, text, cursor)

        # -- 项目说明 一至五, then 六's prose (left empty): multi-line fields, Tab to the next
        for label, text in [("一、项目概述", expected.narrative.overview),
                            ("二、立项依据", expected.narrative.basis),
                            ("三、实施主体", expected.narrative.responsible),
                            ("四、实施方案", expected.narrative.plan),
                            ("五、实施周期", expected.narrative.period)]:
            cursor = officer.area(label, text, cursor)
        officer.moved(cursor, "the focus on 六、年度预算安排（文字说明）")
        officer.press("tab")

        # -- the cost table: Ctrl+G a group, Ctrl+N a line; typing on a cell edits it, Tab commits
        # and moves to the next cell, Enter commits
        costs = ("组成", "数量", "单价", "资金需求")
        officer.wait("还没有预算明细", "the empty cost table")
        for group, lines in COSTS:
            officer.press("ctrl+g")
            officer.at_cell(costs, "组成", blank=True)
            officer.cell(costs, "组成", group, "enter")
            for item, quantity, price, amount in lines:
                officer.press("ctrl+n")
                officer.at_cell(costs, "组成", blank=True)
                officer.cell(costs, "组成", item, "tab", "数量")
                officer.cell(costs, "数量", quantity, "tab", "单价")
                officer.cell(costs, "单价", price, "tab", "资金需求")
                y = officer.cell(costs, "资金需求", amount, "enter")
                yuan = format_yuan(parse_measure(amount).yuan())
                officer.wait(lambda shot, y=y, yuan=yuan: yuan in shot.rows[y], f"{item} at {yuan} 元")

        # -- goals (F6 jumps there), then the indicators
        cursor = officer.term.shot().cursor
        officer.press("f6")
        cursor = officer.area("项目总目标", expected.goals.overall, cursor)
        cursor = officer.area("年度总体目标", expected.goals.annual, cursor)
        officer.moved(cursor, "the focus on the indicator table")
        levels = ("一级指标", "二级指标", "三级指标", "指标值")
        officer.wait("还没有绩效指标", "the empty indicator table")
        for index, (level1, level2, name, target) in enumerate(INDICATORS):
            officer.press("ctrl+n")
            if index:  # main today: the new row copies 一级 and 二级, the cursor on 三级
                officer.at_cell(levels, "三级指标", blank=True)
                officer.press("left", "left")
            officer.at_cell(levels, "一级指标")
            officer.cell(levels, "一级指标", level1, "tab", "二级指标")
            officer.cell(levels, "二级指标", level2, "tab", "三级指标")
            officer.cell(levels, "三级指标", name, "tab", "指标值")
            y = officer.cell(levels, "指标值", target, "enter")
            shown = target_text(target)
            officer.wait(lambda shot, y=y, shown=shown: shown in shot.rows[y], f"{name} at {shown}")

        # -- save, quit
        officer.press("ctrl+s")
        officer.wait(lambda shot: "未保存" not in shot.rows[0], "the project saved")
        officer.press("ctrl+q")
        status = term.wait_exit(STEP)
    seconds = time.monotonic() - started
    assert status == 0

    saved = Store.open(store).load_project("p01")
    assert saved.project is not None, saved.findings
    assert replace(saved.project, id=expected.id, order=expected.order) == expected

    checked = subprocess.run([*command, "check", "store"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    report_figure(f"end to end in a pty: project 3 and the unit typed in {officer.keys:,} keys, "
                  f"{seconds:.1f} s ({' '.join(command)})")
