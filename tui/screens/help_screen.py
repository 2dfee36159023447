"""Help (F1): every key that works where the cursor is, in Chinese, from the keymap table.

It is opened over the screen the user is on and reads that screen's keys as
they stand (a field, the budget table, the indicator table, a cell being
edited, a question): the places come from the ids of the active bindings, and
every key of those places is listed from :data:`tui.keymap.KEYS` (the key bar
shows only what fits; the rest is here).  It scrolls with ↑ ↓ PgUp PgDn, and
Esc or F1 closes it; the screen under it is not touched, and the cursor comes
back where it was.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..keymap import WHERE, bindings, help_rows, key
from ..widgets.key_bar import KeyBar

__all__ = ["HelpScreen", "places_of"]

#: Places listed after another one when it is: the table's own keys (arrows, Enter) are Textual's.
_WITH = {"costs": ("table",), "indicators": ("table",), "list": ("unit",)}
#: Said under the title: how to find a command without knowing its key.
PALETTE_HINT = "找命令：Ctrl+P，再输入中文、拼音首字母（bc→保存）或英文名（save）。"


def places_of(screen: Screen) -> list[str]:
    """The places (keys of :data:`WHERE`) whose keys work on ``screen`` now, the nearest first."""
    places: list[str] = []
    for _node, binding, _enabled, _tooltip in screen.active_bindings.values():
        try:
            where = key(binding.id).where if binding.id else None
        except KeyError:
            where = None
        if where is not None:
            for place in (where, *_WITH.get(where, ())):
                if place not in places:
                    places.append(place)
    for table in ("costs", "indicators"):  # a table's own commands before the keys every table shares
        if table in places and "table" in places and places.index("table") < places.index(table):
            places.remove("table")
            places.insert(places.index(table) + 1, "table")
    if screen.is_modal:  # a question: only its own keys work
        return [place for place in places if place != "app"]
    if "app" in places:  # the app's keys last
        places.remove("app")
        places.append("app")
    return places


def _section(where: str, key_width: int) -> Group:
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(no_wrap=True, width=key_width)
    table.add_column(ratio=1, overflow="fold")  # a long run of Chinese is one word: fold it, never cut it
    for keys, about in help_rows(where):
        table.add_row(Text(keys, style="bold"), Text(about))
    return Group(Text(f"■ {WHERE[where]}", style="bold"), table, Text(""))


class HelpScreen(ModalScreen[None]):
    """The keys of ``places``, one section each, over the screen they belong to."""

    BINDINGS = bindings("help")

    def __init__(self, places: list[str]) -> None:
        super().__init__()
        self.places = places or ["app"]

    def compose(self) -> ComposeResult:
        title = Text("帮助：", style="bold")
        title.append(" · ".join(WHERE[place] for place in dict.fromkeys((self._screen_place(), self.places[0]))))
        title.append("    Esc 或 F1 关闭，↑ ↓ PgUp PgDn 滚动", style="dim")
        yield Static(title, id="help-title")
        with VerticalScroll(id="help-body"):
            yield Static(self._content(), id="help-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()

    def action_close(self) -> None:
        if self.is_active:
            self.dismiss()

    def _screen_place(self) -> str:
        """The place that names the screen (单位页, 项目页, 对话框): the widest one short of the app's."""
        return next((place for place in reversed(self.places) if place != "app"), self.places[0])

    def _content(self) -> Group:
        widths = [cell_len(keys) for place in self.places for keys, _ in help_rows(place)]
        key_width = min(max(widths, default=10), 22)
        hint = [Text(PALETTE_HINT), Text("")] if "app" in self.places else []  # not in a question
        return Group(*hint, *(_section(place, key_width) for place in self.places))

    @property
    def plain(self) -> str:
        """The help's words as laid out at the screen's width (for tests and a reader)."""
        console = Console(width=self.query_one("#help-text", Static).size.width or 78, color_system=None)
        with console.capture() as captured:
            console.print(self._content())
        return "\n".join(line.rstrip() for line in captured.get().splitlines())
