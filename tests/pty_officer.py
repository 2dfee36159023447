"""A person at a terminal filling in the form: keys typed, and the screen read back before going on.

:class:`Officer` types into a :class:`~tests.pty_screen.PtyScreen` as a budget officer does —
one-line fields, text areas, the cells of the cost and indicator tables — and after each step
waits for the screen to show its effect before the next.  That is not politeness: a key bound
to an action (Enter, Tab, Ctrl+N) and the text typed right after it race inside the app (the
text may reach the old widget before the action moved the focus), and a person, who looks
first, never sees that race.

Where a field went out of view while typed into (under the check panel), the officer notes
it in :attr:`Officer.blind` and takes the project's autosave as the sign that the app has what
was typed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from store import model as m
from store.reading import read_project
from tests.pty_screen import PtyScreen, ScreenTimeout, Shot, cells

__all__ = ["Officer"]


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
        for start, _end, colour in shot.marked(y, 1, len(shot.cells[y]) - 3):
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

    def __init__(self, term: PtyScreen, timeout: float, autosave: Path, expected: m.Project) -> None:
        self.term = term
        self.timeout = timeout
        #: The open project's autosave, and what is being typed into it (to recognise it there).
        self.autosave, self.expected = autosave, expected
        self.keys = 0
        self.sent: list[str] = []
        #: The colour of a table cell's editor (learnt on the first cell typed into).
        self.editor_colour: str | None = None
        #: The fields that went out of view while typed into (under the check panel), each with the screen.
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
            return self.term.wait(what, self.timeout, why)
        except ScreenTimeout as failed:
            raise ScreenTimeout(f"{failed}\nthe last keys sent: {' '.join(self.sent[-12:])}") from None

    # -- one-line fields and text areas of the form
    #
    # Enter or Tab moves the focus to the next field, and the terminal cursor with it (an input
    # method opens its window there): a cursor that moved is a focus that moved.  Where it went
    # is shown by the text typed next, which must appear in that field.  (Where the cursor lands
    # is not relied on: placed before the form scrolled, it may be a few rows off until one types.)

    def moved(self, since: tuple[int, int] | None, why: str) -> None:
        """Wait until the cursor left ``since`` (where it was when the focus was sent on)."""
        if since is not None:
            self.wait(lambda shot: shot.cursor != since, f"the cursor to leave {since}: {why}")

    def field(self, label: str, text: str | None, since: tuple[int, int] | None, said: str = "") -> tuple[int, int]:
        """Fill the one-line field ``label`` (clearing what it holds first; None: keep it), Enter to the
        next; ``since``: the cursor's place before; ``said``: what the field says back, beside or under
        it (an amount's ``= 2,000,000.00 元``: one looks before going on).  Returns the cursor's place
        when Enter was pressed."""
        self.moved(since, f"the focus on {label}")
        if text is not None:
            if _after_label(self.term.shot(), label):
                self.press("ctrl+a", "ctrl+k")
                self.wait(lambda shot: _after_label(shot, label) == "", f"{label} cleared")
            self.type(text)
            end = _squeezed(text)[-8:]

            def in_view(shot: Shot) -> bool:
                shown = _after_label(shot, label)
                if shown is None or end not in _squeezed(shown):
                    return False
                y = _label_row(shot, label)  # what it says back may run under a notification
                return _squeezed(said)[:6] in _squeezed("".join(shot.rows[y:y + 2]))

            self.confirm(label, in_view, f"{label} showing {text}")
        return self.then("enter")

    def area(self, label: str, text: str, since: tuple[int, int] | None) -> tuple[int, int]:
        """Type ``text`` into the text area under ``label`` (Enter between its lines), Tab to the next;
        ``since``: the cursor's place before.  Returns the cursor's place when all was typed."""
        self.moved(since, f"the focus on {label}")
        self.type(text.replace("\n", "\r"))
        end = _squeezed(text)[-12:]

        def in_view(shot: Shot) -> bool:
            """The text's end shows under the area's title (or under the top of the form, where the
            title scrolled away as the text grew), above the check panel."""
            top = next((y for y, row in enumerate(shot.rows) if _plain(row) == label), 0)
            return end in _squeezed("".join(shot.rows[top + 1:_panel(shot)]))

        self.confirm(label, in_view, f"{label} typed to its end, in view")
        return self.then("tab")

    def confirm(self, label: str, in_view: Callable[[Shot], bool], why: str) -> None:
        """Wait until the text typed into ``label`` is in view.

        Where it stays out of view instead (under the check panel) until the project's autosave
        holds it — the app has taken it all, and a person would have typed blind — the field is
        noted in :attr:`blind` (the test fails on it at the end) and the officer goes on."""
        spec = next((spec for spec in m.PROJECT_FIELDS if spec.label == label), None)
        if spec is None:  # not a project's field: no autosave to tell
            self.wait(in_view, why)
            return
        wanted = m.get_at(self.expected, spec.key)

        def settled(shot: Shot) -> str | None:
            if in_view(shot):
                return "in view"
            return "autosaved" if self.autosaved(spec.key) == wanted else None

        if self.wait(settled, why) == "autosaved":
            self.blind.append(f"{label}:\n{self.term.shot().framed()}")

    def autosaved(self, key: tuple[str, ...]) -> object:
        """The field ``key`` in the open project's autosave, as the store reads it (None while there is none)."""
        path = self.autosave
        try:
            project = read_project(path.read_bytes(), path.stem, str(path))[1]
        except OSError:
            return None
        return None if project is None else m.get_at(project, key)

    def then(self, key: str) -> tuple[int, int]:
        """Press ``key``; the cursor's place before it (for :meth:`moved`)."""
        cursor = self.term.shot().cursor
        self.press(key)
        return cursor

    # -- tables: the cursor's cell is drawn in its own colour; its editor puts the terminal cursor after the text

    def sees_table(self, labels: tuple[str, ...]) -> None:
        """Wait until the table whose header shows ``labels`` is on screen."""
        self.wait(lambda shot: _header(shot, labels) is not None, f"the table of {' '.join(labels)}")

    def at_cell(self, labels: tuple[str, ...], column: str, blank: bool | None = None,
                editing: bool | None = None) -> None:
        """Wait until the table's cursor is on a cell of ``column`` (a header label among ``labels``),
        empty (``blank``) or not, not being edited (``editing`` False), if asked."""
        def test(shot: Shot) -> bool:
            found = _table_cursor(shot, labels)
            if found is None or found[1] != column:
                return False
            y, _, colour = found
            if editing is False and colour == self.editor_colour:
                return False
            xs = _header(shot, labels)[1]
            later = sorted(v for v in xs.values() if v > xs[column])
            shown = _plain(shot.span(y, xs[column], later[0] if later else None))
            if blank is not None and blank != (not shown):
                return False
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
            if header is None or x <= header[1][column] or not shot.cells[y][:x].rstrip(" ").endswith(end):
                return False
            found = _table_cursor(shot, labels)
            if found is not None and found[:2] == (y, column):
                self.editor_colour = found[2]
            return True

        self.wait(typed, f"{text} typed in {column}")
        self.press(then)
        self.at_cell(labels, to or column, blank=False if then == "enter" else None, editing=False)

    def row_shows(self, labels: tuple[str, ...], *texts: str) -> None:
        """Wait until the row of the table's cursor shows each of ``texts``."""
        def test(shot: Shot) -> bool:
            found = _table_cursor(shot, labels)
            return found is not None and all(text in shot.rows[found[0]] for text in texts)

        self.wait(test, f"the row showing {' '.join(texts)}")
