"""A keyboard grid over a DataTable, edited in place, with a spreadsheet's habits.

:class:`GridEditor` shows the rows a subclass builds from the project
(:meth:`GridEditor.rows`) under a cell cursor.  Enter, or typing, opens a real
:class:`~textual.widgets.Input` exactly over the cell, so the terminal cursor
(and with it the input method's window) is where the user types; typing on a
row may go to a cell the row names (a cost group's name).  Enter or Tab commits
through the :class:`~store.editing.EditSession`; a value that does not parse
stays in the Input and the reason is shown, in Chinese, under the grid.
Tab / Shift+Tab move cell to cell and leave the table only past its last or
first cell; Esc cancels an edit, and outside one moves the focus out of the
table, back to the field above it.  A row inserted is scrolled into view (also
when the screen is laid out again), the cursor on its first cell; a value it
was given opens selected, so that typing replaces it.

While editing, every command is a Ctrl- or F-key: an IME composes on plain
letters.  What the grid asks for later (after a repaint, on a scroll) is
skipped once its screen has closed.  Rows and cells are flagged from the
session's findings, never by rules of the grid's own, and user text is always a
rich ``Text``, never markup.  Records and pure helpers live in
:mod:`.grid_parts`; the table, the cell's editor and its pick list in :mod:`.cell_editor`.
"""

from __future__ import annotations

from typing import Callable, ClassVar, Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.coordinate import Coordinate
from textual.events import DescendantFocus, Key, Paste
from textual.geometry import Offset
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import DataTable, Input
from textual.widgets.input import Selection

from store import model as m
from store.editing import EditSession
from store.findings import KeyPath
from store.normalize import NormalizeError

from ..keymap import bindings
from ..text import literal, visible
from .cell_editor import (CellInput, Choices, GridTable, StatusLine, cell_region, float_over,
                          on_open_screen, own_binding)
from .grid_parts import Cell, Column, Row, about, findings_line, hint, locate, next_cell, row_mark, row_texts

__all__ = ["GridEditor"]


class GridEditor(Widget, can_focus=False):
    """A table of cells edited in place; subclasses say what the rows are."""

    DEFAULT_CSS = """
    GridEditor { height: auto; }
    GridEditor > DataTable { height: auto; max-height: 50vh; }
    """
    BINDINGS = bindings("grid")
    #: The actions of the keys above: live only while a cell is being edited.
    EDIT_ACTIONS: ClassVar[frozenset[str]] = frozenset({"commit", "cancel", "pick"})
    #: The columns; a narrow label column before them carries each row's flag (✗ or !).
    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    #: What the status line says when there are no rows.
    EMPTY: ClassVar[str] = ""

    class Changed(Message):
        """The project was changed through this grid (one undo step)."""

        def __init__(self, editor: GridEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> GridEditor:
            return self.editor

    def __init__(self, session: EditSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._rows: list[Row] = []
        self._editing: Cell | None = None
        self._offered: list[str] = []

    # -- what subclasses provide ------------------------------------------------

    def rows(self, project: m.Project) -> Iterable[Row]:
        """The rows that show ``project``."""
        raise NotImplementedError

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield GridTable(self.advance, self.leave, cursor_type="cell")
        yield StatusLine(classes="status")
        yield CellInput(select_on_focus=False)
        yield Choices()

    def on_mount(self) -> None:
        table = self.table
        for column in self.COLUMNS:
            table.add_column(Text(column.label, justify=column.justify), key=column.key, width=column.width)
        for scrolled in (table, *(node for node in self.ancestors if isinstance(node, Widget))):
            self.watch(scrolled, "scroll_x", self._follow, init=False)
            self.watch(scrolled, "scroll_y", self._follow, init=False)
        if on_open_screen(self, DataTable):  # laid out again (a row inserted, the check panel grew): keep the cursor in view
            self.screen.screen_layout_refresh_signal.subscribe(self, lambda _screen: self._settle())
        self.reload()

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    @property
    def editor(self) -> CellInput:
        return self.query_one(CellInput)

    @property
    def editing(self) -> bool:
        """True while a cell's editor is open."""
        return self._editing is not None

    def focus(self, scroll_visible: bool = True) -> GridEditor:
        """Focus the grid, or the editor when a cell is being edited."""
        (self.editor if self.editing else self.table).focus(scroll_visible)
        return self

    # -- rendering ---------------------------------------------------------------

    def reload(self) -> None:
        """Re-render from ``session.project``, keeping the cursor where it was."""
        self._close()
        table = self.table
        where, scrolled = table.cursor_coordinate, table.scroll_offset
        self._rows = list(self.rows(self.session.project))
        findings = self.session.findings
        table.clear()
        for index, row in enumerate(self._rows):
            table.add_row(*row_texts(row, self.COLUMNS, findings), key=str(index), label=row_mark(row, findings))
        table.call_after_refresh(table.scroll_to, scrolled.x, scrolled.y, animate=False)
        table.move_cursor(row=min(where.row, max(len(self._rows) - 1, 0)), column=where.column)
        self._show_status()

    def _say(self, message: str | Text, error: bool = False) -> None:
        """Show one line under the grid (in the error colour with ``error``)."""
        self.query_one(StatusLine).say(message, error)

    def _show_status(self) -> None:
        """Under the grid: the findings of the cursor's row, else what its cell holds."""
        if not self._rows:
            self._say(self.EMPTY)
            return
        line = findings_line(self._rows[self.table.cursor_row], self.session.findings)
        if line is not None:
            self._say(line)
            return
        cell = self._cell(self.table.cursor_coordinate)
        self._say(about(cell) if cell else "")

    # -- where things are --------------------------------------------------------

    def _cell(self, coordinate: Coordinate) -> Cell | None:
        if not 0 <= coordinate.row < len(self._rows):
            return None
        return self._rows[coordinate.row].cells.get(self.COLUMNS[coordinate.column].key)

    def _locate(self, path: KeyPath) -> Coordinate | None:
        """The cell whose path is ``path``, else the column under the cursor in its row."""
        found = locate(self._rows, self.COLUMNS, path)
        if found is None:
            return None
        row, column = found
        return Coordinate(row, self.table.cursor_column if column is None else column)

    def _reveal(self) -> None:
        """Scroll the form this grid sits in so that the cursor's cell is on screen."""
        table = self.table
        if not table.is_valid_coordinate(table.cursor_coordinate):
            return
        region = cell_region(table, table.cursor_coordinate)
        for ancestor in self.ancestors:
            if isinstance(ancestor, Widget) and ancestor.allow_vertical_scroll:
                offset = ancestor.scroll_offset - ancestor.content_region.offset
                ancestor.scroll_to_region(region.translate(offset), animate=False, immediate=True)
                return

    def _follow(self) -> None:
        """Keep the editor (and its pick list) over the cursor's cell."""
        if not on_open_screen(self, DataTable):
            return
        table = self.table
        if self.editing and table.is_valid_coordinate(table.cursor_coordinate):
            region = cell_region(table, table.cursor_coordinate)
            float_over(self.editor, self.query_one(Choices), region.translate(-self.content_region.offset))
        self.call_after_refresh(self._place_terminal_cursor)

    def _place_terminal_cursor(self) -> None:
        """The terminal cursor, where the IME opens its window: in the editor, or on the grid's cell."""
        if not on_open_screen(self, DataTable):
            return
        table = self.table
        if self.editor.has_focus:
            self.app.cursor_position = self.editor.cursor_screen_offset
        elif table.has_focus and table.is_valid_coordinate(table.cursor_coordinate):
            self.app.cursor_position = cell_region(table, table.cursor_coordinate).offset + Offset(table.cell_padding, 0)

    # -- moving ------------------------------------------------------------------

    def focus_path(self, path: KeyPath) -> None:
        """Move the cursor to the cell a finding's path names (or its row) and focus the grid."""
        where = self._locate(path)
        if where is not None:
            self._close()
            self.table.move_cursor(row=where.row, column=where.column)
        self.focus()

    def advance(self, step: int) -> None:
        """Tab (``step`` 1) or Shift+Tab (-1): the next or previous editable cell; past the last or
        first, out of the table."""
        found = next_cell(self._rows, self.COLUMNS, tuple(self.table.cursor_coordinate), step)
        if found is None:
            self.leave(step)
        else:
            self.table.move_cursor(row=found[0], column=found[1])

    def leave(self, step: int) -> None:
        """Move the focus out of the table: to the field after it (``step`` 1) or before it (-1)."""
        self._close()
        if self.is_attached and self.screen.focused is self.table:
            (self.screen.focus_next if step > 0 else self.screen.focus_previous)()

    @on(DataTable.CellHighlighted)
    def _highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        self._reveal()
        self._follow()
        if not self.editing:
            self._show_status()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if event.widget is self.table:
            self._reveal()
            self._follow()

    # -- editing -----------------------------------------------------------------

    def apply(self, description: str, change: Callable[[m.Project], object],
              cursor: KeyPath | None = None) -> bool:
        """Make one edit through the session; re-render, put the cursor on ``cursor``, post Changed."""
        if not self.session.edit(description, change):
            return False
        self.reload()
        where = None if cursor is None else self._locate(cursor)
        if where is not None:
            self.table.move_cursor(row=where.row, column=where.column)
        self.post_message(self.Changed(self))
        return True

    def insert(self, description: str, change: Callable[[m.Project], object], first: KeyPath) -> None:
        """Insert a row through the session, the cursor on ``first``, its first cell, scrolled into view.

        A value the new row was given (copied from the row above) opens in the editor selected:
        the user sees it, and what they type replaces it.
        """
        if not self.apply(description, change, cursor=first):
            return
        cell = self._cell(self.table.cursor_coordinate)
        if cell is not None and cell.raw:
            self.start_edit(select=True)
        self.call_after_refresh(self._settle)

    def _settle(self) -> None:
        """Once the table has its new size: scroll the cursor's cell into view, and the editor over it."""
        if on_open_screen(self, DataTable) and self.has_focus_within:
            self._reveal()
            self._follow()

    def start_edit(self, typed: str | None = None, select: bool = False) -> None:
        """Open the editor over the cursor's cell: with its text (all selected with ``select``), or with
        ``typed`` replacing it — in the row's typing cell, if it has one (a group's name)."""
        typing = self._rows[self.table.cursor_row].typing if self._rows and typed is not None else ""
        if typing:
            self.table.move_cursor(column=[c.key for c in self.COLUMNS].index(typing))
        cell = self._cell(self.table.cursor_coordinate)
        if cell is None:
            self._say("此格不能修改" if self._rows else self.EMPTY)
            return
        self._editing = cell
        editor = self.editor
        editor.suggester = SuggestFromList(cell.suggestions) if cell.suggestions else None
        editor.value = visible(cell.raw) if typed is None else typed  # control characters shown, not sent
        editor.selection = Selection(len(editor.value), 0 if select else len(editor.value))  # start in view
        editor.display = True
        self._reveal()
        self._follow()
        self._offer(editor.value)
        self.screen.set_focus(editor, scroll_visible=False)
        self._say(hint(cell))

    def _close(self) -> None:
        """Close the editor, if open, without committing; the grid gets the focus back."""
        if not self.editing:
            return
        self._editing = None
        if self.editor.has_focus or (self.is_attached and self.screen.focused is self.editor):
            self.screen.set_focus(self.table, scroll_visible=False)
        self.editor.display = False
        self.query_one(Choices).display = False
        self.refresh_bindings()

    def _offer(self, typed: str) -> None:
        """Show the cell's choices that contain ``typed`` (all of them while it is unchanged)."""
        self._offered = self.query_one(Choices).offer(self._editing.choices, typed, self._editing.raw)

    def action_commit(self, step: int = 0) -> None:
        """Commit the cell being edited; ``step`` ±1 then moves to the next/previous editable cell."""
        cell = self._editing
        if cell is None:  # a second Enter, queued while the first one closed the edit
            return
        choices = self.query_one(Choices)
        picked = choices.display and choices.highlighted is not None
        text = self._offered[choices.highlighted] if picked else self.editor.value
        if text == visible(cell.raw):
            text = cell.raw  # not edited: the value as it is, control characters and all
        try:
            value = cell.parse(text)
        except NormalizeError as err:
            self._say(literal(f"✗ {cell.label}：{err}"), error=True)
            return
        self._close()
        if not self.apply(f"修改{cell.label}", lambda project: m.set_at(project, cell.path, value)):
            self._show_status()
        if step:
            self.advance(step)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Edit keys work only while editing; the grid's operations only while not."""
        return (action in self.EDIT_ACTIONS) == self.editing

    def action_cancel(self) -> None:
        self._close()
        self._show_status()

    def action_pick(self, step: int) -> None:
        self.query_one(Choices).move(step)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_commit()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self.editing:
            if self._editing.choices:
                self._offer(event.value)
            self._say(hint(self._editing))

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        """Focus moved elsewhere in the screen: drop the edit (not when the terminal lost focus)."""
        event.stop()
        focused = self.screen.focused
        if self.editing and focused is not None and focused is not self.editor:
            self._close()
            self._say("未确认的修改已取消（按 Enter 或 Tab 确认）")

    async def on_key(self, event: Key) -> None:
        """A printable key on the grid starts editing; while editing it goes to the editor.  A key bound
        here (Ctrl+G, Tab while editing) runs as it passes, before the keys typed after it (see :func:`own_binding`).

        An input method sends a whole phrase at once: the keys after the first
        may reach the grid before the editor has the focus.
        """
        if not event.is_printable:
            action = own_binding(self, event.key)
            if action is not None and await self.app.run_action(action, self):
                event.stop()  # (not run again by the app)
            return
        event.stop()
        event.prevent_default()
        if self.editing:
            self.editor.replace(event.character, *self.editor.selection)  # over a selected default
        else:
            self.start_edit(event.character)

    def on_paste(self, event: Paste) -> None:
        """Pasting on the grid starts editing with the first line pasted."""
        if not self.editing and event.text.strip():
            event.stop()
            self.start_edit(visible(event.text.strip().splitlines()[0]))

    @on(DataTable.CellSelected)
    def _selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        if not self.editing:  # a second Enter that reached the table before the editor opened
            self.start_edit()
