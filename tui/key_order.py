"""Keys act in the order they were typed, even when they arrive in one write.

Over a slow SSH link a burst of keys reaches the app in one read (a fast typist, a paste,
``tmux send-keys``).  Textual hands each key to the focused widget's queue, but runs a
*priority* binding (Ctrl+S, Ctrl+Q) as the key arrives, in the app's own turn: the letters
typed just before Ctrl+S may not have reached their field yet, and the save would miss them.
A key that must come after what was typed before it first waits, with :func:`keys_taken`,
until the widgets those keys went to have handled them.  A focus move (Tab on a form) runs as its key
reaches the field, and the keys that reached the field after the focus left it go on to the widget focused
now (:func:`follow_focus`): each key acts where the focus is when its turn comes.
"""

from __future__ import annotations

import asyncio

from textual import events
from textual._context import active_message_pump  # which queue is being handled now (Textual's own record)

__all__ = ["keys_taken", "typed_into", "handling", "follow_focus", "FollowsFocus"]

#: Seconds to wait for one node: far more than a queue of typed keys takes, short enough not to be felt.
PATIENCE = 0.3


async def keys_taken(*nodes) -> None:
    """Return once each of ``nodes`` (in turn; None is skipped) has handled every message sent to it before
    this call: a widget's queue is handled in order, so a callback queued now runs after them.  The node whose
    queue is being handled now has handled what came before already (and waiting on it would never end)."""
    current = active_message_pump.get(None)
    for node in nodes:
        if node is None or node is current or not node.is_attached:
            continue
        taken = asyncio.Event()
        node.call_later(taken.set)
        try:  # a node busy awaiting the app (a screen mounting its form) cannot answer until this returns
            await asyncio.wait_for(taken.wait(), PATIENCE)
        except asyncio.TimeoutError:
            continue


async def typed_into(widget) -> None:
    """Return once the keys sent to ``widget`` (the focused one) have been handled, and what they set off
    there (a field's change, bubbling up) has passed every node above it up to its screen; and, when those
    keys moved the focus (a Tab typed before them, :func:`follow_focus`), the keys handed on to the field
    focused now, likewise."""
    for _ in range(PASSES):
        if widget is None:
            return
        screen, chain, node = widget.screen, [], widget
        while node is not None:
            chain.append(node)
            node = None if node is screen else node.parent
        await keys_taken(*chain)
        if screen.focused is widget or screen.focused is None:
            return
        widget = screen.focused


#: How many fields :func:`typed_into` follows the keys through (a burst of Tabs is rarely longer).
PASSES = 8

#: The screen's bindings that move the focus (Tab, Shift+Tab on a form; F2–F6, a section jump on the
#: project screen): run as the key passes the field.  By action name, without its arguments.
FOCUS_MOVES = frozenset({"app.focus_next", "app.focus_previous", "goto"})


async def follow_focus(widget, event: events.Key) -> bool:
    """For a field's key handler (before its own): True when ``event`` was dealt with here.

    Textual hands every key of a read to the widget focused as the read arrives, and runs the screen's Tab
    only once the key has travelled up from that field, after the keys typed behind it went into the field
    Tab should have left.  Here a focus move bound by the screen runs as its key reaches the field, in typed
    order, and a key that reaches a field after the focus left it goes on to the widget focused now (behind
    the keys handed on before it): each key acts where the focus is when its turn comes."""
    app = widget.app
    focused = app.focused
    if focused is not widget:
        event.stop()
        event.prevent_default()
        (focused or app.screen)._forward_event(events.Key(event.key, event.character))
        return True
    action = _focus_move(widget, event.key)
    if action is None:
        return False
    event.stop()
    event.prevent_default()
    await app.run_action(action, widget.screen)
    return True


def _focus_move(widget, key: str) -> str | None:
    """The screen's focus move bound to ``key``, unless a widget between ``widget`` and it binds ``key``."""
    screen, node = widget.screen, widget
    while node is not None and node is not screen:
        # (Textual's own map of a widget's bindings; one whose action the widget turns off is not its own)
        if any(node.check_action(_name(b.action), ()) is not False
               for b in node._bindings.key_to_bindings.get(key, ())):
            return None
        node = node.parent
    if node is None:
        return None
    return next((b.action for b in screen._bindings.key_to_bindings.get(key, ())
                 if not b.priority and _name(b.action) in FOCUS_MOVES), None)


def _name(action: str) -> str:
    """An action's name: ``goto('sec-header')`` → ``goto``."""
    return action.partition("(")[0]


class FollowsFocus:
    """A field's editor whose keys follow the focus (:func:`follow_focus`); put it before the editor class."""

    async def _on_key(self, event: events.Key) -> None:
        await follow_focus(self, event)


def handling(node) -> bool:
    """Whether ``node``'s own queue is being handled now (a key it replays itself, in order already)."""
    return active_message_pump.get(None) is node
