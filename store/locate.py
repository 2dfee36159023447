"""Find the line of a key path in TOML text, for findings that name a line.

tomllib gives no positions, and a full tomlkit parse is slow, so this is a
small line scanner that understands what our store files contain: tables,
arrays of tables, ``key = value`` lines and multi-line strings.  It is only
run for files that have findings, once per text (however many findings), and
each finding then costs one look-up per level of its path.

Lines are counted as TOML counts them: they end at ``\n`` only (never at the
other characters :meth:`str.splitlines` splits on: ``\x0b``, ``\x0c``,
``\x1c``–``\x1e``, ``\x85``, U+2028, U+2029), as tomllib's own line numbers do.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .findings import KeyPath

__all__ = ["line_of", "key_lines"]

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"' + r"|'[^']*'"
_KEY_PART = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_KEY_LINE = re.compile(rf"\s*({_DOTTED})\s*=\s*(.*)$")
_AOT_HEADER = re.compile(rf"\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_HEADER = re.compile(rf"\s*\[\s*({_DOTTED})\s*\]")
_SPLIT = re.compile(rf"{_KEY_PART}")


def _parts(dotted: str) -> list[str]:
    out = []
    for token in _SPLIT.findall(dotted):
        if token[:1] in "\"'":
            token = token[1:-1]
        out.append(token)
    return out


def _opens_multiline(value: str) -> str | None:
    """The delimiter if ``value`` opens a multi-line string it does not close."""
    for delim in ('"""', "'''"):
        start = value.find(delim)
        if start == 0 or (start > 0 and value[:start].strip() == ""):
            rest = value[start + 3:]
            if delim not in rest:
                return delim
    return None


def key_lines(text: str) -> dict[KeyPath, int]:
    """Every key path that has a line of its own, mapped to its 1-based line."""
    return _lines(text)[0]


@lru_cache(maxsize=64)
def _lines(text: str) -> tuple[dict[KeyPath, int], dict[KeyPath, int]]:
    """:func:`key_lines`, and for every path above a written key the first line below it."""
    index: dict[KeyPath, int] = {}
    aot_count: dict[str, int] = {}
    base: KeyPath = ()
    in_string: str | None = None

    def resolve(parts: list[str]) -> KeyPath:
        path: list[str | int] = []
        for i, part in enumerate(parts):
            path.append(part)
            name = ".".join(parts[: i + 1])
            if name in aot_count:
                path.append(aot_count[name] - 1)
        return tuple(path)

    for number, line in enumerate(text.split("\n"), start=1):
        if in_string:
            if in_string in line:
                in_string = None
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _AOT_HEADER.match(line)
        if match:
            parts = _parts(match.group(1))
            name = ".".join(parts)
            aot_count[name] = aot_count.get(name, 0) + 1
            for other in list(aot_count):
                if other.startswith(name + "."):
                    del aot_count[other]
            base = resolve(parts)
            index.setdefault(base, number)
            continue
        match = _TABLE_HEADER.match(line)
        if match:
            base = resolve(_parts(match.group(1)))
            index.setdefault(base, number)
            continue
        match = _KEY_LINE.match(line)
        if match:
            index.setdefault(base + tuple(_parts(match.group(1))), number)
            in_string = _opens_multiline(match.group(2))
    below: dict[KeyPath, int] = {}
    for key, number in index.items():
        for depth in range(1, len(key)):
            prefix = key[:depth]
            if below.get(prefix, number + 1) > number:
                below[prefix] = number
    return index, below


def line_of(text: str, path: KeyPath) -> int | None:
    """The line of ``path``, or of its nearest written ancestor; None if none."""
    index, below = _lines(text)
    path = tuple(path)
    if path and path not in index and path in below:
        # A table written only through its children ([[budget.groups]] without [budget]).
        return below[path]
    while path:
        if path in index:
            return index[path]
        path = path[:-1]
    return None
