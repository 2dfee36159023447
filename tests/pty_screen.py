"""A program in a real pseudo-terminal, and the screen it draws, read back as a terminal would.

:class:`PtyScreen` starts a command on the slave side of a pty of a given size
(``TERM=xterm-256color``), and a thread reads everything the program writes into
a :mod:`pyte` screen: what a user would see.  Keys go in as the bytes a terminal
sends (:data:`KEYS`: ``\\x13`` for Ctrl+S, ``\\x1bOP`` for F1); Chinese text goes in
as the UTF-8 bytes of a committed input-method string, all at once.

The terminal answers Textual that it shows frames whole (synchronized output, DEC
mode 2026, as kitty, WezTerm, iTerm2 or Windows Terminal do), and the screen is read
only between frames: a half-drawn frame, its cursor still travelling, is never seen.

Nothing here sleeps for a fixed time: :meth:`PtyScreen.wait` waits until the
screen shows something (a text, a line that matches, any test of a :class:`Shot`)
or the timeout passes, and then fails with the last screen printed in full.
Only POSIX has ptys.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import threading
import time
from dataclasses import dataclass
from typing import Callable, Sequence

import pyte
from wcwidth import wcwidth

__all__ = ["KEYS", "PtyScreen", "ScreenTimeout", "Shot", "cells"]

#: Keys as xterm sends them (normal cursor mode; Textual asks for no other).
KEYS: dict[str, str] = {
    "enter": "\r",
    "tab": "\t",
    "shift+tab": "\x1b[Z",
    "escape": "\x1b",
    "backspace": "\x7f",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "f1": "\x1bOP",
    "f2": "\x1bOQ",
    "f3": "\x1bOR",
    "f4": "\x1bOS",
    "f5": "\x1b[15~",
    "f6": "\x1b[17~",
    "f7": "\x1b[18~",
    "f8": "\x1b[19~",
    "f9": "\x1b[20~",
    **{f"ctrl+{c}": chr(ord(c) - ord("a") + 1) for c in "abcdefghklnopqrstuvwxyz"},
}


#: What a cell holds when it is the right half of a wide character (中 takes two cells).
STUB = "\0"


def cells(text: str) -> str:
    """``text`` as it lies in cells: each wide character followed by a :data:`STUB`."""
    return "".join(char + STUB * (wcwidth(char) - 1) if wcwidth(char) > 1 else char for char in text)


@dataclass(frozen=True)
class Shot:
    """The screen at one moment: one string per row, one character per cell; the cursor (row, column)."""

    cells: list[str]
    cursor: tuple[int, int]
    #: Each cell's background colour, as pyte names it (``default``, ``0087d7``).
    backgrounds: list[list[str]]

    @property
    def rows(self) -> list[str]:
        """The rows as text (no stubs, no trailing blanks)."""
        return [row.replace(STUB, "").rstrip() for row in self.cells]

    def find(self, text: str, row: int) -> int | None:
        """The column where ``text`` starts on ``row``, or None."""
        x = self.cells[row].find(cells(text))
        return None if x < 0 else x

    def span(self, row: int, start: int, end: int | None = None) -> str:
        """The text in columns ``start`` to ``end`` of ``row``."""
        return self.cells[row][start:end].replace(STUB, "")

    def marked(self, row: int, start: int, end: int) -> list[tuple[int, int, str]]:
        """The runs of cells in columns ``start`` to ``end`` of ``row`` whose background differs from the
        row's own (its most common one there), as (first column, last column + 1, colour)."""
        colours = self.backgrounds[row][start:end]
        if not colours:
            return []
        base = max(set(colours), key=colours.count)
        runs: list[tuple[int, int, str]] = []
        for x, colour in enumerate(colours, start):
            if colour == base:
                continue
            if runs and runs[-1][1] == x and runs[-1][2] == colour:
                runs[-1] = (runs[-1][0], x + 1, colour)
            else:
                runs.append((x, x + 1, colour))
        return runs

    def framed(self) -> str:
        width = len(self.cells[0]) if self.cells else 0
        frame = "+" + "-" * width + "+"
        body = "\n".join(f"|{row}" for row in self.rows)
        return f"{frame}\n{body}\n{frame}\ncursor at row {self.cursor[0]}, column {self.cursor[1]}"


#: Synchronized output (DEC mode 2026): a terminal that has it shows each frame whole, when it ends.
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_SUPPORTED = b"\x1b[?2026;2$y"
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
_SYNC = re.compile(b"(" + re.escape(SYNC_START) + b"|" + re.escape(SYNC_END) + b")")
_MARKERS = (SYNC_QUERY, SYNC_START, SYNC_END)


def _partial_marker(data: bytes) -> int:
    """How many bytes at the end of ``data`` may begin a marker cut by the read (0: none)."""
    for size in range(min(len(data), max(map(len, _MARKERS)) - 1), 0, -1):
        if any(marker.startswith(data[-size:]) and len(marker) > size for marker in _MARKERS):
            return size
    return 0


class ScreenTimeout(AssertionError):
    """The screen did not show what was waited for; the message holds the last screen."""


class PtyScreen:
    """``argv`` running in a ``columns`` × ``lines`` pseudo-terminal, its screen kept by pyte."""

    def __init__(self, argv: Sequence[str], *, cwd: str | os.PathLike, env: dict[str, str] | None = None,
                 columns: int = 80, lines: int = 24) -> None:
        self.screen = pyte.Screen(columns, lines)
        self._stream = pyte.ByteStream(self.screen)
        self._changed = threading.Condition()
        #: Inside a frame that Textual sends between SYNC_START and SYNC_END: not yet shown.
        self._in_frame = False
        #: What the terminal shows: the screen after the last whole frame.
        self._shown = self._shot()
        self._writing = threading.Lock()
        self._closed = False
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        environment = dict(os.environ if env is None else env)
        environment.update(TERM="xterm-256color", COLUMNS=str(columns), LINES=str(lines))
        for name in [name for name in environment if name.startswith("TEXTUAL") or name == "NO_COLOR"]:
            del environment[name]  # the caller's devtools, debug features or colourless screen
        self.process = subprocess.Popen(list(argv), cwd=cwd, env=environment, stdin=slave, stdout=slave,
                                        stderr=slave, start_new_session=True, close_fds=True)
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    # -- the terminal's side -------------------------------------------------------------

    def _read(self) -> None:
        held = b""  # the end of a read that may be the start of a marker, kept for the next one
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:  # EIO: the program closed the terminal (it exited)
                data = b""
            ended = not data
            data, held = held + data, b""
            cut = 0 if ended else _partial_marker(data)
            if cut:
                data, held = data[:-cut], data[-cut:]
            if SYNC_QUERY in data:  # Textual asks whether frames can be shown whole: they can
                self._write(SYNC_SUPPORTED)
            with self._changed:
                for piece in _SYNC.split(data):
                    if piece == SYNC_START:
                        self._in_frame = True
                    elif piece == SYNC_END:
                        self._in_frame = False
                    if piece:
                        self._stream.feed(piece)
                if not self._in_frame:
                    self._shown = self._shot()
                if ended:
                    self._closed = True
                self._changed.notify_all()
            if ended:
                return

    def _write(self, raw: bytes) -> None:
        with self._writing:
            while raw:
                _, ready, _ = select.select([], [self._master], [], 30)
                if not ready:
                    raise ScreenTimeout("the program reads no input (30 s)\n" + self.text())
                raw = raw[os.write(self._master, raw):]

    def send(self, data: str | bytes) -> None:
        """Write ``data`` as typed: text as UTF-8 bytes, all at once (as a terminal sends a committed IME string)."""
        self._write(data.encode("utf-8") if isinstance(data, str) else data)

    def key(self, *names: str) -> None:
        """Press keys by name (:data:`KEYS`), one after another."""
        for name in names:
            self.send(KEYS[name])

    # -- what the screen shows -------------------------------------------------------------

    def shot(self) -> Shot:
        """The screen as it shows now (after the last whole frame)."""
        with self._changed:
            return self._shown

    def _shot(self) -> Shot:
        screen = self.screen
        rows = [screen.buffer[y] for y in range(screen.lines)]
        cells = ["".join(row[x].data or STUB for x in range(screen.columns)) for row in rows]
        backgrounds = [[row[x].bg for x in range(screen.columns)] for row in rows]
        return Shot(cells, (screen.cursor.y, screen.cursor.x), backgrounds)

    def text(self) -> str:
        """The screen as text in a frame, and where the cursor is (for failure messages)."""
        return self.shot().framed()

    @property
    def exited(self) -> bool:
        return self.process.poll() is not None

    def wait(self, what: str | re.Pattern[str] | Callable[[Shot], object], timeout: float = 30.0,
             why: str = "") -> object:
        """Wait until the screen shows ``what``: a text on any line, a pattern matching a line, or a
        test of the :class:`Shot` that returns something true (which is returned).  Fails with the screen."""
        if isinstance(what, str):
            test = lambda shot: next((row for row in shot.rows if what in row), None)  # noqa: E731
        elif isinstance(what, re.Pattern):
            test = lambda shot: next((m for m in map(what.search, shot.rows) if m), None)  # noqa: E731
        else:
            test = what
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                shot = self._shown
                found = test(shot)
                if found:
                    return found
                left = deadline - time.monotonic()
                if left <= 0 or (self._closed and self.process.poll() is not None):
                    break
                self._changed.wait(min(left, 1.0))
        waited = timeout - max(left, 0)
        state = f"exited with {self.process.returncode}" if self.exited else "still running"
        raise ScreenTimeout(f"waited {waited:.1f} s for {why or what!r}; the program is {state}; "
                            f"its screen:\n{shot.framed()}")

    def wait_gone(self, text: str, timeout: float = 30.0, why: str = "") -> None:
        """Wait until no line shows ``text``."""
        self.wait(lambda shot: all(text not in row for row in shot.rows), timeout, why or f"{text!r} gone")

    def wait_exit(self, timeout: float = 30.0) -> int:
        """Wait for the program to end; its exit status."""
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise ScreenTimeout(f"the program did not end in {timeout:.0f} s; its screen:\n{self.text()}") from None

    def close(self) -> None:
        """End the program (if it still runs) and the terminal."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self._reader.join(5)
        try:
            os.close(self._master)
        except OSError:
            pass

    def __enter__(self) -> PtyScreen:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

