"""What changed between two sides of a store (:mod:`store.snapshot`), in the form's own words.

Pure functions over models: nothing printed (``exports/diff_text.py`` renders the
:class:`Change` list as text or JSON).  Every place is named by
:func:`store.places.place`, as ``jixiao check`` names it.  Amounts are compared
as amounts: ``30 万元`` and ``300000.00`` are equal, and a change is shown as
written and in 元.  Projects are matched by id (a file renamed but holding the
same project — same 项目名称 — is said to be renamed), cost groups by name, cost
lines by 组成 within their group (a line found in another group has moved), and
indicators by their three levels, then by 三级指标 alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from . import model as m
from .findings import KeyPath
from .matching import match as _match, moved as _moved
from .normalize import Measure, format_yuan, target_text
from .places import place, unit_place
from .snapshot import Side, SideProject, load_project
from .text_change import TextChange, text_change

__all__ = ["Change", "Trouble", "Comparison", "compare", "KINDS", "line_summary", "group_summary", "indicator_summary"]

#: What happened to a place.
KINDS = ("added", "removed", "changed", "moved", "renamed")


@dataclass(frozen=True)
class Change:
    #: The project's id (the new side's), ``""`` for unit.toml.
    project: str
    #: The project's 项目名称 (the new side's, else the old one's).
    name: str
    kind: str
    #: Where, as a key path in the new side's file (the old side's for what was removed).
    path: KeyPath
    #: Where, as the form names it.
    place: str
    #: The value as written (``"30 万元（300,000.00 元）"``), a long text whole; None for empty, added or removed.
    old: str | None = None
    new: str | None = None
    #: Amounts in 元, when the value is money.
    old_yuan: Decimal | None = None
    new_yuan: Decimal | None = None
    #: A long text's change: short excerpts, or “rewritten”.
    text: TextChange | None = None
    #: What was added or removed (a summary), or where a moved thing came from.
    note: str = ""


@dataclass(frozen=True)
class Trouble:
    project: str
    message: str


@dataclass
class Comparison:
    old: str
    new: str
    changes: list[Change] = field(default_factory=list)
    trouble: list[Trouble] = field(default_factory=list)
    #: How many projects were compared (on either side).
    projects: int = 0

    @property
    def status(self) -> int:
        """As diff's: 0 the same, 1 different, 2 trouble."""
        return 2 if self.trouble else (1 if self.changes else 0)


# -- values as written, compared as amounts -------------------------------------------------

def _raw(data: dict, path: KeyPath) -> object:
    node: object = data
    for part in path:
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _measure_text(value: Measure, default_unit: str = "") -> tuple[str, Decimal | None]:
    yuan = value.yuan(default_unit)
    text = str(value)
    if yuan is not None and value.unit.split("/", 1)[0].strip() != "元":
        per = f"/{value.per}" if value.per else ""
        text += f"（{format_yuan(yuan)} 元{per}）"
    return text, yuan


def _shown(kind: str, value: object, raw: object, default_unit: str) -> tuple[object, str | None, Decimal | None]:
    """(what is compared, what is shown, the amount in 元) for a model value of ``kind``."""
    if value is None or value == "":
        return None, None, None
    if kind == "money":
        written = raw.strip() if isinstance(raw, str) else ""
        text = format_yuan(value)  # type: ignore[arg-type]
        return value, f"{written}（{text} 元）" if "万" in written else text, value  # type: ignore[return-value]
    if kind == "measure":
        text, yuan = _measure_text(value, default_unit)  # type: ignore[arg-type]
        key = (yuan, value.per) if yuan is not None else (value.value, value.unit)  # type: ignore[attr-defined]
        return key, text, yuan
    if kind == "date":
        return value, value.isoformat(), None  # type: ignore[attr-defined]
    if kind == "target":
        shown = target_text(value)  # type: ignore[arg-type]
        return shown, shown, None
    return value, str(value), None


class _Pair:
    """One project (or the unit) on both sides, and the changes found in it."""

    def __init__(self, pid: str, old: SideProject | None, new: SideProject | None,
                 out: list[Change], namer: Callable[[KeyPath, m.Project | None], str] = place) -> None:
        self.pid, self.old, self.new, self.out, self.namer = pid, old, new, out, namer
        sp = new if new is not None and new.project is not None else old
        self.name = sp.project.header.name if sp is not None and sp.project is not None else ""

    def emit(self, kind: str, path: KeyPath, where: m.Project | None, **kw: object) -> None:
        self.out.append(Change(self.pid, self.name, kind, tuple(path), self.namer(path, where), **kw))  # type: ignore[arg-type]

    def value(self, sp: SideProject, obj: object, refused: set, path: KeyPath, kind: str,
              default_unit: str) -> tuple[object, str | None, Decimal | None]:
        raw = _raw(sp.data, path)
        if tuple(path) in refused:  # what the reader could not read: compared as written
            return ("refused", raw), f"{raw}（无法识别）", None
        return _shown(kind, m.get_at(obj, path), raw, default_unit)

    def field(self, old_path: KeyPath, new_path: KeyPath, kind: str, old_obj: object = None,
              new_obj: object = None, default_unit: str = "") -> None:
        """One scalar field: a line when its value differs (amounts as amounts)."""
        assert self.old is not None and self.new is not None
        old_obj = self.old.project if old_obj is None else old_obj
        new_obj = self.new.project if new_obj is None else new_obj
        if kind == "longtext":
            a, b = m.get_at(old_obj, old_path), m.get_at(new_obj, new_path)
            change = text_change(a, b)  # type: ignore[arg-type]
            if change is not None:
                self.emit("changed", new_path, self.new.project, text=change, old=a or None, new=b or None)
            return
        a_key, a_text, a_yuan = self.value(self.old, old_obj, getattr(old_obj, "refused", set()), old_path, kind,
                                           default_unit)
        b_key, b_text, b_yuan = self.value(self.new, new_obj, getattr(new_obj, "refused", set()), new_path, kind,
                                           default_unit)
        if a_key != b_key:
            self.emit("changed", new_path, self.new.project, old=a_text, new=b_text, old_yuan=a_yuan, new_yuan=b_yuan)


# -- one project ------------------------------------------------------------------------------

def line_summary(line: m.CostLine) -> str:
    parts = []
    if line.quantity is not None and line.price is not None:
        parts.append(f"{line.quantity} × {line.price}")
    if line.amount is not None:
        parts.append(_measure_text(line.amount, "元")[0])
    return " = ".join(parts)


def group_summary(group: m.CostGroup) -> str:
    return f"{len(group.lines)} 行，合计 {format_yuan(group.yuan)} 元"


def indicator_summary(ind: m.Indicator) -> str:
    levels = " › ".join(part for part in (ind.level1, ind.level2, ind.name) if part)
    return f"{levels} {target_text(ind.target)}".strip()


def _lines(pair: _Pair, old: m.Project, new: m.Project, gi: int, gj: int, loose: list) -> None:
    a, b = old.budget.groups[gi].lines, new.budget.groups[gj].lines
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = _match([line.item or None for line in a], [line.item or None for line in b], used_a, used_b)
    # a 组成 renamed: the same figures, in lines otherwise unmatched
    pairs += _match([(l.quantity, l.price, l.stated_yuan) if i not in used_a else None for i, l in enumerate(a)],
                    [(l.quantity, l.price, l.stated_yuan) if j not in used_b else None for j, l in enumerate(b)],
                    used_a, used_b)
    moved = set(_moved(pairs))
    for li, lj in sorted(pairs, key=lambda p: p[1]):
        base_a, base_b = ("budget", "groups", gi, "lines", li), ("budget", "groups", gj, "lines", lj)
        if (li, lj) in moved:
            pair.emit("moved", base_b, new, note=f"由第 {li + 1} 行移到第 {lj + 1} 行")
        for spec in m.LINE_FIELDS:
            pair.field(base_a + (spec.attr,), base_b + (spec.attr,), spec.kind,
                       default_unit="元" if spec.attr == "amount" else "")
    loose.extend(("removed", gi, li) for li in range(len(a)) if li not in used_a)
    loose.extend(("added", gj, lj) for lj in range(len(b)) if lj not in used_b)


def _budget(pair: _Pair, old: m.Project, new: m.Project) -> None:
    a, b = old.budget.groups, new.budget.groups
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = _match([g.name or None for g in a], [g.name or None for g in b], used_a, used_b)
    for gj, group in enumerate(b):  # a group renamed: the unmatched group sharing most of its 组成
        items = {line.item for line in group.lines if line.item}
        if gj in used_b or not items:
            continue
        shared = [(len(items & {line.item for line in g.lines}), gi) for gi, g in enumerate(a) if gi not in used_a]
        best = max(shared, default=(0, -1))
        if best[0]:
            pairs.append((best[1], gj))
            used_a.add(best[1])
            used_b.add(gj)
    moved = set(_moved(pairs))
    loose: list[tuple[str, int, int]] = []
    for gi, gj in sorted(pairs, key=lambda p: p[1]):
        base_a, base_b = ("budget", "groups", gi), ("budget", "groups", gj)
        if (gi, gj) in moved:
            pair.emit("moved", base_b, new, note=f"由第 {gi + 1} 组移到第 {gj + 1} 组")
        for spec in m.GROUP_FIELDS:
            pair.field(base_a + (spec.attr,), base_b + (spec.attr,), spec.kind, default_unit="元")
        _lines(pair, old, new, gi, gj, loose)
    for gi in range(len(a)):
        if gi not in used_a:
            pair.emit("removed", ("budget", "groups", gi), old, note=group_summary(a[gi]))
    for gj in range(len(b)):
        if gj not in used_b:
            pair.emit("added", ("budget", "groups", gj), new, note=group_summary(b[gj]))
    # a line found in another group has moved there
    gone = [(gi, li) for kind, gi, li in loose if kind == "removed"]
    came = [(gj, lj) for kind, gj, lj in loose if kind == "added"]
    moves = _match([a[gi].lines[li].item or None for gi, li in gone], [b[gj].lines[lj].item or None for gj, lj in came])
    moved_from = {n for n, _ in moves}
    moved_to = {k for _, k in moves}
    for n, (gi, li) in enumerate(gone):
        if n not in moved_from:
            pair.emit("removed", ("budget", "groups", gi, "lines", li), old, note=line_summary(a[gi].lines[li]))
    for k, (gj, lj) in enumerate(came):
        if k not in moved_to:
            pair.emit("added", ("budget", "groups", gj, "lines", lj), new, note=line_summary(b[gj].lines[lj]))
    for n, k in moves:
        (gi, li), (gj, lj) = gone[n], came[k]
        base_a, base_b = ("budget", "groups", gi, "lines", li), ("budget", "groups", gj, "lines", lj)
        pair.emit("moved", base_b, new, note=f"由「{a[gi].name or f'第 {gi + 1} 组'}」第 {li + 1} 行移来")
        for spec in m.LINE_FIELDS:
            pair.field(base_a + (spec.attr,), base_b + (spec.attr,), spec.kind,
                       default_unit="元" if spec.attr == "amount" else "")


def _indicators(pair: _Pair, old: m.Project, new: m.Project) -> None:
    a, b = old.indicators, new.indicators
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = _match([(i.level1, i.level2, i.name) if i.name else None for i in a],
                   [(i.level1, i.level2, i.name) if i.name else None for i in b], used_a, used_b)
    pairs += _match([i.name or None for i in a], [i.name or None for i in b], used_a, used_b)
    moved = set(_moved(pairs))
    for ii, ij in sorted(pairs, key=lambda p: p[1]):
        if (ii, ij) in moved:
            pair.emit("moved", ("indicators", ij), new, note=f"由第 {ii + 1} 条移到第 {ij + 1} 条")
        for spec in m.INDICATOR_FIELDS:
            pair.field(("indicators", ii, spec.attr), ("indicators", ij, spec.attr),
                       "target" if spec.attr == "target" else spec.kind)
    for ii in range(len(a)):
        if ii not in used_a:
            pair.emit("removed", ("indicators", ii), old, note=indicator_summary(a[ii]))
    for ij in range(len(b)):
        if ij not in used_b:
            pair.emit("added", ("indicators", ij), new, note=indicator_summary(b[ij]))


def _project(pair: _Pair) -> None:
    assert pair.old is not None and pair.new is not None
    old, new = pair.old.project, pair.new.project
    assert old is not None and new is not None
    for spec in m.PROJECT_FIELDS:
        if spec.key[0] == "goals" and spec.attr == "goals.overall":
            _budget(pair, old, new)  # the cost table, where the form has it: after 六's prose
        pair.field(spec.key, spec.key, spec.kind)
    _indicators(pair, old, new)


def _project_summary(project: m.Project) -> str:
    annual = project.funding.annual
    money = f"年度资金申请总额 {format_yuan(annual)} 元，" if annual is not None else ""
    return f"{money}{project.budget.line_count} 行预算明细，{len(project.indicators)} 条指标"


def _file_name(sp: SideProject) -> str:
    return sp.file.replace("\\", "/").rsplit("/", 1)[-1]


# -- the whole store --------------------------------------------------------------------------

def _unit(old: Side, new: Side, out: list[Change], trouble: list[Trouble]) -> None:
    for side in (old, new):
        if side.unit_problem:
            trouble.append(Trouble("", side.unit_problem))
    if old.unit_problem or new.unit_problem:
        return
    pair = _Pair("", SideProject("", old.unit_file, None, old.unit_data),
                 SideProject("", new.unit_file, None, new.unit_data), out, lambda path, _: unit_place(path))
    for spec in m.UNIT_FIELDS:
        pair.field(spec.key, spec.key, spec.kind, old.unit, new.unit)


def compare(old: Side, new: Side) -> Comparison:
    """Every change from ``old`` to ``new``: unit.toml first, then the projects by id.

    A project file with the same bytes on both sides is not read: nothing changed there.
    The others are read a pair at a time and let go, so a large store is never held whole."""
    result = Comparison(old.label, new.label)
    _unit(old, new, result.changes, result.trouble)
    gone = {pid: load_project(pf) for pid, pf in old.projects.items() if pid not in new.projects}
    came = {pid: load_project(pf) for pid, pf in new.projects.items() if pid not in old.projects}
    # a file renamed, the same project in it: matched by 项目名称, when that is unique on both sides
    renamed: dict[str, str] = {}
    names = [{sp.project.header.name: pid for pid, sp in side.items() if sp.project and sp.project.header.name}
             for side in (gone, came)]
    for name, new_pid in names[1].items():
        counts = [sum(1 for sp in side.values() if sp.project and sp.project.header.name == name)
                  for side in (gone, came)]
        if name in names[0] and counts == [1, 1]:
            renamed[new_pid] = names[0][name]
    ids = sorted((set(old.projects) | set(new.projects)) - set(renamed.values()))
    result.projects = len(ids)
    for pid in ids:
        a, b = _pair_files(old, new, pid, renamed.get(pid, pid), gone, came)
        if a is None and b is None:
            continue  # the same bytes
        pair = _Pair(pid, a, b, result.changes)
        problems = [sp.problem for sp in (a, b) if sp is not None and sp.problem]
        if problems:
            result.trouble.extend(Trouble(pid, problem) for problem in problems)
            continue
        if a is None:
            pair.emit("added", (), b.project, note=_project_summary(b.project))  # type: ignore[union-attr, arg-type]
        elif b is None:
            pair.emit("removed", (), a.project, note=_project_summary(a.project))  # type: ignore[arg-type]
        else:
            if pid in renamed:
                pair.emit("renamed", (), b.project, old=_file_name(a), new=_file_name(b))
            _project(pair)
    return result


def _pair_files(old: Side, new: Side, pid: str, old_pid: str, gone: dict[str, SideProject],
                came: dict[str, SideProject]) -> tuple[SideProject | None, SideProject | None]:
    """The two sides of one project, read; (None, None) when its file has the same bytes on both."""
    if old_pid in gone or pid in came:
        return gone.get(old_pid), came.get(pid)
    pa, pb = old.projects[old_pid], new.projects[pid]
    raw_a, raw_b = pa.raw(), pb.raw()
    if isinstance(raw_a, bytes) and raw_a == raw_b:
        return None, None
    return load_project(pa, raw_a), load_project(pb, raw_b)
