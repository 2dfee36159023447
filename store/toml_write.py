"""Writing the store: the model into a file's own tomlkit document.

Only what changed is touched, so a person's comments, key order and the way a
value was written survive; a file saved without changes comes out byte for
byte.  Kept apart from :mod:`store.reading` so that reading (every scripted
command) never pays for importing tomlkit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

import tomlkit
from tomlkit.items import String, StringType, Trivia

from . import model as m
from .codec import EMPTY, decode, encode, is_empty
from .model import get_at, review_key
from .controls import shown
from .places import place, unit_place
from .normalize import NormalizeError
from .templates import NEW_PROJECT_TOML

__all__ = ["apply_project", "render_project", "render_unit", "REVIEW_NOTE"]

#: The first line of a ``[review]`` table, for the person reading the file.
REVIEW_NOTE = ("结转复核：以下各处沿用上一年度的值（等号右边是结转时的原值）。核实后删除该行；"
               "在 jixiao 界面中修改或原样重新输入该栏，会自动删除")

_INVALID = object()


def _multiline(text: str) -> String:
    item = String.from_raw(text, StringType.MLB)
    raw = item.as_string()[3:-3]
    if not raw.startswith("\n"):
        raw = "\n" + raw
    return String(StringType.MLB, text, raw, Trivia())


def _toml_value(kind: str, value: object) -> object:
    encoded = encode(kind, value)
    if kind == "longtext" and isinstance(encoded, str) and "\n" in encoded:
        return _multiline(encoded)
    return encoded


def _current(container: Any, key: str, kind: str) -> object:
    try:
        raw = container[key]
    except KeyError:
        return EMPTY[kind]
    raw = raw.unwrap() if hasattr(raw, "unwrap") else raw
    if isinstance(raw, float):
        # tomlkit gives floats; read the literal exactly, as tomllib does.
        raw = Decimal(container[key].as_string().strip().replace("_", ""))
    try:
        return decode(kind, raw)
    except (NormalizeError, ArithmeticError, ValueError):
        return _INVALID


def _same(kind: str, old: object, new: object) -> bool:
    if old is _INVALID:
        return False
    if kind == "measure" and old is not None and new is not None:
        return old.value == new.value and old.unit == new.unit  # type: ignore[union-attr]
    return type(old) is type(new) and old == new


def _apply_fields(container: Any, obj: object, specs: Iterable[m.FieldSpec]) -> None:
    for spec in specs:
        new = get_at(obj, spec.key)
        *parents, key = spec.key
        node = container
        for name in parents:
            if name not in node:
                if is_empty(new):
                    node = None
                    break
                node[name] = tomlkit.table()
            node = node[name]
        if node is None:
            continue
        old = _current(node, key, spec.kind)
        if old is _INVALID and is_empty(new):
            continue  # unreadable in the file, untouched in the model: keep the person's text
        if _same(spec.kind, old, new):
            continue
        if is_empty(new):
            if key in node:
                del node[key]
            continue
        was = node.get(key)
        if spec.kind == "longtext" and isinstance(was, String) and was.type is StringType.MLB:
            node[key] = _multiline(encode(spec.kind, new))  # written as the person wrote it: """ … """
        else:
            node[key] = _toml_value(spec.kind, new)


def _new_table(sample: Any) -> Any:
    if sample is not None and isinstance(sample, tomlkit.items.InlineTable):
        return tomlkit.inline_table()
    table = tomlkit.table()
    return table


def _apply_array(container: Any, key: str, items: list, write: Any) -> None:
    """Update the array of tables ``container[key]`` element by element."""
    if key not in container:
        if not items:
            return
        container[key] = tomlkit.aot()
    array = container[key]
    for i, item in enumerate(items):
        if i < len(array):
            write(array[i], item)
        else:
            table = _new_table(array[0] if len(array) else None)
            write(table, item)
            array.append(table)
    while len(array) > len(items):
        del array[len(items)]
    if not items:
        del container[key]


def _write_line(table: Any, line: m.CostLine) -> None:
    _apply_fields(table, line, m.LINE_FIELDS)


def _write_group(table: Any, group: m.CostGroup) -> None:
    _apply_fields(table, group, m.GROUP_FIELDS)
    _apply_array(table, "lines", group.lines, _write_line)


def _write_indicator(table: Any, indicator: m.Indicator) -> None:
    _apply_fields(table, indicator, m.INDICATOR_FIELDS)


def apply_project(doc: Any, project: m.Project, review: bool = True) -> None:
    """Write ``project`` into a tomlkit document, touching only what differs."""
    _apply_fields(doc, project, m.PROJECT_FIELDS)
    if project.budget.groups or ("budget" in doc and "groups" in doc["budget"]):
        if "budget" not in doc:
            doc["budget"] = tomlkit.table()
        _apply_array(doc["budget"], "groups", project.budget.groups, _write_group)
        if not doc["budget"]:
            del doc["budget"]
    _apply_array(doc, "indicators", project.indicators, _write_indicator)
    if review:
        _apply_review(doc, project, lambda path: place(path, project))


def review_text(obj: m.Project | m.Unit, name: Any) -> str:
    """A new ``[review]`` table as text, each key with its place as a comment (a name's line break or
    control character shown, never able to break the file).  Written as text: adding hundreds of keys
    to a tomlkit document one by one takes quadratic time."""
    lines = ["[review]", f"# {REVIEW_NOTE}"] + [
        f"{tomlkit.key(review_key(path)).as_string()} = {tomlkit.string(old).as_string()} # {shown(name(path))}"
        for path, old in obj.review.items()]
    return "\n".join(lines) + "\n"


def _apply_review(doc: Any, obj: m.Project | m.Unit, name: Any) -> None:
    """Make the ``[review]`` table hold ``obj.review``: removed marks deleted, new ones added with their place."""
    if ("review",) in obj.refused:
        return  # not a table in the file: the person's text stays
    wanted = {review_key(path): (path, old) for path, old in obj.review.items()}
    if "review" not in doc:
        if not wanted:
            return
        doc.add(tomlkit.nl())
        doc.add("review", tomlkit.parse(review_text(obj, name))["review"])
        return
    table = doc["review"]
    for key in [key for key in table if key not in wanted and isinstance(table[key], str)]:
        del table[key]  # reviewed (a value the reader refused stays, as the person wrote it)
    for key, (path, old) in wanted.items():
        if key not in table:
            table.add(key, old)
            table[key].comment(shown(name(path)))  # (a name's line break or control character: shown, not run)
        elif table[key] != old:
            table[key] = old
    if not table:
        del doc["review"]


def render_project(project: m.Project, original: str | None = None) -> str:
    """The TOML text for ``project``: ``original`` edited in place, or a new file."""
    doc = tomlkit.parse(original) if original is not None else _new_project_doc(project)
    fresh = _fresh_review(doc, project)
    apply_project(doc, project, review=not fresh)
    return _with_review(tomlkit.dumps(doc), project, lambda path: place(path, project)) if fresh else tomlkit.dumps(doc)


def _fresh_review(doc: Any, obj: m.Project | m.Unit) -> bool:
    """Whether a ``[review]`` table is to be added (as text, after the document) rather than edited."""
    return bool(obj.review) and "review" not in doc and ("review",) not in obj.refused


def _with_review(text: str, obj: m.Project | m.Unit, name: Any) -> str:
    return text.rstrip("\n") + "\n\n" + review_text(obj, name)


def render_unit(unit: m.Unit, original: str) -> str:
    """unit.toml's text ``original`` with ``unit``'s values and ``[review]`` table written in, comments kept."""
    doc = tomlkit.parse(original)
    _apply_fields(doc, unit, m.UNIT_FIELDS)
    if _fresh_review(doc, unit):
        return _with_review(tomlkit.dumps(doc), unit, unit_place)
    _apply_review(doc, unit, unit_place)
    return tomlkit.dumps(doc)


def _new_project_doc(project: m.Project) -> Any:
    """A fresh file with the form's section comments, in the form's order."""
    return tomlkit.parse(NEW_PROJECT_TOML.format(order=project.order or 0))

