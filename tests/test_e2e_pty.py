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
from typing import Callable

import pytest

from store import model as m
from store.normalize import format_yuan, parse_measure, parse_money, target_text
from store.reading import read_project
from store.toml_store import Store
from tests.pty_screen import PtyScreen, ScreenTimeout, Shot, cells

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
UNIT = [  # unit.toml (None: as `jixiao new --year 2024` made it); the store holds this one project
    ("单位名称", "上海市松江区人民政府办公室（本级）"),
    ("主管部门", "上海市松江区人民政府办公室"),
    ("年度", None),
    ("预算单位个数", None),
    ("编报项目个数", "1"),
    ("涉及项目预算资金", "200万"),
]


#: The fields that take an amount.
MONEY = {label for label, _ in FUNDING} | {"涉及项目预算资金"}


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


def _plain(text: str) -> str:
    """``text`` without the blanks and scroll bars around it."""
    return text.strip(" " + _SCROLLBAR)


def _panel(shot: Shot) -> int:
    """The row where the check panel begins (its top line), or the screen's end."""
    return next((y for y, row in enumerate(shot.rows) if row.startswith("─")), len(shot.rows))


def _label_row(shot: Shot, label: str) -> int | None:
    """The row of the one-line field ``label`` (its label, right-aligned, then its value)."""
    return next((y for y, row in enumerate(shot.rows) if _plain(row).startswith(label)), None)


def _after_label(shot: Shot, label: str) -> str | None:
    """What the one-line field ``label`` shows after its label (its value, and any message beside it);
    None when it is not on screen."""
    y = _label_row(shot, label)
    if y is None:
        return None
    x = shot.find(label, y)
    return shot.span(y, x + len(cells(label))).strip(" " + _SCROLLBAR)


def _header(shot: Shot, labels: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
    """The table header showing ``labels``: its row and each label's column."""
    for y in range(len(shot.cells)):
        found = {label: shot.find(label, y) for label in labels}
        if None not in found.values():
            return y, found
    return None


def _table_cursor(shot: Shot, labels: tuple[str, ...]) -> tuple[int, str, str] | None:
    """The table's cursor as one sees it, a cell in another colour than its row: (row, column, colour).

    A cell spans its text and a column of padding on each side; the topmost such cell is the
    cursor (an editor's pick list, under it, is drawn the same way)."""
    header = _header(shot, labels)
    if header is None:
        return None
    top, xs = header
    for y in range(top + 1, len(shot.cells)):
        if y >= _panel(shot):
            break
        for start, _end, colour in shot.marked(y, 4, len(shot.cells[y]) - 3):
            column = next((label for label, x in xs.items() if x == start + 1), None)
            if column is not None:
                return y, column, colour
    return None


class Officer:
    """The keys of one person at one terminal, each step waiting for the screen to show its effect.

    A key bound to an action (Tab, Ctrl+N, an arrow on a table) and the text typed after it may
    race inside the app: the text could reach the widget before the action moved the focus.
    A person sees the cursor move first; so does this officer.
    """

    def __init__(self, term: PtyScreen, store: Path, expected: m.Project) -> None:
        self.term = term
        self.store = store
        #: What is being typed, as the example store holds it (to recognise it in an autosave).
        self.expected = expected
        self.keys = 0
        self.sent: list[str] = []
        #: The colour of the table's cursor on a cell not being edited (learnt on an empty new row).
        self.cursor_colour: str | None = None
        #: The fields that went out of view while typed into (under the check panel).
        self.blind: list[str] = []

    def type(self, text: str) -> None:
        self.keys += len(text)
        self.sent.append(text)
        self.term.send(text)

    def press(self, *names: str) -> None:
        self.keys += len(names)
        self.sent.extend(f"<{name}>" for name in names)
        self.term.key(*names)

    def wait(self, what, why: str = ""):
        try:
            return self.term.wait(what, STEP, why)
        except ScreenTimeout as failed:
            raise ScreenTimeout(f"{failed}\nthe last keys sent: {' '.join(self.sent[-12:])}") from None

    # -- one-line fields and text areas of the form
    #
    # Enter or Tab moves the focus to the next field, and the terminal cursor with it (an input
    # method opens its window there): a cursor that moved is a focus that moved.  Where it went
    # is shown by the text typed next, which must appear in that field.

    def moved(self, since: tuple[int, int] | None, why: str) -> None:
        """Wait until the cursor left ``since`` (where it was when the focus was sent on)."""
        if since is not None:
            self.wait(lambda shot: shot.cursor != since, f"the cursor to leave {since}: {why}")

    def field(self, label: str, text: str | None, since: tuple[int, int] | None) -> tuple[int, int]:
        """Fill the one-line field ``label`` (clearing what it holds first; None: keep it), Enter to the
        next; ``since``: the cursor's place before.  Returns the cursor's place when Enter was pressed."""
        self.moved(since, f"the focus on {label}")
        if text is not None:
            if _after_label(self.term.shot(), label):
                self.press("ctrl+a", "ctrl+k")
                self.wait(lambda shot: _after_label(shot, label) == "", f"{label} cleared")
            self.type(text)
            end = _squeezed(text)[-8:]

            # an amount is read back (= 2,000,000.00 元) beside or under it: one looks before going on
            said = f"= {format_yuan(parse_money(text))} 元" if label in MONEY else ""

            def typed(shot: Shot) -> str | None:
                shown = _after_label(shot, label)
                if shown is not None:
                    y = _label_row(shot, label)
                    return "in view" if end in _squeezed(shown) and said in "".join(shot.rows[y:y + 2]) else None
                return "blind" if shot.cursor[0] >= _panel(shot) else None

            self.confirm(label, typed, f"{label} showing {text}")
        return self._then("enter")

    def area(self, label: str, text: str, since: tuple[int, int] | None) -> tuple[int, int]:
        """Type ``text`` into the text area under ``label`` (Enter between its lines), Tab to the next;
        ``since``: the cursor's place before.  Returns the cursor's place when all was typed."""
        self.moved(since, f"the focus on {label}")
        self.type(text.replace("\n", "\r"))
        end = _squeezed(text)[-12:]

        def typed(shot: Shot) -> str | None:
            y = shot.cursor[0]
            top = next((r for r in range(min(y, len(shot.rows) - 1), -1, -1) if _plain(shot.rows[r]) == label), None)
            if top is None:
                return None
            if end in _squeezed("".join(shot.rows[top + 1:y + 1])):
                return "in view"
            panel = _panel(shot)
            shown = _squeezed("".join(shot.rows[top + 1:panel]))
            return "blind" if y >= panel and shown and _squeezed(text).startswith(shown) else None

        self.confirm(label, typed, f"{label} typed to its end, in view")
        return self._then("tab")

    def confirm(self, label: str, typed: Callable[[Shot], str | None], why: str) -> None:
        """Wait until ``typed`` says the text typed into ``label`` is in view.

        Where the field went out of view instead (the cursor under the check panel), a person would
        type blind: the field is noted in :attr:`blind` (the test fails on it at the end), and the
        project's autosave tells when the app has taken what was typed."""
        if self.wait(typed, why) == "in view":
            return
        spec = next(spec for spec in m.PROJECT_FIELDS if spec.label == label)
        wanted = m.get_at(self.expected, spec.key)
        def settled(shot: Shot) -> str | None:
            if typed(shot) == "in view":
                return "in view"
            return "autosaved" if self.autosaved(spec.key) == wanted else None

        if self.wait(settled, f"{why} (or autosaved)") == "autosaved":
            self.blind.append(label)

    def autosaved(self, key: tuple[str, ...]) -> object:
        """The field ``key`` in the open project's autosave, as the store reads it (None while there is none)."""
        path = self.store / ".jixiao" / "autosave" / "p01.toml"
        try:
            project = read_project(path.read_bytes(), "p01", str(path))[1]
        except OSError:
            return None
        return None if project is None else m.get_at(project, key)

    def _then(self, key: str) -> tuple[int, int]:
        cursor = self.term.shot().cursor
        self.press(key)
        return cursor

    # -- tables: the cursor's cell is where the terminal cursor is

    def at_cell(self, labels: tuple[str, ...], column: str, blank: bool | None = None,
                editing: bool | None = None) -> None:
        """Wait until the table's cursor is on a cell of ``column`` (a header label among ``labels``),
        empty (``blank``) or not, not being edited (``editing`` False), if asked."""
        def test(shot: Shot) -> bool:
            found = _table_cursor(shot, labels)
            if found is None or found[1] != column:
                return False
            y, _, colour = found
            if editing is False and self.cursor_colour not in (None, colour):
                return False
            xs = _header(shot, labels)[1]
            later = sorted(v for v in xs.values() if v > xs[column])
            shown = _plain(shot.span(y, xs[column], later[0] if later else None))
            if blank is not None and blank != (not shown):
                return False
            if blank and self.cursor_colour is None:  # an empty cell just made: the cursor, no editor
                self.cursor_colour = colour
            return True

        what = {None: "", True: "an empty ", False: "a filled "}[blank]
        self.wait(test, f"the table cursor on {what}cell of {column}" + (", not editing" if editing is False else ""))

    def cell(self, labels: tuple[str, ...], column: str, text: str, then: str, to: str | None = None) -> None:
        """Type ``text`` over the cursor's cell (in ``column``), then Tab (on to the cell of ``to``) or Enter."""
        self.at_cell(labels, column)
        self.type(text)
        end = cells(text[-3:])

        def typed(shot: Shot) -> bool:
            """The cell's editor is open (the cursor right of the cell's start) and ends with the text typed
            (the terminal cursor may stand a cell further right)."""
            header = _header(shot, labels)
            y, x = shot.cursor
            return header is not None and x > header[1][column] and shot.cells[y][:x].rstrip(" ").endswith(end)

        self.wait(typed, f"{text} typed in {column}")
        self.press(then)
        self.at_cell(labels, to or column, blank=False if then == "enter" else None, editing=False)

    def row_shows(self, labels: tuple[str, ...], *texts: str) -> None:
        """Wait until the row of the table's cursor shows each of ``texts``."""
        def test(shot: Shot) -> bool:
            found = _table_cursor(shot, labels)
            return found is not None and all(text in shot.rows[found[0]] for text in texts)

        self.wait(test, f"the row showing {' '.join(texts)}")


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
        officer = Officer(term, store, expected)
        officer.wait("（未填单位名称）", "the unit screen of a new store")

        # -- the unit's information: F2 on the unit screen, Ctrl+S, Esc back
        officer.press("f2")
        officer.wait(re.compile(r"^ *单位信息"), "the unit form")
        cursor = None
        for label, text in UNIT:
            cursor = officer.field(label, text, cursor)
        officer.press("ctrl+s")
        officer.wait(lambda shot: "未保存" not in shot.rows[0] and "（未填单位名称）" not in shot.rows[0],
                     "the unit information saved")
        officer.press("escape")
        officer.wait(lambda shot: shot.rows[0].strip().startswith(UNIT[0][1]), "the unit screen, named")

        # -- a new project (a draft until saved): header and funding, one-line fields, Enter to the next
        officer.press("ctrl+n")
        officer.wait(re.compile(r"^ *p01 +新项目"), "the new project's form")
        cursor = None
        for label, text in HEADER + FUNDING:
            cursor = officer.field(label, text, cursor)

        # -- 项目说明 一至五, then 六's prose (left empty): text areas, Tab to the next
        for label, text in [("一、项目概述", expected.narrative.overview),
                            ("二、立项依据", expected.narrative.basis),
                            ("三、实施主体", expected.narrative.responsible),
                            ("四、实施方案", expected.narrative.plan),
                            ("五、实施周期", expected.narrative.period)]:
            cursor = officer.area(label, text, cursor)
        officer.moved(cursor, "the focus on 六、年度预算安排（文字说明）")
        officer.press("tab")

        # -- the cost table: Ctrl+G a group, Ctrl+N a line (in view, the cursor on its first cell);
        # typing on a cell edits it, Tab commits and moves to the next cell, Enter commits
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
                officer.cell(costs, "资金需求", amount, "enter")
                officer.row_shows(costs, format_yuan(parse_measure(amount).yuan()))

        # -- goals (F6 jumps there), then the indicators: Ctrl+N puts the cursor on 一级 of a new row,
        # the 一级 copied from the row above selected, so that typing replaces it
        cursor = officer._then("f6")
        cursor = officer.area("项目总目标", expected.goals.overall, cursor)
        cursor = officer.area("年度总体目标", expected.goals.annual, cursor)
        levels = ("一级指标", "二级指标", "三级指标", "指标值")
        officer.wait("还没有绩效指标", "the empty indicator table")
        for level1, level2, name, target in INDICATORS:
            officer.press("ctrl+n")
            officer.cell(levels, "一级指标", level1, "tab", "二级指标")
            officer.cell(levels, "二级指标", level2, "tab", "三级指标")
            officer.cell(levels, "三级指标", name, "tab", "指标值")
            officer.cell(levels, "指标值", target, "enter")
            officer.row_shows(levels, name, target_text(target))

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
    assert not officer.blind, (f"typed blind: {'、'.join(officer.blind)} went under the check panel while "
                               "typed into (the form did not keep the cursor in view)")
    report_figure(f"end to end in a pty: project 3 and the unit typed in {officer.keys:,} keys, "
                  f"{seconds:.1f} s ({' '.join(command)})")
