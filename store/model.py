"""The exact model of one unit's 财政支出项目绩效目标申报表.

Plain dataclasses, no I/O.  Money is :class:`~decimal.Decimal` in 元 (the
form's unit); cost-table figures keep the unit they were written in
(:class:`~store.normalize.Measure`), so ``30 万元`` stays ``30 万元``.

The field tables at the bottom (``PROJECT_FIELDS`` …) are the one place that
ties an attribute to its TOML key, its kind and its Chinese label: the loader,
the writer, the check engine's locations and the app's forms all read them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Callable

from .findings import KeyPath
from .normalize import Measure
from .numbers import product, total as exact_sum

__all__ = [
    "Header", "Funding", "Narrative", "CostLine", "CostGroup", "Budget", "Goals",
    "Indicator", "Project", "Unit", "FieldSpec", "KeyPath", "get_at", "set_at", "review_key", "review_path",
    "PROJECT_FIELDS", "GROUP_FIELDS", "LINE_FIELDS", "INDICATOR_FIELDS", "UNIT_FIELDS",
    "NATURES", "MULTI_YEAR_NATURES", "FRAMEWORK", "LEVEL2_ALIASES", "level2_choices",
]

#: 项目性质 in use.  The seed uses 其他经常性项目.
NATURES = ("经常性项目", "其他经常性项目", "一次性项目", "阶段性项目", "跨年度项目")
#: Natures whose 项目资金总额 spans several years.
MULTI_YEAR_NATURES = ("阶段性项目", "跨年度项目")

#: The standard three-level framework: 一级指标 → its 二级指标.
FRAMEWORK: dict[str, tuple[str, ...]] = {
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
#: Older labels still found on forms, accepted under the 一级 they were used with.
LEVEL2_ALIASES: dict[str, tuple[str, ...]] = {
    "产出指标": ("成本指标",),
    "满意度指标": ("社会公众或服务对象满意度指标",),
}


def level2_choices(level1: str) -> tuple[str, ...]:
    """The 二级指标 accepted under ``level1``: its own and its older labels; every one when it is unknown."""
    if level1 in FRAMEWORK:
        return FRAMEWORK[level1] + LEVEL2_ALIASES.get(level1, ())
    return tuple(name for names in FRAMEWORK.values() for name in names)


@dataclass
class Header:
    name: str = ""
    nature: str = ""
    category: str = ""
    department: str = ""
    implementer: str = ""
    start: _dt.date | None = None
    end: _dt.date | None = None


@dataclass
class Funding:
    """项目资金（元）."""

    total: Decimal | None = None
    total_fiscal: Decimal | None = None
    total_other: Decimal | None = None
    annual: Decimal | None = None
    annual_fiscal: Decimal | None = None
    annual_carryover: Decimal | None = None
    annual_other: Decimal | None = None


@dataclass
class Narrative:
    overview: str = ""
    basis: str = ""
    responsible: str = ""
    plan: str = ""
    period: str = ""


@dataclass(slots=True)  # (slots: a cold check builds one for every line of every file; smaller, and so quicker)
class CostLine:
    item: str = ""
    quantity: Measure | None = None
    price: Measure | None = None
    amount: Measure | None = None
    note: str = ""

    @property
    def computed_yuan(self) -> Decimal | None:
        """数量 × 单价 in 元, when both are given and the price is money."""
        if self.quantity is None or self.price is None:
            return None
        price = self.price.yuan()
        return None if price is None else product(self.quantity.value, price)

    @property
    def stated_yuan(self) -> Decimal | None:
        """资金需求 as written, in 元 (a bare number is 元)."""
        return None if self.amount is None else self.amount.yuan(default_unit="元")

    @property
    def yuan(self) -> Decimal | None:
        """What the line asks for: the written amount, else 数量 × 单价."""
        stated = self.stated_yuan
        return stated if stated is not None else self.computed_yuan


@dataclass
class CostGroup:
    """A named group of cost lines.

    A check reads hundreds of thousands of lines that have nothing to say: the reader may
    then leave a group's ``lines`` unbuilt (:meth:`defer_lines`) with its sum in 元 worked
    out from the file's data.  The first use of ``lines`` builds them, the same list the
    reader would have built; until then :attr:`quiet_yuan` gives the sum and
    :attr:`line_count` and :meth:`line_texts` read the file's data.
    """

    name: str = ""
    total: Measure | None = None
    lines: list[CostLine] = field(default_factory=list)

    def __getattr__(self, name: str) -> object:  # (only for what the instance lacks: unbuilt lines)
        pending = self.__dict__.get("_pending") if name == "lines" else None
        if pending is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        build, data = pending
        lines = self.lines = build(data)
        del self._pending, self._quiet  # (the file's data is not held twice)
        return lines

    def defer_lines(self, build: Callable[[list], list[CostLine]], data: list, quiet_yuan: Decimal) -> None:
        """Leave ``lines`` unbuilt until used: ``build(data)`` builds them then.  The reader calls this
        only for lines that each ask for 数量 × 单价 exactly, in money units that fit (nothing for any
        rule of a single line to say) and add up to ``quiet_yuan``."""
        self.__dict__.pop("lines", None)
        self._pending, self._quiet = (build, data), quiet_yuan

    @property
    def quiet_yuan(self) -> Decimal | None:
        """The lines' sum in 元 while they are unbuilt (every one then quiet, see :meth:`defer_lines`);
        None once they are built or set."""
        return None if "lines" in self.__dict__ else self.__dict__.get("_quiet")

    @property
    def line_count(self) -> int:
        lines = self.__dict__.get("lines")
        return len(lines) if lines is not None else len(self._pending[1])

    def line_texts(self) -> list[str]:
        """Every line's 组成 and 测算依据 (unbuilt lines: read from the file's data, which has no 测算依据)."""
        lines = self.__dict__.get("lines")
        if lines is None:
            return [data["item"] for data in self._pending[1]]
        return [line.item for line in lines] + [line.note for line in lines]

    @property
    def yuan(self) -> Decimal:
        quiet = self.quiet_yuan
        return quiet if quiet is not None else exact_sum(line.yuan for line in self.lines)


@dataclass
class Budget:
    prose: str = ""
    groups: list[CostGroup] = field(default_factory=list)

    @property
    def yuan(self) -> Decimal:
        return exact_sum(group.yuan for group in self.groups)

    @property
    def line_count(self) -> int:
        return sum(group.line_count for group in self.groups)


@dataclass
class Goals:
    overall: str = ""
    annual: str = ""


@dataclass
class Indicator:
    level1: str = ""
    level2: str = ""
    name: str = ""
    target: str = ""


@dataclass
class Project:
    id: str = ""
    order: int | None = None
    header: Header = field(default_factory=Header)
    funding: Funding = field(default_factory=Funding)
    narrative: Narrative = field(default_factory=Narrative)
    budget: Budget = field(default_factory=Budget)
    goals: Goals = field(default_factory=Goals)
    indicators: list[Indicator] = field(default_factory=list)
    #: The paths whose value the reader refused (field-invalid): the rules do not call them 未填.
    refused: set = field(default_factory=set, compare=False, repr=False)
    #: 结转复核 (``[review]``): the places carried over from last year and not yet reviewed → their value then.
    review: dict = field(default_factory=dict)

    @property
    def multi_year(self) -> bool:
        return self.header.nature in MULTI_YEAR_NATURES


@dataclass
class Unit:
    name: str = ""
    department: str = ""
    year: int | None = None
    budget_units: int | None = None
    declared_projects: int | None = None
    declared_total: Decimal | None = None
    #: 指标框架: ``"2020"`` (财预〔2020〕10号), ``"88"`` (财预〔2015〕88号), ``""``: read from the indicators.
    framework: str = ""
    refused: set = field(default_factory=set, compare=False, repr=False)
    #: 结转复核 (``[review]``), as for a project.
    review: dict = field(default_factory=dict)


# A KeyPath (attribute names and list indices) names a field of the model and its
# key in the TOML file alike: FieldSpec.key, a finding's path, a grid cell's path.


def get_at(obj: object, path: KeyPath) -> object:
    """The value a key path names: ``get_at(project, ("indicators", 2, "target"))``."""
    for part in path:
        obj = obj[part] if isinstance(part, int) else getattr(obj, part)  # type: ignore[index]
    return obj


def set_at(obj: object, path: KeyPath, value: object) -> None:
    """Set the field a key path names: ``set_at(project, ("funding", "annual"), Decimal(1))``."""
    *parents, last = path
    getattr(obj, "refused", set()).discard(tuple(path))  # a value set now is no longer the one refused
    getattr(obj, "review", {}).pop(tuple(path), None)  # a value set (even to itself) has been reviewed
    target = get_at(obj, tuple(parents))
    if isinstance(last, int):
        target[last] = value  # type: ignore[index]
    else:
        setattr(target, last, value)


def review_key(path: KeyPath) -> str:
    """A key path as a key of the ``[review]`` table: ``budget.groups.0.lines.2.amount``."""
    return ".".join(str(part) for part in path)


def review_path(key: str) -> KeyPath:
    """The key path a ``[review]`` key names (the inverse of :func:`review_key`)."""
    return tuple(int(part) if part.isascii() and part.isdigit() else part for part in key.split("."))


@dataclass(frozen=True)
class FieldSpec:
    """One scalar field: attribute path, TOML key path, kind, Chinese label.

    Kinds: ``text`` (one line), ``longtext`` (multi-line), ``money`` (元, stored
    as a string), ``measure`` (number with unit, stored as a string), ``date``
    (stored as ``"YYYY-MM-DD"``), ``int``.
    """

    attr: str
    kind: str
    label: str

    @cached_property
    def key(self) -> tuple[str, ...]:
        return tuple(self.attr.split("."))


def _specs(*rows: tuple[str, str, str]) -> tuple[FieldSpec, ...]:
    return tuple(FieldSpec(*row) for row in rows)


PROJECT_FIELDS = _specs(
    ("order", "int", "序号"),
    ("header.name", "text", "项目名称"),
    ("header.nature", "text", "项目性质"),
    ("header.category", "text", "项目类别"),
    ("header.department", "text", "主管部门"),
    ("header.implementer", "text", "实施单位"),
    ("header.start", "date", "计划开始日期"),
    ("header.end", "date", "计划完成日期"),
    ("funding.total", "money", "项目资金总额"),
    ("funding.total_fiscal", "money", "其中：财政资金"),
    ("funding.total_other", "money", "其他资金（项目）"),
    ("funding.annual", "money", "年度资金申请总额"),
    ("funding.annual_fiscal", "money", "其中：当年财政拨款"),
    ("funding.annual_carryover", "money", "上年结转资金"),
    ("funding.annual_other", "money", "其他资金（年度）"),
    ("narrative.overview", "longtext", "一、项目概述"),
    ("narrative.basis", "longtext", "二、立项依据"),
    ("narrative.responsible", "longtext", "三、实施主体"),
    ("narrative.plan", "longtext", "四、实施方案"),
    ("narrative.period", "longtext", "五、实施周期"),
    ("budget.prose", "longtext", "六、年度预算安排（文字说明）"),
    ("goals.overall", "longtext", "项目总目标"),
    ("goals.annual", "longtext", "年度总体目标"),
)
GROUP_FIELDS = _specs(
    ("name", "text", "分组名称"),
    ("total", "measure", "分组合计"),
)
LINE_FIELDS = _specs(
    ("item", "text", "组成"),
    ("quantity", "measure", "数量"),
    ("price", "measure", "单价"),
    ("amount", "measure", "资金需求"),
    ("note", "text", "测算依据"),
)
INDICATOR_FIELDS = _specs(
    ("level1", "text", "一级指标"),
    ("level2", "text", "二级指标"),
    ("name", "text", "三级指标"),
    ("target", "text", "指标值"),
)
UNIT_FIELDS = _specs(
    ("name", "text", "单位名称"),
    ("department", "text", "主管部门"),
    ("year", "int", "年度"),
    ("budget_units", "int", "预算单位个数"),
    ("declared_projects", "int", "编报项目个数"),
    ("declared_total", "money", "涉及项目预算资金"),
    ("framework", "text", "指标框架"),
)
