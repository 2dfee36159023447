"""One field of the form: a label, an editor, and a message beside it.

:class:`FormField` is a one-line Input for text, money (元) and dates; what
was typed is checked on every keystroke with the store's normalizers, and the
message beside it says either what the value means (``= 37,780,000.00 元``)
or, in Chinese, what is wrong.  :class:`TextField` is a multi-line TextArea
for the narrative sections.  Both post :class:`FieldChanged` with the parsed
value; neither changes a project itself.

A value holding control characters (a tab, an ESC pasted from elsewhere) is
shown with them made visible (␉, ␛), and the field keeps the real value: until
the user edits the field, what it posts is what the model holds, so opening a
project never changes it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Paste
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static, TextArea

from store.codec import EMPTY, decode
from store.model import FieldSpec
from store.normalize import NormalizeError, format_yuan, parse_date, parse_money

from ..text import literal, visible
from .quiet_input import QuietInput

__all__ = ["FormField", "TextField", "FieldChanged", "display_value"]


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


class FormField(Horizontal):
    """Label, Input, and a message beside it."""

    DEFAULT_CSS = """
    FormField { height: 1; }
    FormField > .label { width: 20; padding: 0 1 0 0; text-align: right; }
    FormField > Input { width: 1fr; height: 1; border: none; padding: 0 1; }
    FormField > Input:focus { border: none; background: $boost; }
    FormField > .message { width: 24; padding: 0 0 0 1; color: $text-muted; }
    FormField.-invalid > .message { color: $error; }
    FormField.-invalid > Input { color: $error; }
    """

    def __init__(self, spec: FieldSpec, value: object, suggestions: list[str] | None = None) -> None:
        super().__init__(id=f"field-{spec.attr.replace('.', '-')}")
        self.spec = spec
        self.error: str | None = None
        #: The model's value, and the text that shows it (what the field holds until edited).
        self._value, self._shown = value, display_value(spec.kind, value)
        self._suggestions = suggestions

    def compose(self) -> ComposeResult:
        yield Static(Text(self.spec.label), classes="label")
        suggester = SuggestFromList(self._suggestions) if self._suggestions else None
        yield QuietInput(self._shown, suggester=suggester, select_on_focus=False)
        yield Static(classes="message")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def on_mount(self) -> None:
        self._explain(self._shown)

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
            with field.prevent(Input.Changed):
                field.value = self._shown
        self._explain(field.value)

    def _explain(self, text: str) -> object:
        message = self.query_one(".message", Static)
        try:
            value = self._parse(text)
        except NormalizeError as err:
            self.error = str(err)
            self.set_class(True, "-invalid")
            message.update(literal(str(err)))
            return err
        self.error = None
        self.set_class(False, "-invalid")
        if self.spec.kind == "money" and value is not None and text.strip() != format_yuan(value):
            message.update(Text(f"= {format_yuan(value)} 元"))
        else:
            message.update("")
        return value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        value = self._explain(event.value)
        if not isinstance(value, NormalizeError):
            self.post_message(FieldChanged(self.spec.attr, value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.spec.kind == "money" and not self.error:
            value = self._parse(event.value)
            self.set_value(value)  # shown as 37,780,000.00 once committed
        self.screen.focus_next()


class QuietArea(TextArea):
    """A TextArea whose pasted text keeps its lines and tabs; other control characters are made visible."""

    def _on_paste(self, event: Paste) -> None:
        """Runs before TextArea's own paste, which then inserts the cleaned text."""
        event.text = visible(event.text.replace("\r\n", "\n"), multiline=True)


class TextField(Vertical):
    """A label above a multi-line TextArea (the narrative sections, the goals)."""

    DEFAULT_CSS = """
    TextField { height: auto; margin: 0 0 1 0; }
    TextField > .label { height: 1; text-style: bold; }
    TextField > TextArea { height: auto; min-height: 3; max-height: 10; border: none; padding: 0 1; }
    TextField > TextArea:focus { border: none; background: $boost; }
    """

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

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        self.post_message(FieldChanged(self.spec.attr, self._value if text == self._shown else text))
