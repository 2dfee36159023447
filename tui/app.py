"""The full-screen app (Textual).  A thin layer over :mod:`store` and :mod:`exports`.

Every notification passes through :meth:`JixiaoApp.notify`: its words are shown
as they are (never markup), with control characters made visible, whoever calls it.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Iterable

from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.worker import WorkerFailed, active_worker

from store.files import UNIT_FILE
from store.toml_store import StoreError
from store.workspace import Workspace

from .commands import AppCommands, app_commands
from .dialogs import ChoiceDialog
from .key_order import typed_into
from .keymap import bindings
from .screens.unit_screen import UnitScreen
from .text import visible

__all__ = ["JixiaoApp", "run"]


class JixiaoApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "绩效目标申报"
    BINDINGS = bindings("app")
    #: The palette offers the app's own commands, in Chinese (not Textual's English ones).
    COMMANDS = {AppCommands}
    #: Notifications shown at once (the oldest goes first), and how long one stays.
    MAX_NOTIFICATIONS = 3
    NOTIFICATION_TIMEOUT = 4

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        #: The garbage collector was paused for the start (:func:`run`): it runs again after the first frame.
        self._gc_paused = not gc.isenabled()

    def on_mount(self) -> None:
        if self._gc_paused:
            self.call_after_refresh(_resume_gc)

    def get_default_screen(self) -> UnitScreen:
        """The unit screen is the bottom of the stack: drawn first, with no empty screen before it."""
        return UnitScreen(self.workspace)

    async def action_quit(self) -> None:
        """Quit; with unsaved edits in the open project, ask first (a question already asked is answered first)."""
        if isinstance(self.screen, ChoiceDialog):
            self.notify("请先回答对话框中的问题（Esc 取消）")
            return
        await typed_into(self.focused)  # Ctrl+Q runs as it arrives: an edit typed just before it is asked about
        keeping = [s for s in self.screen_stack if hasattr(s, "confirm_leave")]  # screens with edits to keep
        if keeping:
            keeping[-1].confirm_leave(self.exit)
        else:
            self.exit()

    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Show a notification; its text is data, never markup (``markup`` is ignored)."""
        super().notify(visible(str(message), multiline=True), title=visible(str(title)), severity=severity,
                       timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies); say which key does."""
        self.notify("按 Ctrl+Q 退出")

    def _on_notify(self, event) -> None:
        """Show a notification; with more than :attr:`MAX_NOTIFICATIONS`, the oldest go, toast and all."""
        super()._on_notify(event)
        dropped = list(self._notifications)[:-self.MAX_NOTIFICATIONS]
        for old in dropped:
            self._unnotify(old, refresh=False)
        if dropped and self.screen_stack:
            for toast in self.screen.query("Toast"):
                if any(toast._notification is old for old in dropped):
                    toast._expire()  # Textual's own way out: the toast and the holder around it

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette's commands for ``screen`` (:func:`tui.commands.app_commands`), as Textual lists them."""
        for command in app_commands(self, screen):
            yield SystemCommand(command.title, command.help, command.run)

    def action_command_palette(self) -> None:
        """Ctrl+P: the app's commands in Chinese, in a palette that closes only itself (see :class:`Palette`)."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette(id="--command-palette",
                                     placeholder="输入命令：中文、拼音首字母（bc = 保存）或英文名（save）…"))

    def _handle_exception(self, error: Exception) -> None:
        """Textual 8's command palette may search once more while keys open and close screens
        around it, and then fails to find its own list: nothing of ours is at stake, so the palette
        is closed, not the app.  Any other error is a crash."""
        palette = getattr(active_worker.get(None), "node", None)
        if isinstance(error, WorkerFailed) and isinstance(error.error, NoMatches) and isinstance(palette, Palette):
            palette.dismiss()
            return
        super()._handle_exception(error)

    def action_help(self) -> None:
        """F1: help in Chinese for where the cursor is; F1 again (or Esc) closes it."""
        from .screens.help_screen import HelpScreen, places_of  # not needed for the first screen

        if isinstance(self.screen, HelpScreen):
            self.screen.action_close()
        elif not CommandPalette.is_open(self):
            self.push_screen(HelpScreen(places_of(self.screen)))


class Palette(CommandPalette):
    """The command palette, closing only itself: Textual's ``dismiss`` pops whatever is on top."""

    def dismiss(self, result: object = None) -> AwaitComplete:
        if not self.is_active:
            return AwaitComplete.nothing()
        return super().dismiss(result)


def _resume_gc() -> None:
    """After the first frame: what start-up made lives as long as the program (modules, classes, the
    screen), so it is set aside where the collector never walks it again, and collecting starts."""
    gc.freeze()
    gc.enable()


def run(path: str | None) -> int:
    """Open the app on the store at ``path``.  The garbage collector pauses until the first frame is
    drawn (as Textual pauses it while scrolling): start-up makes objects that live on, not garbage."""
    gc.disable()
    if path is None:
        if not Path(UNIT_FILE).is_file():
            print("jixiao: 请指定申报目录，例如 jixiao examples/songjiang-2024；"
                  "新建申报用 jixiao new 目录", file=sys.stderr)
            return 2
        path = "."
    try:
        workspace = Workspace.open(path, settle=False)  # rows fill in after the first paint
    except StoreError as err:
        print(f"jixiao: {err}", file=sys.stderr)
        return 2
    app = JixiaoApp(workspace)
    try:
        app.run()
    finally:
        gc.enable()
    return app.return_code or 0
