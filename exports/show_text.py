"""``jixiao show FILE``: one project file (or unit.toml) as the form's words, one field a line.

Made for ``git diff`` and ``git log -p`` (a textconv driver, see docs/git.md):
git compares lines, so every field is one line named as ``jixiao check`` names
it (``项目资金 › 项目资金总额：2,000,000.00``), each cost line and indicator is
one line, and a long text is one sentence a line, so a changed figure in
一、项目概述 shows as the one sentence that holds it.
"""

from __future__ import annotations

import re

from store import model as m
from store.diff import group_summary, indicator_summary, line_summary
from store.normalize import format_yuan
from store.places import group_place, indicator_place, line_place, place, unit_place

from .writers import clean_text

__all__ = ["project_lines", "unit_lines", "SENTENCE_END"]

#: Where a long text is cut into lines: after each sentence.
SENTENCE_END = re.compile(r"(?<=[。；！？;!?])")


def _value(kind: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if kind == "money":
        return format_yuan(value)  # type: ignore[arg-type]
    if kind == "date":
        return value.isoformat()  # type: ignore[attr-defined]
    return str(value)


def _long(label: str, text: str) -> list[str]:
    sentences = [s.strip() for part in text.strip().splitlines() for s in SENTENCE_END.split(part) if s.strip()]
    return [f"{label}："] + [f"  {clean_text(s)}" for s in sentences]


def project_lines(project: m.Project) -> list[str]:
    """Every field of ``project``, in the form's order."""
    out: list[str] = []
    for spec in m.PROJECT_FIELDS:
        if spec.attr == "goals.overall":
            out += _budget(project)
        label = place(spec.key, project)
        value = m.get_at(project, spec.key)
        if spec.kind == "longtext":
            out += _long(label, value)  # type: ignore[arg-type]
        else:
            out.append(f"{label}：{clean_text(_value(spec.kind, value))}")
    for ii, ind in enumerate(project.indicators):
        out.append(f"{indicator_place(project, ii)}：{clean_text(indicator_summary(ind))}")
    return out


def _budget(project: m.Project) -> list[str]:
    out = []
    for gi, group in enumerate(project.budget.groups):
        total = f"，写明合计 {group.total}" if group.total is not None else ""
        out.append(f"{clean_text(group_place(project, gi))}：{group_summary(group)}{clean_text(total)}")
        for li, line in enumerate(group.lines):
            out.append(f"{clean_text(line_place(project, gi, li))}：{clean_text(line_summary(line))}")
            if line.note.strip():
                out.append(f"{clean_text(line_place(project, gi, li, '测算依据'))}：{clean_text(line.note)}")
    return out


def unit_lines(unit: m.Unit) -> list[str]:
    return [f"{unit_place(spec.key)}：{clean_text(_value(spec.kind, m.get_at(unit, spec.key)))}"
            for spec in m.UNIT_FIELDS]
