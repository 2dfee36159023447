"""单位信息: required fields, and the declared 项目个数 and 预算资金 against the projects."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from .. import model as m
from ..findings import ERROR
from ..frameworks import framework_setting
from .common import diff_text, differ, refused, yuan
from .engine import Hit, rule


@rule("unit-required", ERROR, "单位信息必填项未填", scope="unit", example="unit.toml 未填年度")
def unit_required(unit: m.Unit, annuals: list[Decimal | None]) -> Iterator[Hit]:
    for spec in m.UNIT_FIELDS:
        value = getattr(unit, spec.attr)
        if spec.attr == "framework" or refused(unit, spec.key):
            continue  # (指标框架 is optional: read from the indicators when not given)
        if value is None or (isinstance(value, str) and not value.strip()):
            yield Hit(f"未填{spec.label}", spec.key)


@rule("unit-count", ERROR, "单位申报的项目个数与实际项目数不符", scope="unit", example="写编报项目 11 个，实有 10 个")
def unit_count(unit: m.Unit, annuals: list[Decimal | None]) -> Iterator[Hit]:
    if unit.declared_projects is not None and unit.declared_projects != len(annuals):
        yield Hit(f"单位信息写编报项目 {unit.declared_projects} 个，实有 {len(annuals)} 个", ("declared_projects",))


@rule("unit-total", ERROR, "单位申报的预算资金与各项目年度申请额之和不符", scope="unit", example="写涉及项目预算资金 4941 万元，各项目之和不同")
def unit_total(unit: m.Unit, annuals: list[Decimal | None]) -> Iterator[Hit]:
    if unit.declared_total is None or any(annual is None for annual in annuals):
        return  # a project without 年度资金申请总额: funding-required says so; the sum cannot be checked
    total = sum((annual or Decimal(0) for annual in annuals), Decimal(0))
    if differ(total, unit.declared_total):
        yield Hit(f"单位信息写项目预算资金 {yuan(unit.declared_total)}，各项目年度资金申请总额之和为 "
                  f"{yuan(total)}，{diff_text(total, unit.declared_total)}", ("declared_total",))


@rule("unit-framework", ERROR, "单位信息中的指标框架不是 2020 或 88", scope="unit",
      example="framework = \"2015\"")
def unit_framework(unit: m.Unit, annuals: list[Decimal | None]) -> Iterator[Hit]:
    if framework_setting(unit) is None:
        yield Hit(f"指标框架“{unit.framework}”应为 2020（财预〔2020〕10号）或 88（财预〔2015〕88号），"
                  f"不写则按各项目的指标自动判断", ("framework",))
