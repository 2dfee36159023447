"""The unit's projects, one line each, drawn line by line (Textual's Line API).

Only the lines on screen are ever drawn, so a bureau's 10,000 projects open and
scroll as quickly as a unit's ten: setting the rows costs a list assignment,
and a keystroke redraws two lines.  Rows still being read show “读取中…”.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.normalize import format_yuan
from store.workspace import ProjectRow

from ..key_order import keys_taken
from ..keymap import bindings, key
from ..text import visible

__all__ = ["ProjectList"]

AMOUNT_WIDTH = 17  # 99,999,999,999.99: up to 千亿 元
COUNT_WIDTH = 4
HEADINGS = ("编号", "项目名称", "年度申请额(元)", "错误", "警告")


def _fit(text: str, width: int, right: bool = False) -> str:
    """``text`` in exactly ``width`` cells: padded, or cut with an ellipsis."""
    if width <= 0:
        return ""
    size = cell_len(text)
    if size > width:
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - size)
    return pad + text if right else text + pad


_OPEN = key("list.select")


class ProjectList(ScrollView, can_focus=True):
    """Projects with their annual amount and finding counts; Enter opens one."""

    DEFAULT_CSS = """
    ProjectList {
        background: $surface;
        overflow-x: hidden;
    }
    ProjectList > .project-list--header {
        text-style: bold;
        background: $panel;
    }
    ProjectList > .project-list--even {
        background: $surface-lighten-1;
    }
    ProjectList > .project-list--cursor {
        background: $block-cursor-blurred-background;
    }
    ProjectList:focus > .project-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    ProjectList > .project-list--error {
        color: $text-error;
        text-style: bold;
    }
    ProjectList > .project-list--warning {
        color: $text-warning;
    }
    ProjectList > .project-list--dim {
        color: $text-muted;
    }
    """

    COMPONENT_CLASSES = {
        "project-list--header", "project-list--even", "project-list--cursor",
        "project-list--error", "project-list--warning", "project-list--dim",
    }

    BINDINGS = bindings("list")

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        """The cursor moved to another project (or rows changed under it)."""

        def __init__(self, pid: str | None) -> None:
            super().__init__()
            self.pid = pid

    class Selected(Message):
        """A double click on a project (Enter runs the screen's own open action, before the next key is taken)."""

        def __init__(self, pid: str) -> None:
            super().__init__()
            self.pid = pid

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[ProjectRow] = []
        self._where: dict[str, int] = {}
        self._id_width = cell_len(HEADINGS[0])
        self._highlighted: str | None = None

    # -- data ----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def rows(self) -> list[ProjectRow]:
        return list(self._rows)

    @property
    def selected(self) -> str | None:
        return self._rows[self.cursor].id if self._rows else None

    def set_rows(self, rows: list[ProjectRow], keep: str | None = None) -> None:
        """Show these rows; the cursor stays on ``keep`` (or the same project) if it is still there."""
        keep = keep or self.selected
        self._rows = list(rows)
        self._where = {row.id: i for i, row in enumerate(self._rows)}
        self._id_width = max([cell_len(HEADINGS[0]), *(len(row.id) for row in self._rows)])  # ids are ASCII
        self.virtual_size = Size(self.size.width, len(self._rows) + 1)
        index = self._where.get(keep, min(self.cursor, len(self._rows) - 1)) if keep else self.cursor
        self.cursor = max(0, min(index, len(self._rows) - 1))
        self.refresh()

    def update_rows(self, rows: list[ProjectRow]) -> None:
        """Replace some rows in place (same ids); redraws only those on screen."""
        top = round(self.scroll_y)
        for row in rows:
            index = self._where.get(row.id)
            if index is None:
                continue
            self._rows[index] = row
            if top <= index < top + self.size.height:
                self.refresh(Region(0, index - top + 1, self.size.width, 1))

    def move_to(self, pid: str) -> None:
        if pid in self._where:
            self.cursor = self._where[pid]

    # -- cursor ----------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        top = round(self.scroll_y)
        visible_rows = max(1, self.size.height - 1)
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + visible_rows:
            self.scroll_to(y=new - visible_rows + 1, animate=False)
        else:
            for index in (old, new):
                self.refresh(Region(0, index - top + 1, self.size.width, 1))
        pid = self.selected
        if pid != self._highlighted:
            self._highlighted = pid
            self.post_message(self.Highlighted(pid))

    def action_cursor(self, step: int) -> None:
        if self._rows:
            self.cursor = max(0, min(self.cursor + step, len(self._rows) - 1))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.size.height - 2))

    def action_first(self) -> None:
        self.action_cursor(-len(self._rows))

    def action_last(self) -> None:
        self.action_cursor(len(self._rows))

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self._rows[self.cursor].id))

    async def on_key(self, event: events.Key) -> None:
        """Keys come here in the order typed (↓ ↓ Enter Tab x in one write: a fast typist, a paste, `tmux
        send-keys`).  Enter opens the project in the list's own turn, once the keys before it have been handled
        (they go on to the app, where their bindings run): the ↓ have moved the cursor.  The keys after it
        wait here until the project's screen is up; they belong to that screen, so they are handed back to the
        app, which gives them to it in the same order."""
        if self.screen is not self.app.screen:
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
        elif event.key in _OPEN.keys.split(","):
            event.stop()
            event.prevent_default()
            await keys_taken(self.screen, self.app)  # the way a key goes on from here, to its binding
            await self.run_action(_OPEN.action)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows) + 1)

    def on_click(self, event) -> None:  # the mouse works too, where there is one
        index = round(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= index < len(self._rows):
            self.cursor = index
            if event.chain > 1:
                self.action_select()

    # -- drawing ---------------------------------------------------------------------------

    def _widths(self) -> tuple[int, int, int, int, int]:
        width = self.scrollable_content_region.width
        fixed = self._id_width + AMOUNT_WIDTH + 2 * COUNT_WIDTH + 6  # a space before each column and at the end
        return self._id_width, max(8, width - fixed), AMOUNT_WIDTH, COUNT_WIDTH, COUNT_WIDTH

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("project-list--header")
            cells = [_fit(h, w, right=i >= 2) for i, (h, w) in enumerate(zip(HEADINGS, self._widths()))]
            return Strip([Segment(" " + " ".join(cells) + " ", style)]).crop_extend(0, width, style)
        index = round(self.scroll_y) + y - 1
        if index >= len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[index]
        if index == self.cursor:
            line = base + self.get_component_rich_style("project-list--cursor")
        elif index % 2:
            line = base + self.get_component_rich_style("project-list--even")
        else:
            line = base
        return Strip(self._segments(row, line)).crop_extend(0, width, line)

    def _segments(self, row: ProjectRow, line: Style) -> list[Segment]:
        w_id, w_name, w_amount, w_count, _ = self._widths()
        dim = line + self.get_component_rich_style("project-list--dim", partial=True)
        error = line + self.get_component_rich_style("project-list--error", partial=True)
        warning = line + self.get_component_rich_style("project-list--warning", partial=True)
        space = Segment(" ", line)
        out = [space, Segment(_fit(visible(row.id), w_id), line), space]
        if row.pending:
            out += [Segment(_fit("读取中…", w_name), dim), space, Segment(" " * w_amount, line), space,
                    Segment(_fit("…", w_count, True), dim), space, Segment(_fit("…", w_count, True), dim)]
            return out + [space]
        if row.broken:
            out.append(Segment(_fit("（文件有格式错误）", w_name), error))
        else:
            out.append(Segment(_fit(visible(row.name), w_name), line))
        amount = format_yuan(row.annual) if row.annual is not None else ""
        out += [space, Segment(_fit(amount, w_amount, True), line), space,
                Segment(_fit(str(row.errors), w_count, True), error if row.errors else dim), space,
                Segment(_fit(str(row.warnings), w_count, True), warning if row.warnings else dim), space]
        return out

    def cells(self, index: int) -> list[str]:
        """Row ``index`` as drawn, cell by cell, without padding (for tests)."""
        texts = [seg.text for seg in self._segments(self._rows[index], Style())]
        return [text.strip() for text in texts[1::2]]

