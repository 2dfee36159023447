"""The bundled example store holds the seed's 10 projects faithfully.

Figures and strings below are copied from the seed declaration
(shared/seeds/000_346efb0424c24a72.txt), not from the store.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from store.normalize import parse_target

SEED_PROJECTS = {
    # id: (项目名称, 年度资金申请总额 in 元, number of indicators, number of cost lines)
    "p01": ("东西部扶贫帮困", "37780000.00", 9, 15),
    "p02": ("法律顾问费", "40000.00", 5, 1),
    "p03": ("合作与交流", "2000000.00", 6, 12),
    "p04": ("区政府办常规业务保障", "75000.00", 6, 2),
    "p05": ("区政府办常规业务培训", "50000.00", 7, 3),
    "p06": ("区政府办宣传与推广", "300000.00", 7, 5),
    "p07": ("区政府办政务公开", "440000.00", 6, 12),
    "p08": ("松江区街镇村居网络租赁(运维)(历年已批复)", "2825000.00", 7, 1),
    "p09": ("外事交流管理", "5800000.00", 7, 5),
    "p10": ("稳增长专办", "100000.00", 6, 3),
}


def _project(loaded, pid):
    return next(p for p in loaded.models if p.id == pid)


def test_unit_header_matches_seed(example_loaded):
    unit = example_loaded.unit
    assert unit.name == "上海市松江区人民政府办公室（本级）"
    assert unit.year == 2024
    assert unit.declared_projects == 10
    assert unit.declared_total == Decimal("49410000")


def test_every_project_loads_without_findings(example_loaded):
    assert [lp.id for lp in example_loaded.projects] == sorted(SEED_PROJECTS)
    assert all(lp.findings == [] for lp in example_loaded.projects)
    assert example_loaded.findings == []


@pytest.mark.parametrize("pid", sorted(SEED_PROJECTS))
def test_project_figures_match_seed(example_loaded, pid):
    name, annual, indicators, lines = SEED_PROJECTS[pid]
    project = _project(example_loaded, pid)
    h, f = project.header, project.funding
    assert h.name == name
    assert h.nature == "其他经常性项目"
    assert h.category == "其他运转类"
    assert h.department == "上海市松江区人民政府办公室"
    assert h.start == dt.date(2024, 1, 1) and h.end == dt.date(2024, 12, 31)
    assert f.annual == Decimal(annual) == f.total == f.total_fiscal == f.annual_fiscal
    assert f.total_other == f.annual_other == f.annual_carryover == Decimal(0)
    assert len(project.indicators) == indicators
    assert project.budget.line_count == lines
    for section in ("overview", "basis", "responsible", "plan", "period"):
        assert getattr(project.narrative, section).strip(), section
    assert project.goals.overall.strip() and project.goals.annual.strip()
    assert project.order == int(pid[1:])


def test_project_3_cost_table_as_written(example_loaded):
    p3 = _project(example_loaded, "p03")
    assert [g.name for g in p3.budget.groups] == ["公务接待项目组成", "出访考察项目组成", "交流活动项目组成"]
    first = p3.budget.groups[0].lines[0]
    assert (first.item, str(first.quantity), str(first.price), str(first.amount)) == (
        "餐费（市外）", "2000 人", "150 元/人", "30 万元")
    assert [g.yuan for g in p3.budget.groups] == [Decimal(400000), Decimal(900000), Decimal(700000)]
    assert p3.budget.yuan == Decimal(2000000)


def test_lump_sums_and_bare_numbers_of_project_1(example_loaded):
    p1 = _project(example_loaded, "p01")
    lump = p1.budget.groups[0].lines[0]
    assert lump.item == "援版纳项目" and lump.quantity is None and lump.price is None
    assert lump.yuan == Decimal(12600000)
    assert p1.budget.groups[0].yuan == Decimal(31100000)  # 1260 + 1600 + 250 万元
    assert p1.budget.groups[1].yuan == Decimal(6755000)  # 675.5 万元 as printed
    assert "预算资金约 3778 万元" in p1.narrative.overview


def test_prose_budgets_are_kept_and_entered_as_lines(example_loaded):
    for pid, phrase in (("p04", "1 万元×2"), ("p06", "1500 元*10 篇=15000 元"),
                        ("p08", "282.5 万元"), ("p10", "预估全年72000元")):
        project = _project(example_loaded, pid)
        assert phrase in project.budget.prose
        assert project.budget.line_count > 0
        assert project.budget.yuan == project.funding.annual


def test_indicator_targets_as_written(example_loaded):
    p1 = _project(example_loaded, "p01")
    targets = [ind.target for ind in p1.indicators]
    assert targets[0] == "≤25.00(万元)"
    assert str(parse_target(p1.indicators[-1].target)) == "≥80.00(%)"
    p8 = _project(example_loaded, "p08")
    assert ("成本指标", "经济成本指标", "平均月租费", "≤23.55(万元)") == (
        p8.indicators[0].level1, p8.indicators[0].level2, p8.indicators[0].name, p8.indicators[0].target)
    assert p8.indicators[-1].target == "合格"


def test_seed_sum_of_projects_is_declared_total(example_loaded):
    total = sum(p.funding.annual for p in example_loaded.models)
    assert total == example_loaded.unit.declared_total == Decimal("49410000.00")
