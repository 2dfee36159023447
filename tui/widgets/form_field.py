"""One field of the form: a label, an editor, and a message under it.

:class:`FormField` is a one-line field for text, money (元) and dates: the
editor takes the whole width beside its label.  Text is edited in a
:class:`LineArea`, which wraps a long value (a project name, 实施单位) onto more
lines instead of cutting it, and takes no line breaks (Enter goes on to the next
field; a paste of several lines is joined, with a notice); money and dates in a
:class:`~.quiet_input.QuietInput`.  What was typed is checked on every keystroke
with the store's normalizers, and the message under the field says either what
the value means (``= 37,780,000.00 元``) or, in Chinese, what is wrong; it wraps,
and takes no line while there is nothing to say.  :class:`TextField` is a
multi-line TextArea for the narrative sections.  Both post :class:`FieldChanged`
with the parsed value; neither changes a project itself.  Ctrl+Z and Ctrl+Y are
the project's undo and redo in every field, and F-keys the project's (the editors' own are off).

A value holding control characters (a tab, an ESC pasted from elsewhere) is
shown with them made visible (␉, ␛), and the field keeps the real value: until
the user edits the field, what it posts is what the model holds, so opening a
project never changes it.
"""

from __future__ import annotations

from typing import Callable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Focus, Key, Paste
from textual.message import Message
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static, TextArea

from store.codec import EMPTY, decode
from store.model import FieldSpec
from store.normalize import NormalizeError, format_yuan, parse_date, parse_money

from ..key_order import FollowsFocus, follow_focus
from ..text import literal, visible
from .quiet_input import JOINED, CursorWhenFocused, QuietInput, one_line

__all__ = ["FormField", "TextField", "LineArea", "FieldsPreview", "FieldChanged", "display_value",
           "stop_at_invalid"]

#: The width of a field's label column (app.tcss: ``grid-columns`` of FormField).
LABEL_WIDTH = 20


class FieldChanged(Message):
    """A field now holds ``value`` (already parsed); ``attr`` is the model path."""

    def __init__(self, attr: str, value: object) -> None:
        super().__init__()
        self.attr = attr
        self.value = value


def display_value(kind: str, value: object) -> str:
    """The model's value as the field shows it for editing."""
    if value is None:
        return ""
    if kind == "money":
        return format_yuan(value)  # type: ignore[arg-type]
    if kind == "date":
        return value.isoformat()  # type: ignore[union-attr]
    return visible(str(value))


def parse_field(kind: str, text: str) -> object:
    """Typed text → the model's value; raises NormalizeError with a Chinese reason."""
    if not text.strip():
        return EMPTY[kind]
    if kind == "money":
        return parse_money(text)
    if kind == "date":
        return parse_date(text)
    if kind == "int":  # 年度, 项目个数 (the unit form)
        return decode("int", text)
    return text


#: A TextArea's own actions that are the project's keys here: Ctrl+Z and Ctrl+Y (the project's undo
#: and redo), F6 and F7 (a section jump; the TextArea would select a line, or all).
_PROJECT_KEYS = frozenset({"undo", "redo", "select_line", "select_all"})


class LineArea(CursorWhenFocused, TextArea):
    """One line of text that wraps: Enter submits, a paste of several lines is joined."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action not in _PROJECT_KEYS and super().check_action(action, parameters)

    def __init__(self, text: str = "", on_enter: Callable[[], None] | None = None) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                         highlight_cursor_line=False)
        #: What Enter does, run as its key reaches the area (:class:`~.quiet_input.QuietInput` ``on_enter``).
        self.on_enter = on_enter

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(text)

    async def _on_key(self, event: Key) -> None:
        """Runs before TextArea's own (Textual calls each class's handler in turn, unless prevented)."""
        if not await follow_focus(self, event) and event.key == "enter":
            event.stop()
            event.prevent_default()
            if self.on_enter is not None:
                self.on_enter()

    def _on_focus(self, event: Focus) -> None:
        """The whole value is in view: the cursor goes to its end, where one goes on typing."""
        if not event.from_app_focus:
            self.move_cursor(self.document.end)

    async def _on_paste(self, event: Paste) -> None:
        """Runs before TextArea's own paste, which then inserts the joined line."""
        line, count = one_line(event.text)
        event.text = visible(line)
        if count > 1:
            self.notify(JOINED.format(count))


class FormField(Widget):
    """Label, editor, and the message under them."""

    def __init__(self, spec: FieldSpec, value: object, suggestions: list[str] | None = None) -> None:
        super().__init__(id=f"field-{spec.attr.replace('.', '-')}")
        self.spec = spec
        self.error: str | None = None
        #: The model's value, and the text that shows it (what the field holds until edited).
        self._value, self._shown = value, display_value(spec.kind, value)
        self._suggestions = suggestions

    def compose(self) -> ComposeResult:
        yield Static(Text(self.spec.label), classes="label")
        if self.spec.kind == "text" and not self._suggestions:
            yield LineArea(self._shown, on_enter=self.submit)
        else:
            suggester = SuggestFromList(self._suggestions) if self._suggestions else None
            yield QuietInput(self._shown, suggester=suggester, select_on_focus=False,
                             amount=self.spec.kind == "money", on_enter=self.submit)

    @property
    def input(self) -> Input | LineArea:
        return self.query_one("FormField > Input, FormField > LineArea")  # type: ignore[return-value]

    def _parse(self, text: str) -> object:
        """The value ``text`` stands for: the model's own while the field shows it unedited."""
        return self._value if text == self._shown else parse_field(self.spec.kind, text)

    def set_value(self, value: object) -> None:
        """Show ``value`` from the model (after undo) without posting a change."""
        field = self.input
        try:
            current = self._parse(field.value)
        except NormalizeError:
            current = object()
        self._value, self._shown = value, display_value(self.spec.kind, value)
        if current != value or type(current) is not type(value):
            with field.prevent(Input.Changed, TextArea.Changed):
                field.value = self._shown
        self._explain(field.value)

    def _explain(self, text: str) -> object:
        try:
            value = self._parse(text)
        except NormalizeError as err:
            self.error = str(err)
            self.set_class(True, "-invalid")
            self._say(literal(str(err)))
            return err
        self.error = None
        self.set_class(False, "-invalid")
        if self.spec.kind == "money" and value is not None and text.strip() != format_yuan(value):
            self._say(Text(f"= {format_yuan(value)} 元"))
        else:
            self._say(None)
        return value

    def _say(self, text: Text | None) -> None:
        """The message under the field (made when there is first something to say)."""
        found = self.query(".message")
        if text is None and not found:
            return
        if found:
            message = found.first(Static)
        else:
            message = Static(classes="message")
            self.mount(message)
        message.display = text is not None
        message.update(text or "")

    def changed(self, text: str) -> FieldChanged | None:
        """The field now shows ``text``: its message is updated; the change to post, unless it cannot be read."""
        value = self._explain(text)
        return None if isinstance(value, NormalizeError) else FieldChanged(self.spec.attr, value)

    def _changed(self, text: str) -> None:
        message = self.changed(text)
        if message is not None:
            self.post_message(message)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._changed(event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._changed(event.text_area.text)

    def submit(self) -> None:
        """Enter in the field, as its key reaches the editor: on to the next field, where the keys typed
        after it go.  (What was typed is already the field's: its changes are posted as typed.)"""
        self.screen.focus_next()


def stop_at_invalid(fields) -> bool:
    """Before a save: True, with the first field whose text could not be read focused and named in a
    notice, when there is one (its value would otherwise be lost without a word)."""
    field = next((f for f in fields if f.error), None)
    if field is None:
        return False
    field.app.notify(f"{field.spec.label}：{field.error}。请先改正再保存。", severity="error")
    field.input.focus()
    return True


NO_STYLE = Style()


class FieldsPreview(Widget):
    """A run of one-line fields drawn as one widget, line for line as their FormFields show them
    (a label, then the value, wrapped as a LineArea wraps it): what the form shows at its first
    paint, cheap to build, until the fields take its place.  One field may be drawn focused, its
    cursor at the end of its value, where the real field puts it (the terminal's cursor goes there too)."""

    COMPONENT_CLASSES = {"fields-preview--value", "fields-preview--title", "fields-preview--focused",
                         "fields-preview--cursor"}

    DEFAULT_CSS = """
    FieldsPreview > .fields-preview--focused {
        background: $boost;
    }
    FieldsPreview > .fields-preview--cursor {
        text-style: reverse;
    }
    """

    def __init__(self, fields: list[tuple[FieldSpec, object, bool] | Text], cursor: int | None = None,
                 **kwargs) -> None:
        """``fields``: each field's spec, value, and whether it is edited in a LineArea (it wraps);
        or a section's title, drawn as the section's title widget draws it (a line above and under it).
        ``cursor``: the index in ``fields`` of the field drawn focused."""
        super().__init__(**kwargs)
        self.rows = [row if isinstance(row, Text) else (row[0].label, display_value(row[0].kind, row[1]), row[2])
                     for row in fields]
        self.cursor = cursor
        #: The width it was last laid out at, and its lines drawn at a width (and style).
        self._width: int | None = None
        self._drawn: tuple[tuple[int, object], list[Strip]] | None = None
        #: Where the cursor is drawn (x, y) in the lines last drawn; the lines drawn for this paint.
        self._cursor_at: tuple[int, int] | None = None
        self._lines: list[Strip] = []

    def get_content_height(self, container, viewport, width: int) -> int:
        """Its height at ``width``; :meth:`render_lines` draws at that width (asking ``self.size`` while being
        laid out would make Textual lay the whole screen out once more, for each preview)."""
        self._width = width
        return len(self._draw(width)) if self.rows else 0

    def render_lines(self, crop: Region) -> list[Strip]:
        """Drawn as segments, its styles looked up once a paint (Textual's way with a Text, made into
        Content and then lines, would take as long as the rest of the project's first paint)."""
        self._lines = self._draw(self._width if self._width is not None else self.size.width)
        if self._cursor_at is not None and self.region:
            self.app.cursor_position = self.content_region.offset + self._cursor_at
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        return self._lines[y] if y < len(self._lines) else Strip.blank(self.size.width, self.rich_style)

    def _draw(self, content_width: int) -> list[Strip]:
        base = self.rich_style
        # Drawn plain if painted before its styles are applied (a screen closed as it opens); drawn again once they are.
        styles = tuple(base + self.get_component_rich_style(f"fields-preview--{name}", default=NO_STYLE)
                       for name in ("value", "title", "focused", "cursor"))
        if self._drawn is not None and self._drawn[0] == (content_width, styles):
            return self._drawn[1]
        value_style, title_style, focused_style, cursor_style = styles
        cursor_style = focused_style + cursor_style
        width = max(content_width - LABEL_WIDTH - 2, 2)  # the editor's width inside its padding
        lines: list[list[Segment]] = []
        self._cursor_at = None
        for index, row in enumerate(self.rows):
            if isinstance(row, Text):
                title = [s for s in row.render(self.app.console) if s.text != "\n"]
                lines += [[], list(Segment.apply_style(title, title_style)), []]
                continue
            label, shown, wraps = row
            parts = [p.plain for p in Text(shown).wrap(self.app.console, width - 1)] if wraps and shown else [shown]
            focused = index == self.cursor
            style = focused_style if focused else value_style
            for number, part in enumerate(parts):
                head = label if number == 0 else ""
                line = [Segment(" " * max(LABEL_WIDTH - 1 - cell_len(head), 0) + head + " ", base),
                        Segment(" ", style)]
                if focused and number == len(parts) - 1:  # the cursor after the value (the wrap left it a cell)
                    cells = min(cell_len(part), width - 1)
                    self._cursor_at = (LABEL_WIDTH + 1 + cells, len(lines))
                    line += [Segment(set_cell_size(part, cells), style), Segment(" ", cursor_style),
                             Segment(" " * (width - cells - 1) + " ", style)]
                else:
                    line.append(Segment(set_cell_size(part, width) + " ", style))
                lines.append(line)
        strips = [Strip(line).crop_extend(0, content_width, base) for line in lines]
        self._drawn = ((content_width, styles), strips)
        return strips


class QuietArea(FollowsFocus, CursorWhenFocused, TextArea):
    """A TextArea whose pasted text keeps its lines and tabs; other control characters are made visible."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action not in _PROJECT_KEYS and super().check_action(action, parameters)

    def _on_paste(self, event: Paste) -> None:
        """Runs before TextArea's own paste, which then inserts the cleaned text."""
        event.text = visible(event.text.replace("\r\n", "\n"), multiline=True)


class TextField(Vertical):
    """A label above a multi-line TextArea (the narrative sections, the goals)."""

    def __init__(self, spec: FieldSpec, value: str) -> None:
        super().__init__(id=f"field-{spec.attr.replace('.', '-')}")
        self.spec = spec
        #: The model's text, and how it is shown (what the area holds until edited).
        self._value, self._shown = value, visible(value, multiline=True)

    def compose(self) -> ComposeResult:
        yield Static(Text(self.spec.label), classes="label")
        yield QuietArea(self._shown, soft_wrap=True, tab_behavior="focus", show_line_numbers=False)

    #: A multi-line text is never invalid.
    error = None

    @property
    def input(self) -> TextArea:
        return self.query_one(TextArea)

    def set_value(self, value: str) -> None:
        area = self.input
        current = self._value if area.text == self._shown else area.text
        self._value, self._shown = value, visible(value, multiline=True)
        if current != value:
            with area.prevent(TextArea.Changed):
                area.load_text(self._shown)

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        """The form keeps the cursor in view as one types (the area grows with the text, up to its height)."""
        self.call_after_refresh(self._keep_in_view)

    def on_resize(self) -> None:
        self._keep_in_view()

    def _keep_in_view(self) -> None:
        area = self.input
        if area.has_focus:
            area.scroll_visible(animate=False)

    def changed(self, text: str) -> FieldChanged:
        """The change to post now that the area holds ``text``."""
        return FieldChanged(self.spec.attr, self._value if text == self._shown else text)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.changed(event.text_area.text))
