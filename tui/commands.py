"""The command palette's own commands (Ctrl+P): export to Excel.

"导出本项目为 Excel" writes the open project as the screen shows it (unsaved
edits included, with the findings the check bar shows); "导出整个申报为 Excel"
writes every project as its file holds it.  The workbook goes into the
store's folder under its default name, in a worker thread (a big store takes
a while), and a notification says where it went.  The workbook is built by
:mod:`exports.xlsx`; this module only asks for it and tells.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable, Iterator

from textual.app import SystemCommand

from store.files import atomic_write
from store.toml_store import StoreError

__all__ = ["export_commands", "EXPORT_PROJECT", "EXPORT_STORE", "ROLLOVER"]

EXPORT_PROJECT = "导出本项目为 Excel"
EXPORT_STORE = "导出整个申报为 Excel"
ROLLOVER = "结转到下一年度…"


def export_commands(app: Any, screen: Any) -> Iterator[SystemCommand]:
    document = getattr(screen, "document", None)  # the project screen's open project
    if document is not None:
        yield SystemCommand(EXPORT_PROJECT, "按原表格式写一个工作簿（含未保存的修改），放在申报目录中",
                            lambda: _run(app, _project_book(app, document)))
    yield SystemCommand(EXPORT_STORE, "全部项目按原表格式写一个工作簿（按已保存的文件），放在申报目录中",
                        lambda: _run(app, lambda: _store_book(app)))
    if document is None:  # the unit screen
        yield SystemCommand(ROLLOVER, "以本申报（已保存的文件）为起点新建下一年度的申报，金额标为待核实",
                            lambda: _rollover(app))


def _rollover(app: Any) -> None:
    from .screens.rollover_dialog import RolloverDialog

    app.push_screen(RolloverDialog(Path(app.workspace.store.root)))


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
