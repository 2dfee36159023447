"""The one namer of places: the Chinese label of any key path, for the loader and the rules alike.

A finding says where it is twice: as a :data:`~store.findings.KeyPath` (for
the line number and the app's cursor) and as the label a person reads, e.g.
``六、年度预算安排 › 乙 › 第 2 行「餐费」 › 数量``.  :func:`place` turns the
first into the second for a project file, :func:`unit_place` for unit.toml.
The project, when given, supplies group names and line and indicator names.
"""

from __future__ import annotations

from . import model as m
from .findings import KeyPath

__all__ = ["place", "unit_place", "group_place", "line_place", "indicator_place", "PROJECT", "UNIT", "BUDGET"]

#: The whole project file, the whole unit file, and the budget section.
PROJECT = "项目文件"
UNIT = "单位信息"
BUDGET = "六、年度预算安排"
INDICATORS = "绩效指标"

_TABLES = {"header": "基本信息", "funding": "项目资金", "narrative": "项目说明", "goals": "绩效目标",
           "budget": BUDGET, "review": "结转复核"}
#: Fields named by their own label alone (the form's numbered sections).
_BARE = {spec.key for spec in m.PROJECT_FIELDS if spec.key[0] == "narrative"} | {("budget", "prose")}
_PROJECT_LABELS = {spec.key: spec.label for spec in m.PROJECT_FIELDS}
_GROUP_LABELS = {"name": "分组名称", "total": "合计", "lines": "预算明细"}
_LINE_LABELS = {spec.attr: spec.label for spec in m.LINE_FIELDS}
_INDICATOR_LABELS = {spec.attr: spec.label for spec in m.INDICATOR_FIELDS}
_UNIT_LABELS = {spec.attr: spec.label for spec in m.UNIT_FIELDS}


def _item(items: list, i: int) -> object | None:
    return items[i] if 0 <= i < len(items) else None


def group_place(project: m.Project | None, gi: int) -> str:
    """``六、年度预算安排 › 乙`` (or ``› 第 2 组`` when the group has no name)."""
    group = _item(project.budget.groups, gi) if project is not None else None
    name = group.name if group is not None else ""
    return f"{BUDGET} › {name or f'第 {gi + 1} 组'}"


def line_place(project: m.Project | None, gi: int, li: int, what: str = "") -> str:
    """``六、年度预算安排 › 乙 › 第 2 行「餐费」``, then ``› what`` when given."""
    group = _item(project.budget.groups, gi) if project is not None else None
    line = _item(group.lines, li) if group is not None else None
    item = f"「{line.item}」" if line is not None and line.item else ""
    label = f"{group_place(project, gi)} › 第 {li + 1} 行{item}"
    return f"{label} › {what}" if what else label


def indicator_place(project: m.Project | None, ii: int, what: str = "") -> str:
    """``绩效指标 › 第 3 条「接待人员数量」``, then ``› what`` when given."""
    ind = _item(project.indicators, ii) if project is not None else None
    name = f"「{ind.name}」" if ind is not None and ind.name else ""
    label = f"{INDICATORS} › 第 {ii + 1} 条{name}"
    return f"{label} › {what}" if what else label


def place(path: KeyPath, project: m.Project | None = None) -> str:
    """The label of ``path`` in a project file, as the form names it."""
    path = tuple(path)
    match path:
        case ():
            return PROJECT
        case ("budget", "groups"):
            return f"{BUDGET} › 预算分组"
        case ("budget", "groups", int(gi)):
            return group_place(project, gi)
        case ("budget", "groups", int(gi), "lines", int(li)):
            return line_place(project, gi, li)
        case ("budget", "groups", int(gi), "lines", int(li), str(attr)):
            return line_place(project, gi, li, _LINE_LABELS.get(attr, attr))
        case ("budget", "groups", int(gi), str(attr)):
            return f"{group_place(project, gi)} › {_GROUP_LABELS.get(attr, attr)}"
        case ("indicators",):
            return INDICATORS
        case ("indicators", int(ii)):
            return indicator_place(project, ii)
        case ("indicators", int(ii), str(attr)):
            return indicator_place(project, ii, _INDICATOR_LABELS.get(attr, attr))
        case (str(table),) if table in _TABLES:
            return _TABLES[table]
        case (str(table), str(key)) if table in _TABLES:
            label = _PROJECT_LABELS.get(path, key)
            return label if path in _BARE else f"{_TABLES[table]} › {label}"
        case (str(key),):
            return _PROJECT_LABELS.get(path, f"{PROJECT} › {key}")
    return " › ".join(str(part) for part in path)


def unit_place(path: KeyPath) -> str:
    """The label of ``path`` in unit.toml: ``单位信息 › 年度``."""
    match tuple(path):
        case ():
            return UNIT
        case (str(key),):
            return f"{UNIT} › {_UNIT_LABELS.get(key, key)}"
    return " › ".join([UNIT, *map(str, path)])
