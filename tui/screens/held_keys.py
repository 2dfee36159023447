"""Keys that come while a screen is still building what they are for.

A screen that builds itself after its first paint (the project screen: its fields
come a moment after the preview that stands for them) has nothing focused until
then.  :class:`HoldsKeys` holds every key typed meanwhile (and a focus move asked
for) and does them in order once the screen calls :meth:`HoldsKeys.release_keys`,
in the field the screen focuses first: what is typed right after opening a
project lands in its first field, and after a Tab in the next, as it would have.
Esc, when it is the first key, is not held: it closes the screen at once.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

from ..widgets.form_field import LineArea

__all__ = ["HoldsKeys"]

#: What a held key does to the focus (a string is a move asked for by :meth:`Screen.focus_next`).
_NEXT, _PREVIOUS = ("next", "tab"), ("previous", "shift+tab")


class HoldsKeys(Screen):
    """Holds keys and focus moves until :meth:`release_keys`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: The keys and moves since the screen was pushed, in order; None once released.
        self._held_keys: list[str | events.Key] | None = []

    def focus_next(self, selector: str | type = "*") -> Widget | None:
        return self._hold("next") or super().focus_next(selector)

    def focus_previous(self, selector: str | type = "*") -> Widget | None:
        return self._hold("previous") or super().focus_previous(selector)

    def _hold(self, where: str) -> Widget | None:
        if self._held_keys is None:
            return None
        self._held_keys.append(where)
        self.set_focus(None)
        return self

    def hold_key(self, key: str) -> bool:
        """A key whose binding runs before any widget sees it (Ctrl+S): True when it was held, to run after
        the keys typed before it."""
        if self._held_keys is None:
            return False
        self._held_keys.append(events.Key(key, None))
        return True

    def on_key(self, event: events.Key) -> None:
        """With the focus nowhere (the fields are being built), every key comes here: it waits."""
        if self._held_keys is None or self.focused is not None or (event.key == "escape" and not self._held_keys):
            return
        event.stop()
        self._held_keys.append(event)

    def release_keys(self) -> None:
        """Focus where the screen starts (its ``AUTO_FOCUS``), then do the held keys in the order they came."""
        held, self._held_keys = self._held_keys or [], None
        if self.focused is None and self.AUTO_FOCUS:
            first = next((w for w in self.query(self.AUTO_FOCUS) if w.focusable), None)
            if first is not None:
                self.set_focus(first)
                _focused(first)
        self._replay(held)

    def _replay(self, held: list[str | events.Key]) -> None:
        """Focus moves, typing and Backspace now; a key with a binding (Ctrl+S, Esc, an F-key) once the
        edits before it have reached the screen, then the keys after it (:meth:`_run_key`)."""
        for index, item in enumerate(held):
            key = item if isinstance(item, str) else item.key
            editor = self.focused
            if key in _NEXT or (key == "enter" and not _multiline(editor)):
                _focused(super().focus_next())
            elif key in _PREVIOUS:
                _focused(super().focus_previous())
            elif not (isinstance(item, events.Key) and self._edit(editor, item)):
                self.call_later(self._run_key, key, held[index + 1:])  # (the edits' changes are queued here)
                return

    async def _run_key(self, key: str, rest: list[str | events.Key]) -> None:
        """Run ``key``'s binding here, as Textual would; once the screen is left (Esc), the keys after it go
        to whatever is on top now."""
        if self.app.screen is self:
            active = self.active_bindings.get(key)
            if active is not None and active.enabled:
                await self.app.run_action(active.binding.action, active.node)
        if self.app.screen is self:
            self._replay(rest)
        else:
            for item in rest:
                if isinstance(item, events.Key):
                    self.app.post_message(events.Key(item.key, item.character))

    def _edit(self, editor: Widget | None, key: events.Key) -> bool:
        """Type ``key`` in the field's editor, as its own key handler would (Enter: a line break in a
        multi-line area); False for a key that is not typing.  The field's change is posted to the screen
        itself, so that it is made before a key with a binding that follows (:meth:`_run_key`)."""
        field = editor.parent if editor is not None else None
        if not isinstance(editor, (TextArea, Input)) or not hasattr(field, "changed"):
            return False
        text = "\n" if key.key == "enter" else key.character
        with editor.prevent(TextArea.Changed, Input.Changed):
            if key.key == "backspace":
                editor.action_delete_left()
            elif not (key.is_printable or key.key == "enter") or not text:
                return False
            elif isinstance(editor, TextArea):
                editor.replace(text, *editor.selection, maintain_selection_offset=False)
            else:
                editor.insert_text_at_cursor(text)
        message = field.changed(editor.text if isinstance(editor, TextArea) else editor.value)
        if message is not None:
            self.post_message(message)
        return True


def _focused(editor: Widget | None) -> None:
    """What focusing a line area does (:meth:`LineArea._on_focus`), now: the next key typed goes to its end."""
    if isinstance(editor, LineArea):
        editor.move_cursor(editor.document.end)


def _multiline(editor: Widget | None) -> bool:
    return isinstance(editor, TextArea) and not isinstance(editor, LineArea)
