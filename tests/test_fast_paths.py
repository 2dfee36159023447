"""The fast paths of reading, checking and formatting say exactly what the plain ones did."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from store.rules import check_project
from store.model import CostGroup, CostLine, Project
from store.normalize import EXACT, Measure, NormalizeError, format_number, format_plain_yuan, parse_target
from store.reading import project_from_data, unit_from_data


def _plain_format_number(value: Decimal) -> str:
    """format_number as it was written before its fast path."""
    if value.as_tuple().exponent > 0:
        value = value.quantize(Decimal(1), context=EXACT)
    text = format(value, "f")
    return "0" if text in ("-0", "+0") else text


def _plain_format_plain_yuan(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return _plain_format_number(value)
    text = format(value.quantize(Decimal("0.01"), context=EXACT), "f")
    return "0.00" if text == "-0.00" else text  # (money is never written -0.00)


_DECIMALS = st.builds(
    lambda sign, digits, exponent: Decimal(f"{sign}{digits}E{exponent}"),
    st.sampled_from(["", "-"]), st.integers(0, 10**20), st.integers(-12, 12),
)


@given(_DECIMALS)
def test_number_formats_read_the_exponent_as_as_tuple_does(value):
    assert format_number(value) == _plain_format_number(value)
    assert format_plain_yuan(value) == _plain_format_plain_yuan(value)


@pytest.mark.parametrize("text", ["-0", "0.00", "-0.00", "1E-7", "0.000001", "1.000", "3E+1", "1E+30"])
def test_number_formats_edge_cases(text):
    value = Decimal(text)
    assert format_number(value) == _plain_format_number(value)
    assert format_plain_yuan(value) == _plain_format_plain_yuan(value)


@pytest.mark.parametrize("raw", [5, 1.5, None, ["≥90%"], {"a": 1}])
def test_parse_target_refuses_what_is_not_text_even_if_unhashable(raw):
    with pytest.raises(NormalizeError):
        parse_target(raw)


def test_a_memoized_target_is_the_same_each_time():
    assert parse_target(">=90%") == parse_target(">=90%") == parse_target("≥90.00(%)")
    for _ in range(2):
        with pytest.raises(NormalizeError):
            parse_target("≥9x0(%")


def test_load_findings_name_the_group_line_and_indicator():
    data = {
        "header": {"name": 12, "owner": "王"},
        "budget": {"groups": [
            {"name": "甲", "total": "十万"},
            {"name": "乙", "lines": [{"item": "a", "amount": "5 元"}, {"item": "b", "quantity": "x", "size": 1}]},
        ]},
        "indicators": [{"level1": "产出指标"}, {"level1": "效益指标", "target": 90}],
    }
    project, findings = project_from_data(data, "p01", "p01.toml")
    got = [(f.rule, f.path, f.field) for f in findings]
    assert got == [
        ("field-unknown", ("header", "owner"), "基本信息"),
        ("field-invalid", ("header", "name"), "基本信息 › 项目名称"),
        ("field-invalid", ("budget", "groups", 0, "total"), "六、年度预算安排 › 甲 › 合计"),
        ("field-unknown", ("budget", "groups", 1, "lines", 1, "size"), "六、年度预算安排 › 乙 › 第 2 行「b」"),
        ("field-invalid", ("budget", "groups", 1, "lines", 1, "quantity"), "六、年度预算安排 › 乙 › 第 2 行「b」 › 数量"),
        ("field-invalid", ("indicators", 1, "target"), "绩效指标 › 第 2 条 › 指标值"),
    ]
    assert [line.item for line in project.budget.groups[1].lines] == ["a", "b"]
    assert project.budget.groups[1].lines[0].amount.yuan() == Decimal(5)


def test_the_loader_and_the_rules_name_one_cell_alike():
    data = {"budget": {"groups": [{"name": "乙", "lines": [{"item": "餐费", "quantity": "x"}]}]}}
    project, findings = project_from_data(data, "p01", "p01.toml")
    loader = next(f for f in findings if f.rule == "field-invalid")
    project.budget.groups[0].lines[0].quantity = Measure(Decimal(-1), "人")
    rule = next(f for f in check_project(project) if f.rule == "amount-negative" and f.path[-1] == "quantity")
    assert loader.path == rule.path
    assert loader.field == rule.field == "六、年度预算安排 › 乙 › 第 1 行「餐费」 › 数量"


def test_unit_fields_are_read_flat():
    unit, findings = unit_from_data({"name": "单位", "year": 2024, "declared_total": "4941 万元", "x": 1})
    assert (unit.name, unit.year, unit.declared_total) == ("单位", 2024, Decimal("49410000"))
    assert [(f.rule, f.path, f.field) for f in findings] == [("field-unknown", ("x",), "单位信息")]
    unit, findings = unit_from_data({"year": "明年"})
    assert [(f.rule, f.field) for f in findings] == [("field-invalid", "单位信息 › 年度")]


def test_text_control_names_the_line_it_found():
    project = Project(id="p01")
    project.budget.groups.append(
        CostGroup(name="组", lines=[
            CostLine(item="甲"), CostLine(item="乙", note="测算\x1b[31m")]))
    findings = [f for f in check_project(project) if f.rule == "text-control"]
    assert [(f.path, f.field) for f in findings] == [
        (("budget", "groups", 0, "lines", 1, "note"), "六、年度预算安排 › 组 › 第 2 行「乙」 › 测算依据")]
