"""The check engine: the rule record, the registry, and running the rules over a project or a store.

A rule is a small pure function registered with :func:`rule`: it takes a
project (and the unit, for context) or the whole unit, and yields hits —
``(message, path)`` — that the engine turns into :class:`Finding` objects
with the rule's stable id and severity, named by :func:`store.places.place`.
Rules never raise on any model the loader accepts: a value that is missing is
simply not checked.  The families live beside this module (``header.py``,
``funding.py``, ``budget.py``, ``narrative.py``, ``indicators.py``, ``unit.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Iterator

from .. import model as m
from ..findings import ERROR, WARNING, Finding, KeyPath, Severity, sort_key
from ..locate import line_of
from ..places import place, unit_place
from . import facts

__all__ = ["Hit", "Rule", "RULES", "rule", "check_project", "check_unit", "check_unit_amounts",
           "check_store", "locate", "summary", "with_field"]


@dataclass(frozen=True)
class Hit:
    message: str
    path: KeyPath = ()
    #: The place in words; empty: named from ``path`` by :func:`store.places.place`.
    field: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    #: ``project``, ``unit`` or ``load`` (reported by the loader itself).
    scope: str
    func: Callable[..., Iterable[Hit]] | None = None
    #: A mistake it catches, for ``jixiao rules``.
    example: str = ""


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, title: str, scope: str = "project", example: str = ""):
    def register(func: Callable[..., Iterable[Hit]]):
        if rule_id in RULES:  # pragma: no cover - a programming error
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, severity, title, scope, func, example)
        return func
    return register


for _id, _sev, _title, _example in (
    ("load-syntax", ERROR, "文件不是合法的 TOML", "name = 合作与交流（文字没有引号）"),
    ("load-encoding", ERROR, "文件不是 UTF-8 编码", "用 GBK 保存的项目文件"),
    ("load-io", ERROR, "文件无法读取", "没有读权限的项目文件"),
    ("field-invalid", ERROR, "字段的值无法识别（金额、日期、数量、类型）", "start = \"2024-13-01\""),
    ("field-unknown", WARNING, "文件中有本工具不认识的键（保存时保留）", "[header] 中写了 nmae = …"),
):
    RULES[_id] = Rule(_id, _sev, _title, "load", example=_example)


def _finding(rule_: Rule, hit: Hit, file: str, project: m.Project | None) -> Finding:
    path = tuple(hit.path)
    label = hit.field or (place(path, project) if project is not None else unit_place(path))
    return Finding(rule_.id, rule_.severity, hit.message, file, project.id if project else "", path, label)


def _findings(rule_: Rule, hits: Iterable[Hit], file: str, project: m.Project | None) -> Iterator[Finding]:
    for hit in hits:
        yield _finding(rule_, hit, file, project)


def check_project(project: m.Project, unit: m.Unit | None = None, file: str = "",
                  text: str | None = None) -> list[Finding]:
    """Every project rule's findings, located in ``text`` when given.

    The budget rules share one reading of the cost table (:mod:`store.rules.facts`), kept for this call."""
    unit = unit or m.Unit()
    out: list[Finding] = []
    held = facts.begin(project)
    try:
        for rule_ in RULES.values():
            if rule_.scope == "project":
                for hit in rule_.func(project, unit):  # (nearly every rule: no hit)
                    out.append(_finding(rule_, hit, file, project))
    finally:
        facts.end(held)
    return locate(out, text)


def check_unit(unit: m.Unit, projects: list[m.Project], file: str = "",
               text: str | None = None) -> list[Finding]:
    """Every unit rule's findings over these (loaded) projects."""
    return check_unit_amounts(unit, [p.funding.annual for p in projects], file, text)


def check_unit_amounts(unit: m.Unit, annuals: list[Decimal | None], file: str = "",
                       text: str | None = None) -> list[Finding]:
    """The unit rules need of each loaded project only its 年度资金申请总额:
    the index and the app pass just those."""
    out: list[Finding] = []
    for rule_ in RULES.values():
        if rule_.scope == "unit":
            out.extend(_findings(rule_, rule_.func(unit, annuals), file, None))
    return locate(out, text)


def locate(findings: list[Finding], text: str | None) -> list[Finding]:
    if not text:
        return findings
    return [f if f.line is not None else f.located(line_of(text, f.path)) for f in findings]


def check_store(loaded) -> list[Finding]:
    """All findings for a :class:`~store.toml_store.LoadedStore` in memory: loading problems first,
    then every rule.  (``jixiao check`` goes through :func:`store.cache.survey`, which gives the same.)"""
    from ..files import UNIT_FILE

    unit_file = str(loaded.root / UNIT_FILE)
    out = locate(list(loaded.findings), loaded.unit_text)
    for lp in loaded.projects:
        out.extend(locate(lp.findings, lp.text))
        if lp.project is not None:
            out.extend(check_project(lp.project, loaded.unit, str(lp.path), lp.text))
    out.extend(check_unit(loaded.unit, loaded.models, unit_file, loaded.unit_text))
    return sorted(out, key=sort_key)


def summary(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for f in findings if f.is_error)
    return errors, len(findings) - errors


def with_field(finding: Finding) -> str:
    return f"{finding.field}：{finding.message}" if finding.field else finding.message
