"""Reading: file bytes → text → tomllib data → model, with a finding for whatever cannot be read.

Never raises on a bad file and never imports tomlkit (every scripted command
reads; only saving writes).  A finding names its place with
:func:`store.places.place`, as the rules do, once the whole project is read,
so that group, line and indicator names are known.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from decimal import Decimal
from itertools import groupby
from typing import Any, Iterable

from . import model as m
from .codec import decode
from .file_bytes import MAX_FILE_BYTES, Unreadable, read_file
from .findings import ERROR, WARNING, Finding, KeyPath, Severity
from .normalize import NormalizeError, parse_measure
from .places import place, unit_place
from .plain import plain_indicators as _plain_indicators, plain_line as _plain_line, plain_lines as _plain_lines
from .plain import quiet_yuan as _quiet_yuan, stored_date as _stored_date, stored_money as _stored_money

__all__ = ["project_from_data", "unit_from_data", "parse_text", "decode_text", "syntax_finding",
           "read_project", "read_unit", "read_file", "Unreadable", "MAX_FILE_BYTES"]


class _Reader:
    """Collects load findings for one file while converting its data; names their places at the end."""

    def __init__(self, file: str, project: str) -> None:
        self.file = file
        self.project = project
        #: (rule, severity, message, path, named by the table that holds it).
        self.issues: list[tuple[str, Severity, str, KeyPath, bool]] = []
        #: The paths whose value was refused: not also reported as 未填.
        self.refused: set[KeyPath] = set()

    def issue(self, rule: str, severity: Severity, message: str, path: KeyPath, container: bool = False) -> None:
        self.issues.append((rule, severity, message, tuple(path), container))

    def findings(self, name) -> list[Finding]:
        """The findings, each named by ``name(path)`` (an unknown key: by the table that holds it)."""
        return [Finding(rule, severity, message, self.file, self.project, path,
                        name(path[:-1] if container else path))
                for rule, severity, message, path, container in self.issues]

    def table(self, data: Any, path: KeyPath, label: str) -> dict:
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.issue("field-invalid", ERROR, f"{label}应为表（[...]），已忽略", path)
            self.refused.add(tuple(path))
            return {}
        return data

    def array(self, data: Any, path: KeyPath, label: str) -> list[dict]:
        if data is None:
            return []
        if not isinstance(data, list):
            self.issue("field-invalid", ERROR, f"{label}应为表数组（[[...]]），已忽略", path)
            self.refused.add(tuple(path))
            return []
        items = []
        for i, item in enumerate(data):
            if isinstance(item, dict):
                items.append(item)
            else:
                self.issue("field-invalid", ERROR, f"{label}第 {i + 1} 项应为表，已忽略", path + (i,))
                self.refused.add(tuple(path) + (i,))
                items.append({})
        return items

    def fields(self, data: dict, target: object, fields: tuple[tuple[str, str], ...], base: KeyPath) -> None:
        """Read ``fields`` (:func:`_named`: each spec's key and kind) from the table ``data`` at ``base``
        into the model part ``target``.

        Each spec is found under the last part of its key, and set as the
        attribute of that name.
        """
        for name, kind in fields:
            raw = data.get(name)
            if raw is None:
                continue  # not given
            if raw.__class__ is str:
                if kind in _TEXT:
                    setattr(target, name, raw)  # (what fills most of a file: text)
                    continue
                value = _STORED[kind](raw) if kind in _STORED else None  # (an amount, a date as stored)
                if value is not None:
                    setattr(target, name, value)
                    continue
            if raw == "" and kind not in _TEXT:
                continue  # not filled in, which the rules say, once
            try:
                value = _decode(kind, raw)
            except NormalizeError as err:
                self.issue("field-invalid", ERROR, str(err), base + (name,))
                self.refused.add(base + (name,))
                continue
            setattr(target, name, value)

    def review(self, data: Any, target: m.Project | m.Unit) -> None:
        """The ``[review]`` table (结转复核): each key a place, each value the text it had when carried over."""
        for key, value in self.table(data, ("review",), "结转复核").items():
            if isinstance(value, str) and key:
                target.review[m.review_path(key)] = value
            else:
                self.issue("field-invalid", ERROR, f"结转复核中“{key}”的值应为文字（原值），已忽略", ("review", key))

    def unknown(self, data: dict, known: frozenset[str], base: KeyPath, where: str) -> None:
        if data.keys() <= known:
            return
        for key in data:
            if key not in known:
                self.issue("field-unknown", WARNING,
                           f"{where}中有未知的键“{key}”：保存时保留，但本工具不使用它",
                           base + (key,), container=True)


_TEXT = frozenset(["text", "longtext"])
#: What _decode reads text of these kinds to, when written as the store writes it (else None).
_STORED = {"money": _stored_money, "date": _stored_date}


def _decode(kind: str, raw: object) -> object:
    """:func:`~store.codec.decode`, with measures written as text first."""
    if kind == "measure" and isinstance(raw, str):
        return parse_measure(raw)
    return decode(kind, raw)


def _named(specs: Iterable[m.FieldSpec]) -> tuple[tuple[str, str], ...]:
    """The fields :meth:`_Reader.fields` reads: each spec's key in its table, and its kind."""
    return tuple((spec.key[-1], spec.kind) for spec in specs)


def _keys(specs: Iterable[m.FieldSpec], *more: str) -> frozenset[str]:
    return frozenset([spec.key[-1] for spec in specs] + list(more))


_PROJECT_TABLES = {
    "header": _keys(s for s in m.PROJECT_FIELDS if s.key[0] == "header"),
    "funding": _keys(s for s in m.PROJECT_FIELDS if s.key[0] == "funding"),
    "narrative": _keys(s for s in m.PROJECT_FIELDS if s.key[0] == "narrative"),
    "goals": _keys(s for s in m.PROJECT_FIELDS if s.key[0] == "goals"),
    "budget": frozenset(["prose", "groups"]),
}
_TABLE_LABELS = {"header": "基本信息", "funding": "项目资金", "narrative": "项目说明",
                 "goals": "绩效目标", "budget": "年度预算安排"}
_PROJECT_KEYS = frozenset(["order", "indicators", "review", *_PROJECT_TABLES])
#: PROJECT_FIELDS in order, in runs that share a table: ``(("order",) …)``, ``("header", (…))`` ….
_PROJECT_RUNS = tuple((table, _named(specs)) for table, specs in
                      groupby(m.PROJECT_FIELDS, key=lambda s: s.key[0] if len(s.key) == 2 else ""))
assert all(len(s.key) <= 2 for s in m.PROJECT_FIELDS), "project fields are at most one table deep"
_GROUP_KEYS = _keys(m.GROUP_FIELDS, "lines")
_GROUP, _LINE, _INDICATOR, _UNIT = (_named(specs) for specs in
                                    (m.GROUP_FIELDS, m.LINE_FIELDS, m.INDICATOR_FIELDS, m.UNIT_FIELDS))
_LINE_KEYS = _keys(m.LINE_FIELDS)
_INDICATOR_KEYS = _keys(m.INDICATOR_FIELDS)
_UNIT_KEYS = _keys(m.UNIT_FIELDS, "review")


def project_from_data(data: dict, pid: str, file: str = "", flat: list | None = None,
                      defer: bool = False) -> tuple[m.Project, list[Finding]]:
    """Build a :class:`~store.model.Project` from tomllib data; never raises.  ``flat``, if given,
    receives the lists read in one go (tables whose values are no tables or arrays: :mod:`store.plain`).
    ``defer``: a group whose lines all have nothing to say is left unbuilt until its lines are used
    (:meth:`~store.model.CostGroup.defer_lines`; what a check of thousands of files mostly reads)."""
    flat = [] if flat is None else flat
    reader = _Reader(file, pid)
    project = m.Project(id=pid)
    reader.unknown(data, _PROJECT_KEYS, (), "项目文件")
    tables = {}
    for name, keys in _PROJECT_TABLES.items():
        tables[name] = table = reader.table(data.get(name), (name,), _TABLE_LABELS[name])
        reader.unknown(table, keys, (name,), _TABLE_LABELS[name])
    for name, specs in _PROJECT_RUNS:
        if name:
            reader.fields(tables[name], getattr(project, name), specs, (name,))
        else:
            reader.fields(data, project, specs, ())
    groups = reader.array(tables["budget"].get("groups"), ("budget", "groups"), "预算分组")
    for gi, gdata in enumerate(groups):
        base = ("budget", "groups", gi)
        group = m.CostGroup()
        reader.unknown(gdata, _GROUP_KEYS, base, "预算分组")
        reader.fields(gdata, group, _GROUP, base)
        quiet = _quiet_yuan(gdata.get("lines")) if defer else None
        if quiet is not None:
            group.defer_lines(_plain_lines, gdata["lines"], quiet)
            flat.append(gdata["lines"])
            project.budget.groups.append(group)
            continue
        plain = _plain_lines(gdata.get("lines"))
        if plain is not None:
            group.lines = plain
            flat.append(gdata["lines"])
            project.budget.groups.append(group)
            continue
        for li, ldata in enumerate(reader.array(gdata.get("lines"), base + ("lines",), "预算明细")):
            line = _plain_line(ldata) if ldata.keys() <= _LINE_KEYS else None
            if line is not None:
                group.lines.append(line)
                continue
            line = m.CostLine()
            lbase = base + ("lines", li)
            reader.unknown(ldata, _LINE_KEYS, lbase, "预算明细行")
            reader.fields(ldata, line, _LINE, lbase)
            group.lines.append(line)
        project.budget.groups.append(group)
    indicators = _plain_indicators(data.get("indicators"))
    if indicators is not None:
        project.indicators = indicators
        flat.append(data["indicators"])
    for ii, idata in enumerate(reader.array(data.get("indicators"), ("indicators",), "绩效指标")
                               if indicators is None else ()):
        indicator = m.Indicator()
        ibase = ("indicators", ii)
        reader.unknown(idata, _INDICATOR_KEYS, ibase, "绩效指标")
        reader.fields(idata, indicator, _INDICATOR, ibase)
        project.indicators.append(indicator)
    reader.review(data.get("review"), project)
    project.refused = reader.refused
    return project, reader.findings(lambda path: place(path, project))


def unit_from_data(data: dict, file: str = "") -> tuple[m.Unit, list[Finding]]:
    reader = _Reader(file, "")
    unit = m.Unit()
    reader.unknown(data, _UNIT_KEYS, (), "单位信息")
    reader.fields(data, unit, _UNIT, ())
    reader.review(data.get("review"), unit)
    unit.refused = reader.refused
    return unit, reader.findings(unit_place)


def decode_text(raw: bytes, file: str) -> tuple[str | None, Finding | None]:
    """The file's text (UTF-8, a byte-order mark dropped), or a ``load-encoding`` finding."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, Finding("load-encoding", ERROR,
                             f"文件不是 UTF-8 编码（第 {err.start + 1} 字节），请用 UTF-8 保存",
                             file, line=line)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def syntax_finding(err: tomllib.TOMLDecodeError, file: str, pid: str, text: str) -> Finding:
    message = str(err)
    match = _POSITION.search(message)
    line = column = None
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
    elif match:
        line = text.count("\n") + 1
    reason = _POSITION.sub("", message).strip()
    return Finding("load-syntax", ERROR, f"TOML 格式错误：{reason}（第 {line} 行第 {column} 列）"
                   if column else f"TOML 格式错误：{reason}", file, pid, line=line, column=column)


def parse_text(text: str) -> dict:
    """tomllib, with floats read exactly (as Decimal).

    Whatever the text, only :class:`tomllib.TOMLDecodeError` comes out: nesting
    deeper than :data:`MAX_DEPTH` (tomllib's recursion gives out near 1,000,
    tomlkit, which saves, refuses beyond 100), or an integer of more digits
    than Python converts, is a syntax error of its own.
    """
    data = _loads(text)
    if not _shallow(data):
        raise tomllib.TOMLDecodeError(_TOO_DEEP)
    return data


def _loads(text: str) -> dict:  # (parse_text but for the depth check)
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except RecursionError:
        raise tomllib.TOMLDecodeError(_TOO_DEEP) from None
    except ValueError as err:
        if isinstance(err, tomllib.TOMLDecodeError):
            raise
        match = _LONG_DIGITS.search(text)
        where = f" (at line {text.count(chr(10), 0, match.start()) + 1}, column " \
                f"{match.start() - text.rfind(chr(10), 0, match.start())})" if match else ""
        raise tomllib.TOMLDecodeError(f"数字位数过多{where}") from None
    return data


_LONG_DIGITS = re.compile(r"[0-9_]{4000,}")
#: Tables, arrays and inline tables nested deeper than this are not read (a store file needs 4).
MAX_DEPTH = 50
_TOO_DEEP = f"表、数组或内联表嵌套过深（超过 {MAX_DEPTH} 层）"


def _shallow(data: dict, flat: Iterable[list] = ()) -> bool:
    """Whether no value of ``data`` is nested deeper than :data:`MAX_DEPTH` (level by level, without
    recursion; tomllib makes tables and arrays as plain ``dict`` and ``list``).  The lists ``flat``
    (:func:`project_from_data`'s: at most 4 deep, of tables of no table or array) are not walked."""
    skip = {id(value) for value in flat}
    level: list = [data]
    for _ in range(MAX_DEPTH):
        below: list = []
        for value in level:
            below += [child for child in (value.values() if value.__class__ is dict else value)
                      if (child.__class__ is dict or child.__class__ is list) and id(child) not in skip]
        if not below:
            return True
        level = below
    return False


def read_project(raw: bytes, pid: str, file: str,
                 defer: bool = False) -> tuple[str | None, m.Project | None, list[Finding]]:
    """One project file's bytes → (text, project, load findings); the project is None when not TOML.
    ``defer``: as :func:`project_from_data`."""
    text, problem = decode_text(raw, file)
    if problem is not None:
        return None, None, [replace(problem, project=pid)]
    try:
        data = _loads(text)
        flat: list[list] = []
        project, findings = project_from_data(data, pid, file, flat, defer)
        if not _shallow(data, flat):  # as parse_text checks, less what the model read in one go
            raise tomllib.TOMLDecodeError(_TOO_DEEP)
    except tomllib.TOMLDecodeError as err:
        return text, None, [syntax_finding(err, file, pid, text)]
    return text, project, findings


def read_unit(raw: bytes, file: str) -> tuple[m.Unit, str | None, list[Finding]]:
    """unit.toml's bytes → (unit, text, load findings); an empty unit when it cannot be read."""
    text, problem = decode_text(raw, file)
    if problem is not None:
        return m.Unit(), None, [problem]
    try:
        data = parse_text(text)
    except tomllib.TOMLDecodeError as err:
        return m.Unit(), text, [syntax_finding(err, file, "", text)]
    unit, findings = unit_from_data(data, file)
    return unit, text, findings
