"""``jixiao diff`` output: a :class:`~store.diff.Comparison` as lines a budget officer reads, or as JSON.

One change, one line, each starting with the project it is in::

    p03 合作与交流 · 项目资金 › 项目资金总额：2,000,000.00 → 2,100,000.00
    p03 合作与交流 · 六、年度预算安排 › 公务接待项目组成 › 第 4 行「礼品」：新增 10 件 × 100 元/件 = 1000 元
    p03 合作与交流 · 一、项目概述：“…，预算资金约 200 万元。严格贯…” → “…，预算资金约 210 万元。严格贯…”

and a last line that sums up.  The JSON keys are documented in docs/git.md and stay as they are.
"""

from __future__ import annotations

import json

from store.controls import escape_json
from store.diff import Change, Comparison
from store.normalize import format_plain_yuan

from .writers import clean_text

__all__ = ["change_lines", "render_text", "render_json", "summary", "EMPTY", "EXCERPT_CHARS"]

#: How an empty value is shown.
EMPTY = "（空）"
#: An excerpt longer than this (an added paragraph) is shown by its start and end.
EXCERPT_CHARS = 60
_VERBS = {"added": "新增", "removed": "删除"}


def _excerpt(text: str) -> str:
    text = text.replace("\n", "⏎")
    if len(text) > EXCERPT_CHARS:
        text = f"{text[:EXCERPT_CHARS * 2 // 3]}……{text[-EXCERPT_CHARS // 3:]}"
    return f"“{clean_text(text)}”" if text else EMPTY


def _value(text: str | None) -> str:
    return clean_text(text) if text else EMPTY


def change_lines(change: Change) -> list[str]:
    """The lines one change is printed as (a long text edited in two places: two lines)."""
    name = clean_text(change.name)
    who = f"{change.project} {name}".strip() if change.project else ""
    if change.path == () and change.project:  # the whole project
        if change.kind == "renamed":
            return [f"{who}：文件由 {clean_text(change.old or '')} 改名为 {clean_text(change.new or '')}"]
        return [f"{who}：{_VERBS[change.kind]}项目（{clean_text(change.note)}）"]
    where = f"{who} · {clean_text(change.place)}" if who else clean_text(change.place)
    if change.kind in _VERBS:
        return [f"{where}：{_VERBS[change.kind]}" + (f" {clean_text(change.note)}" if change.note else "")]
    if change.kind == "moved":
        return [f"{where}：{clean_text(change.note)}"]
    if change.text is not None:
        if change.text.rewritten:
            return [f"{where}：全文改写（原 {change.text.old_chars} 字，现 {change.text.new_chars} 字）："
                    f"{_excerpt(change.new or '')}"]
        return [f"{where}：{_excerpt(h.old)} → {_excerpt(h.new)}" for h in change.text.hunks]
    return [f"{where}：{_value(change.old)} → {_value(change.new)}"]


def summary(result: Comparison) -> str:
    projects = len({c.project for c in result.changes if c.project})
    unit = any(not c.project for c in result.changes)
    lines = sum(len(change_lines(c)) for c in result.changes)
    if not result.changes:
        verdict = "没有不同"
    else:
        where = "、".join(part for part in (f"{projects} 个项目" if projects else "", "单位信息" if unit else "") if part)
        verdict = f"{lines} 处不同（{where}）"
    trouble = f"；{len(result.trouble)} 个文件无法比较，见上" if result.trouble else ""
    return f"比较 {result.projects} 个项目：{verdict}{trouble}"


def render_text(result: Comparison) -> str:
    """Every change, one line each, then :func:`summary`."""
    lines = [line for change in result.changes for line in change_lines(change)]
    return "\n".join([*lines, summary(result)]) + "\n"


def _yuan(value) -> str | None:
    return None if value is None else format_plain_yuan(value)


def render_json(result: Comparison) -> str:
    """The comparison as JSON: ``old``, ``new``, ``projects``, ``status``, ``changes``, ``trouble``."""
    payload = {
        "old": result.old,
        "new": result.new,
        "projects": result.projects,
        "status": result.status,
        "changes": [{
            "project": c.project,
            "name": c.name,
            "kind": c.kind,
            "path": list(c.path),
            "place": c.place,
            "old": c.old,
            "new": c.new,
            "old_yuan": _yuan(c.old_yuan),
            "new_yuan": _yuan(c.new_yuan),
            "note": c.note,
            "rewritten": bool(c.text and c.text.rewritten),
            "excerpts": [{"old": h.old, "new": h.new} for h in c.text.hunks] if c.text else [],
            "lines": change_lines(c),
        } for c in result.changes],
        "trouble": [{"project": t.project, "message": t.message} for t in result.trouble],
    }
    return escape_json(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n"
