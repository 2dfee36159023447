"""结转到下一年度…: the palette's roll-over, asked and told in a dialog.

It asks for the new folder (the one beside the store, named with the next
year, is offered), then makes the new store with one domain call,
:func:`store.rollover.roll_over`, in a worker thread, and shows what it moved
and what it left for review, line by line, as the command line prints it.
A refusal (the folder is not empty, a file cannot be read) is shown in the
dialog, which stays open; nothing was written.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from store.rollover import Rollover, roll_over, suggestion
from store.toml_store import StoreError

from ..keymap import bindings
from ..text import literal

__all__ = ["RolloverDialog", "TITLE"]

TITLE = "结转到下一年度…"


class RolloverDialog(ModalScreen[Rollover | None]):
    """Ask for the new folder, roll the store over into it, show the report; Esc closes."""

    BINDINGS = bindings("dialog")

    def __init__(self, source: Path) -> None:
        super().__init__()
        self.source = Path(source)
        self.result: Rollover | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        try:
            target, year = suggestion(self.source)
        except (StoreError, OSError) as err:
            target, year, problem = self.source, None, str(err)
        else:
            problem = ""
        with Vertical(id="rollover"):
            yield Static(literal(f"结转到 {year} 年度" if year else "结转到下一年度", style="bold"),
                         id="rollover-title")
            yield Static(literal("保留每个项目的结构、说明和指标；年度、日期和写明本年度的句子改为新年度；"
                                 "全部金额和写有金额的文字标为待核实。新目录（须不存在或为空）：",
                                 multiline=True), id="rollover-about")
            yield Input(str(target), id="rollover-target")
            yield Static(literal(problem), id="rollover-message")
            with VerticalScroll(id="rollover-report"):
                yield Static(id="rollover-lines")
            with Horizontal(id="rollover-buttons"):
                yield Button(Text("结转 Enter"), variant="primary", id="rollover-go")
                yield Button(Text("取消 Esc"), id="rollover-cancel")

    def on_mount(self) -> None:
        self.query_one("#rollover-report").display = False
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#rollover-go")
    def _go(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        target = self.query_one(Input).value.strip()
        if self.busy or self.result is not None or not target:
            return
        self.busy = True
        self.query_one("#rollover-message", Static).update(literal("正在结转…"))
        self._roll(target)

    @work(thread=True, exit_on_error=False, group="rollover")
    def _roll(self, target: str) -> None:
        try:
            done: Rollover | str = roll_over(self.source, Path(target).expanduser())
        except (StoreError, OSError) as err:
            done = str(getattr(err, "strerror", None) or err)
        self.app.call_from_thread(self._show, done)

    def _show(self, done: Rollover | str) -> None:
        self.busy = False
        if isinstance(done, str):
            self.query_one("#rollover-message", Static).update(literal(done, style="bold red"))
            return
        self.result = done
        lines = done.report()
        self.query_one("#rollover-title", Static).update(literal(f"已结转到 {done.year} 年度", style="bold"))
        self.query_one("#rollover-about", Static).update(literal(lines[0], multiline=True))
        self.query_one(Input).display = False
        self.query_one("#rollover-message", Static).update(
            literal(f"用 jixiao {done.target} 打开新目录逐项核实（说明另存于其中的结转说明.md）"))
        self.query_one("#rollover-lines", Static).update(literal("\n".join(lines[1:]), multiline=True))
        report = self.query_one("#rollover-report")
        report.display = True
        self.query_one("#rollover-go").display = False
        cancel = self.query_one("#rollover-cancel", Button)
        cancel.label = Text("关闭 Esc")
        report.focus()

    @on(Button.Pressed, "#rollover-cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose("cancel")

    def action_choose(self, value: str) -> None:
        if not self.busy and self.is_active:
            self.dismiss(self.result)
