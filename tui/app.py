"""The full-screen app (Textual).  A thin layer over :mod:`store` and :mod:`exports`."""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App

from store.files import UNIT_FILE
from store.toml_store import StoreError
from store.workspace import Workspace

from .commands import export_commands
from .keymap import bindings
from .screens.unit_screen import UnitScreen

__all__ = ["JixiaoApp", "run"]


class JixiaoApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "绩效目标申报"
    BINDINGS = bindings("app")

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def get_default_screen(self) -> UnitScreen:
        """The unit screen is the bottom of the stack: drawn first, with no empty screen before it."""
        return UnitScreen(self.workspace)

    def get_system_commands(self, screen):
        """The palette (Ctrl+P): Textual's own commands, then exporting to Excel."""
        yield from super().get_system_commands(screen)
        yield from export_commands(self, screen)

    async def action_quit(self) -> None:
        """Quit; with unsaved edits in the open project, ask first."""
        confirm_leave = getattr(self.screen, "confirm_leave", None)  # a screen with edits to keep
        if confirm_leave is not None:
            confirm_leave(self.exit)
        else:
            self.exit()

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()


def run(path: str | None) -> int:
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
    JixiaoApp(workspace).run()
    return 0
