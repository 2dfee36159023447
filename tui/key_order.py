"""Keys act in the order they were typed, even when they arrive in one write.

Over a slow SSH link a burst of keys reaches the app in one read (a fast typist, a paste,
``tmux send-keys``).  Textual hands each key to the focused widget's queue, but runs a
*priority* binding (Ctrl+S, Ctrl+Q) as the key arrives, in the app's own turn: the letters
typed just before Ctrl+S may not have reached their field yet, and the save would miss them.
A key that must come after what was typed before it first waits, with :func:`keys_taken`,
until the widgets those keys went to have handled them.
"""

from __future__ import annotations

import asyncio

from textual._context import active_message_pump  # which queue is being handled now (Textual's own record)

__all__ = ["keys_taken", "typed_into", "handling"]

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
    there (a field's change, bubbling up) has passed every node above it up to its screen."""
    chain = []
    node = widget
    while node is not None:
        chain.append(node)
        node = None if node is widget.screen else node.parent
    await keys_taken(*chain)


def handling(node) -> bool:
    """Whether ``node``'s own queue is being handled now (a key it replays itself, in order already)."""
    return active_message_pump.get(None) is node
