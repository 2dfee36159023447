"""One namer of places: the loader and the rules say the same words for the same cell."""

from __future__ import annotations

import pytest

from store import model as m
from store.places import place, unit_place


def _project() -> m.Project:
    project = m.Project(id="p01")
    project.budget.groups = [m.CostGroup(name="甲"), m.CostGroup(lines=[m.CostLine(), m.CostLine(item="餐费")])]
    project.indicators = [m.Indicator(), m.Indicator(), m.Indicator(name="接待人员数量")]
    return project


@pytest.mark.parametrize("path, label", [
    ((), "项目文件"),
    (("order",), "序号"),
    (("header",), "基本信息"),
    (("header", "start"), "基本信息 › 计划开始日期"),
    (("funding", "total_fiscal"), "项目资金 › 其中：财政资金"),
    (("narrative", "period"), "五、实施周期"),
    (("budget",), "六、年度预算安排"),
    (("budget", "prose"), "六、年度预算安排（文字说明）"),
    (("goals", "overall"), "绩效目标 › 项目总目标"),
    (("budget", "groups", 0), "六、年度预算安排 › 甲"),
    (("budget", "groups", 0, "total"), "六、年度预算安排 › 甲 › 合计"),
    (("budget", "groups", 1, "lines", 1, "quantity"), "六、年度预算安排 › 第 2 组 › 第 2 行「餐费」 › 数量"),
    (("budget", "groups", 1, "lines", 0), "六、年度预算安排 › 第 2 组 › 第 1 行"),
    (("indicators",), "绩效指标"),
    (("indicators", 2, "target"), "绩效指标 › 第 3 条「接待人员数量」 › 指标值"),
    (("indicators", 7, "owner"), "绩效指标 › 第 8 条 › owner"),
])
def test_a_project_place_is_named_as_the_form_names_it(path, label):
    assert place(path, _project()) == label


def test_a_place_is_named_without_the_project_too():
    assert place(("budget", "groups", 1, "lines", 0, "price")) == "六、年度预算安排 › 第 2 组 › 第 1 行 › 单价"


def test_a_unit_place():
    assert unit_place(()) == "单位信息"
    assert unit_place(("year",)) == "单位信息 › 年度"
    assert unit_place(("declared_projects",)) == "单位信息 › 编报项目个数"
