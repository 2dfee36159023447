"""A cold ``check`` reads its cost lines and runs text-control by shortcuts: they say what the plain ways said."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, strategies as st

from store import reading
from store.model import CostGroup, CostLine, Indicator, Project
from store.reading import project_from_data
from store.rules import check_project

_VALUES = st.one_of(
    st.none(), st.just(""), st.sampled_from(["12 月", "150 元/人", "30 万元", "0.5", "１２ 人", "¥1,200", "x",
                                             "-3 件", "1" * 20, "2 人 3", "5\x1b 元"]),
    st.text(max_size=6), st.integers(-5, 10**17), st.decimals(allow_nan=False, places=2, max_value=10**6),
    st.booleans(), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)
_LINES = st.lists(st.dictionaries(st.sampled_from(["item", "quantity", "price", "amount", "note", "size"]),
                                  _VALUES, max_size=6), max_size=4)


def _plain(data: dict, monkeypatch_line) -> tuple:
    saved = reading._plain_line
    reading._plain_line = monkeypatch_line
    try:
        return project_from_data(data, "p01", "p01.toml")
    finally:
        reading._plain_line = saved


@given(_LINES)
def test_a_cost_line_read_in_one_go_is_what_the_general_path_reads(lines):
    data = {"budget": {"groups": [{"name": "甲", "lines": lines}]}}
    fast, fast_findings = project_from_data(data, "p01", "p01.toml")
    plain, plain_findings = _plain(data, lambda line: None)
    assert fast == plain
    assert fast.refused == plain.refused
    assert fast_findings == plain_findings
    assert check_project(fast) == check_project(plain)


def test_a_line_with_a_value_the_reader_refuses_is_reported_as_before():
    data = {"budget": {"groups": [{"name": "甲", "lines": [
        {"item": "餐费", "quantity": "12 月", "price": "x", "amount": "5 元"},
        {"item": 3, "quantity": "12 月"},
        {"item": "车", "quantity": 12, "price": "150 元/月", "amount": ""}]}]}}
    project, findings = project_from_data(data, "p01", "p01.toml")
    assert [(f.rule, f.path) for f in findings] == [
        ("field-invalid", ("budget", "groups", 0, "lines", 0, "price")),
        ("field-invalid", ("budget", "groups", 0, "lines", 1, "item"))]
    first, second, third = project.budget.groups[0].lines
    assert (first.quantity.value, first.price, first.amount.yuan()) == (Decimal(12), None, Decimal(5))
    assert (second.item, second.quantity.unit) == ("", "月")
    assert (third.quantity.value, third.amount) == (Decimal(12), None)


def test_text_control_finds_a_control_character_in_any_text_and_names_its_place():
    project = Project(id="p01")
    project.header.name = "项目"
    project.budget.groups.append(CostGroup(name="组\u202e", lines=[CostLine(item="甲"), CostLine(item="乙\x07")]))
    project.indicators.append(Indicator(name="人数", target="≥5\u2028"))
    found = [(f.path, f.field, f.message.split(" U+")[0]) for f in check_project(project) if f.rule == "text-control"]
    assert found == [
        (("budget", "groups", 0, "name"), "六、年度预算安排 › 组\u202e", "含有不可见的文字方向控制字符"),
        (("budget", "groups", 0, "lines", 1, "item"), "六、年度预算安排 › 组\u202e › 第 2 行「乙\x07」 › 组成",
         "含有不可见的控制字符"),
        (("indicators", 0, "target"), "绩效指标 › 第 1 条「人数」 › 指标值", "含有不可见的分行符"),
    ]
    project.budget.groups[0].name = "组"
    project.budget.groups[0].lines[1].item = "乙"
    project.indicators[0].target = "≥5\n\t"
    assert [f for f in check_project(project) if f.rule == "text-control"] == []
