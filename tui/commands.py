"""The command palette (Ctrl+P): the app's own commands, in Chinese.

Each command has a Chinese title, its pinyin initials written by hand next to
it (``保存`` → ``bc``; no pinyin library) and an English id (``save``); typing
any of the three finds it.  Only what works where the palette was opened is
listed: on the unit screen new / copy / open a project and re-check the store;
on the project screen save, undo, the section jumps, inserting a cost line, a
group or an indicator, the findings, and the exports of this project; help and
quit everywhere.  Textual's own English commands are not offered.

The exports of this project write the working copy (unsaved edits included)
into the store's folder and say where: the whole form as text, the cost lines
or the indicators as CSV (:mod:`exports.form`, :mod:`exports.tables`), and the
project or the whole store as an Excel workbook (:mod:`exports.xlsx`, in a
worker thread: a big store takes a while).  This module asks and tells; the
files are made by :mod:`exports` and written by :func:`store.files.atomic_write`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from store.files import atomic_write
from store.toml_store import StoreError

from .keymap import keys_at

__all__ = ["AppCommand", "AppCommands", "app_commands", "SECTION_INITIALS", "EXPORT_PROJECT", "EXPORT_STORE",
           "EXPORT_TEXT", "EXPORT_CSV", "EXPORT_INDICATORS", "ROLLOVER"]

EXPORT_PROJECT = "导出本项目为 Excel"
EXPORT_STORE = "导出整个申报为 Excel"
EXPORT_TEXT = "本项目导出为文本（整张申报表）"
EXPORT_CSV = "本项目导出为 CSV（预算明细）"
EXPORT_INDICATORS = "本项目导出为 CSV（绩效指标）"
ROLLOVER = "结转到下一年度…"

#: Pinyin initials of each section's title in the keymap (``project.goto_*`` labels).
SECTION_INITIALS = {"基本信息": "jbxx", "项目资金（元）": "xmzj", "项目说明": "xmsm", "年度预算安排": "ndysap",
                    "绩效目标与指标": "jxmbyzb"}


@dataclass(frozen=True)
class AppCommand:
    """One command: an English id, a Chinese title, the title's pinyin initials, a sentence, what it does."""

    id: str
    title: str
    initials: str
    help: str
    run: Callable[[], object]

    def score(self, query: str, match: Callable[[str], float]) -> tuple[float, bool]:
        """The best match over title, initials and id (doubled when one is typed in full: first in the list),
        and whether the title matched.  Textual's fuzzy scores only order the list; they may pass 1."""
        on_title = match(self.title)
        best = max(on_title, match(self.initials), match(self.id))
        exact = query.strip().casefold() in (self.title.casefold(), self.initials, self.id)
        return best * 2 + 1 if exact else best, on_title > 0


def app_commands(app: Any, screen: Any) -> list[AppCommand]:
    """The commands that work on ``screen``, in the order the palette lists them."""
    C = AppCommand
    found: list[AppCommand] = []
    document = getattr(screen, "document", None)  # the project screen's open project
    if document is not None:
        found += [
            C("save", "保存", "bc", "保存本项目（Ctrl+S）", screen.save),
            C("undo", "撤销", "cx", "撤销上一步修改（Ctrl+Z）", screen.action_undo),
            C("redo", "重做", "cz", "重做撤销的修改（Ctrl+Y）", screen.action_redo),
        ]
        for k in keys_at("project"):
            if k.action.startswith("goto("):
                section = k.action[len("goto('"):-len("')")]
                found.append(C(k.id.split(".")[1], f"跳到 {k.label}", "td" + SECTION_INITIALS.get(k.label, ""),
                               f"光标移到 {k.label} 的第一个字段（{k.keys.upper()}）",
                               lambda s=section: screen.action_goto(s)))
        found += [
            C("insert_line", "插入预算行", "crysh", "在预算表光标所在行下插入一行",
              lambda: _in_table(screen, "#costs", "action_insert_line")),
            C("insert_group", "插入分组", "crfz", "在预算表光标所在分组后插入一个分组",
              lambda: _in_table(screen, "#costs", "action_insert_group")),
            C("insert_indicator", "插入指标", "crzb", "在指标表光标所在指标下插入一条指标",
              lambda: _in_table(screen, "#indicators", "action_insert")),
            C("check", "核对结果", "hdjg", "转到核对结果，Enter 跳到出问题的字段（F9）", screen.action_findings),
            C("export_text", EXPORT_TEXT, "bxmdcwwb", "含未保存的修改，写到申报目录中",
              lambda: _export_now(app, document, "text")),
            C("export_csv", EXPORT_CSV, "bxmdcwcsv", "含未保存的修改，写到申报目录中（Excel 可直接打开）",
              lambda: _export_now(app, document, "costs")),
            C("export_indicators_csv", EXPORT_INDICATORS, "bxmdcwcsvjxzb", "含未保存的修改，写到申报目录中",
              lambda: _export_now(app, document, "indicators")),
            C("export_xlsx", EXPORT_PROJECT, "dcbxmwexcel", "按原表格式写一个工作簿（含未保存的修改），放在申报目录中",
              lambda: _run(app, _project_book(app, document))),
            C("back", "返回单位页", "fhdwy", "关闭本项目，回到项目列表（Esc）", screen.action_close),
        ]
    elif hasattr(screen, "action_new") and hasattr(screen, "workspace"):  # the unit screen
        found += [
            C("open", "打开项目", "dkxm", "打开光标所在的项目（Enter）", screen.action_open),
            C("new", "新建项目", "xjxm", "新建一个空白项目（Ctrl+N）", screen.action_new),
            C("copy", "复制项目", "fzxm", "复制光标所在项目，作为新项目的起点（Ctrl+D）", screen.action_copy),
            C("unit_info", "单位信息", "dwxx", "修改单位名称、项目个数、涉及项目预算资金等（F2）",
              screen.action_info),
            C("check", "重新核对", "cxhd", "重新读取申报目录并核对全部项目（F5）", screen.action_reload),
            C("rollover", ROLLOVER, "jzdxyynd", "以本申报（已保存的文件）为起点新建下一年度的申报，金额标为待核实",
              lambda: _rollover(app)),
        ]
    if hasattr(app, "workspace") and not screen.is_modal:
        found.append(C("export_store_xlsx", EXPORT_STORE, "dczgsbwexcel",
                       "全部项目按原表格式写一个工作簿（按已保存的文件），放在申报目录中",
                       lambda: _run(app, lambda: _store_book(app))))
    found += [
        C("help", "帮助", "bz", "列出此处的全部按键（F1）", app.action_help),
        C("quit", "退出", "tc", "退出程序，有未保存的修改时先询问（Ctrl+Q）", app.action_quit),
    ]
    return found


class AppCommands(Provider):
    """The palette's one source: :func:`app_commands` for the screen it was opened over."""

    def _commands(self) -> list[AppCommand]:
        return app_commands(self.app, self.screen)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(Content(command.title), command.run, text=command.title, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for command in self._commands():
            score, on_title = command.score(query, matcher.match)
            if score > 0:
                found = True
                title = matcher.highlight(command.title) if on_title else Content(command.title)
                shown = Content.assemble(title, (f"  {command.initials} · {command.id}", "dim"))
                yield Hit(score, shown, command.run, text=command.title, help=command.help)
        if not found and query.strip():  # said in Chinese, not Textual's “No matches found”
            yield Hit(0.001, Content("没有这个命令：可输入中文、拼音首字母（bc）或英文名（save）"),
                      lambda: None, text="")


def _rollover(app: Any) -> None:
    from .screens.rollover_dialog import RolloverDialog

    app.push_screen(RolloverDialog(Path(app.workspace.store.root)))


def _in_table(screen: Any, selector: str, action: str) -> None:
    """Run a table's command with the cursor in the table (where the key would have run it)."""
    editor = screen.query_one(selector)
    editor.table.focus()
    editor.table.scroll_visible(animate=False)
    getattr(editor, action)()


# -- export this project as text or CSV, now (small, on the app's thread) ----------------------------

_NAMES = {"text": "申报表.txt", "costs": "预算明细.csv", "indicators": "绩效指标.csv"}


def _export_now(app: Any, document: Any, what: str) -> None:
    from exports.writers import encode, to_csv

    project = document.session.project
    try:
        if what == "text":
            from exports.form import render_form

            data = encode(render_form(project, app.workspace.unit), "utf-8")
        else:
            from exports.tables import TABLES

            data = to_csv(TABLES[what]([project]), "utf-8-sig")  # utf-8-sig: Excel reads the Chinese
        target = Path(app.workspace.store.root) / f"{document.pid}-{_NAMES[what]}"
        atomic_write(target, data)
    except (StoreError, OSError) as err:
        app.notify(f"未能导出：{getattr(err, 'strerror', None) or err}", severity="error", timeout=10)
    else:
        app.notify(f"已导出到 {target}", timeout=10)


# -- export to Excel (a worker thread: a big store takes a while) ------------------------------------

def export_commands(app: Any, screen: Any) -> Iterator[AppCommand]:
    """The Excel exports among :func:`app_commands` (kept for callers that want only those)."""
    return (c for c in app_commands(app, screen) if c.id in ("export_xlsx", "export_store_xlsx"))


def _project_book(app: Any, document: Any) -> Callable[[], Any]:
    """Taken here, on the app's thread: the working copy as it is now, edits after it are not."""
    from exports.xlsx import project_workbook

    session = document.session
    project, findings = copy.deepcopy(session.project), list(session.findings)
    return lambda: project_workbook(app.workspace.store, document.pid, project, findings)


def _store_book(app: Any) -> Any:
    from exports.xlsx import store_workbook

    return store_workbook(app.workspace.store)


def _run(app: Any, build: Callable[[], Any]) -> None:
    app.notify("正在导出 Excel…", markup=False, timeout=2)
    app.run_worker(lambda: _write(app, build), thread=True, group="export-xlsx", exit_on_error=False)


def _write(app: Any, build: Callable[[], Any]) -> None:
    try:
        book = build()
        target = Path(app.workspace.store.root) / book.name
        atomic_write(target, book.data)
    except (StoreError, OSError) as err:
        message, severity = f"未能导出 Excel：{getattr(err, 'strerror', None) or err}", "error"
    except Exception as err:  # noqa: BLE001 - told, not a traceback over the screen
        message, severity = f"未能导出 Excel：{type(err).__name__}: {err}", "error"
    else:
        message, severity = f"已导出到 {target}", "information"
    app.call_from_thread(app.notify, message, markup=False, severity=severity, timeout=10)
