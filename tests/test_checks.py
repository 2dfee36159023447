"""The check engine: the seed's real inconsistencies, and every rule on its own."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from store import model as m
from store.rules import RULES, check_project, check_store, check_unit
from store.normalize import Measure
from store.toml_store import Store

D = Decimal


def _errors(findings):
    return [f for f in findings if f.severity == "error"]


def _rules(findings):
    return sorted(f.rule for f in findings)


# ---------------------------------------------------------------------------
# The seed


def test_seed_reports_exactly_its_three_inconsistencies(example_loaded):
    findings = check_store(example_loaded)
    assert [(f.project, f.rule) for f in findings] == [
        ("p01", "budget-total"),
        ("p07", "cost-line-arithmetic"),
        ("p09", "narrative-amount"),
    ]
    assert all(f.severity == "error" for f in findings)


def test_seed_p01_table_total_against_annual_amount(example_loaded):
    """1260 + 1600 + 250 + 675.5 万元 = 3785.5 万元, but 年度资金申请总额 is 37,780,000.00."""
    finding = next(f for f in check_store(example_loaded) if f.project == "p01")
    assert "37,855,000.00" in finding.message and "37,780,000.00" in finding.message
    assert "多 75,000.00 元" in finding.message
    assert finding.file.endswith("p01.toml") and finding.line == 41
    text = (example_loaded.root / "projects" / "p01.toml").read_text(encoding="utf-8")
    assert text.splitlines()[finding.line - 1] == "[[budget.groups]]"


def test_seed_p07_800_times_47_is_not_38000(example_loaded):
    finding = next(f for f in check_store(example_loaded) if f.project == "p07")
    assert finding.path == ("budget", "groups", 0, "lines", 0, "amount")
    assert "37,600.00" in finding.message and "38,000.00" in finding.message
    text = (example_loaded.root / "projects" / "p07.toml").read_text(encoding="utf-8")
    assert text.splitlines()[finding.line - 1] == 'amount = "38000 元"'


def test_seed_p09_overview_says_610_but_asks_580(example_loaded):
    finding = next(f for f in check_store(example_loaded) if f.project == "p09")
    assert "约 610 万元" in finding.message and "5,800,000.00" in finding.message
    assert finding.field == "一、项目概述"


def test_seed_rounded_unit_price_is_not_an_error(example_loaded):
    """10.39 元/本 × 3850 本 = 40,001.50, written 40000: the price is rounded to the 分."""
    p7 = next(p for p in example_loaded.models if p.id == "p07")
    assert "10.39 元/本 × 3850 本/期 = 40000 元/期" in p7.budget.groups[1].lines[0].note
    assert not [f for f in check_project(p7) if f.rule == "text-arithmetic"]


# ---------------------------------------------------------------------------
# Building blocks


def good_project(**changes) -> m.Project:
    """Project 3 of the seed in miniature: consistent in every respect."""
    project = m.Project(
        id="t01", order=1,
        header=m.Header("合作与交流", "其他经常性项目", "其他运转类", "某主管部门", "某单位",
                        dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        funding=m.Funding(D(400000), D(400000), D(0), D(400000), D(400000), D(0), D(0)),
        narrative=m.Narrative("经测算，预算资金约 40 万元。", "依据", "主体", "方案",
                              "该项目的实施周期为 2024 年 1 月至 2024 年 12 月。"),
        budget=m.Budget(groups=[m.CostGroup("公务接待项目组成", None, [
            m.CostLine("餐费（市外）", Measure(D(2000), "人"), Measure(D(150), "元/人"), Measure(D(30), "万元")),
            m.CostLine("租车费", Measure(D(5000), "公里"), Measure(D(10), "元/公里"), Measure(D(5), "万元")),
            m.CostLine("其他", None, None, Measure(D(50000), "元")),
        ])]),
        goals=m.Goals("总目标", "年度目标"),
        indicators=[
            m.Indicator("成本指标", "经济成本指标", "成本合理性", "合理"),
            m.Indicator("产出指标", "数量指标", "接待人员数量", "≥3000.00(人)"),
            m.Indicator("效益指标", "社会效益指标", "合作交流渠道", "拓宽"),
            m.Indicator("满意度指标", "服务对象满意度指标", "来访团队满意度", "≥90.00(%)"),
        ],
    )
    for name, value in changes.items():
        setattr(project, name, value)
    return project


UNIT = m.Unit("某单位", "某主管部门", 2024, 1, 1, D(400000))


def found(project, unit=UNIT):
    return _rules(check_project(project, unit))


def test_good_project_has_no_findings():
    assert found(good_project()) == []


def line(project, gi=0, li=0) -> m.CostLine:
    return project.budget.groups[gi].lines[li]


# ---------------------------------------------------------------------------
# Cost table


def test_unit_conversion_2000_people_at_150_yuan_is_30_wan():
    project = good_project()
    assert line(project).computed_yuan == D(300000) == line(project).stated_yuan


def test_cost_line_arithmetic():
    project = good_project()
    line(project).amount = Measure(D(31), "万元")
    project.funding.annual = project.funding.total = project.funding.total_fiscal = D(410000)
    project.funding.annual_fiscal = D(410000)
    project.narrative.overview = ""
    assert found(project, replace(UNIT, declared_total=D(410000))) == ["cost-line-arithmetic", "narrative-missing"]


def test_rounded_price_within_its_precision_but_not_beyond():
    project = good_project()
    extra = m.CostLine("公报", Measure(D(3850), "本"), Measure(D("10.39"), "元/本"), Measure(D(40000), "元"))
    project.budget.groups[0].lines.append(extra)
    project.funding = m.Funding(*[D(440000)] * 2, D(0), *[D(440000)] * 2, D(0), D(0))
    project.narrative.overview = "预算资金约 44 万元"
    assert found(project, replace(UNIT, declared_total=D(440000))) == []
    extra.amount = Measure(D(40100), "元")  # 98.50 元 off: more than 3850 × half a 分
    assert "cost-line-arithmetic" in found(project)


def test_cost_line_units_and_mismatch():
    project = good_project()
    line(project).price = Measure(D(150), "人")
    assert "cost-line-units" in found(project)
    project = good_project()
    line(project).price = Measure(D(150), "元/公里")
    assert found(project) == ["cost-line-unit-mismatch"]
    assert RULES["cost-line-unit-mismatch"].severity == "warning"


def test_cost_line_incomplete():
    project = good_project()
    project.budget.groups[0].lines.append(m.CostLine("", Measure(D(2), "人"), None, None))
    assert found(project) == ["cost-line-incomplete", "cost-line-incomplete"]


def test_amount_computed_when_not_typed():
    project = good_project()
    line(project).amount = None
    assert line(project).yuan == D(300000)
    assert found(project) == []


def test_group_total_and_budget_total():
    project = good_project()
    project.budget.groups[0].total = Measure(D(40), "万元")
    assert found(project) == []
    project.budget.groups[0].total = Measure(D(41), "万元")
    assert found(project) == ["cost-group-total"]
    project = good_project()
    line(project, li=2).amount = Measure(D(60000), "元")
    assert found(project) == ["budget-total"]


def test_budget_without_lines():
    project = good_project(budget=m.Budget(prose="餐费：预估全年72000元。"))
    assert found(project) == ["budget-lines-missing"]
    assert RULES["budget-lines-missing"].severity == "warning"


def test_negative_amounts():
    project = good_project()
    project.funding.total_other = D(-1)
    project.funding.total_fiscal = D(400001)
    assert found(project) == ["amount-negative"]


def test_text_arithmetic_in_prose_and_notes():
    project = good_project()
    project.budget.prose = "政务公开政策图解：1500 元*10 篇=15000 元；政策视频解读：7500 元*2 篇=16000 元。"
    findings = [f for f in check_project(project, UNIT) if f.rule == "text-arithmetic"]
    assert len(findings) == 1 and "7500 元*2 篇=16000 元" in findings[0].message
    project = good_project()
    line(project, li=2).note = "800 × 47 = 38000"
    assert found(project) == ["text-arithmetic"]


# ---------------------------------------------------------------------------
# Funding


def test_funding_splits():
    project = good_project()
    project.funding.total_fiscal = D(300000)
    assert found(project) == ["funding-total-split"]
    project = good_project()
    project.funding.annual_carryover = D(1)
    assert found(project) == ["funding-annual-split"]


def test_annual_over_total_and_required():
    project = good_project()
    project.funding.total = project.funding.total_fiscal = D(300000)
    assert found(project) == ["funding-annual-over-total"]
    project = good_project()
    project.funding.annual = None
    assert "funding-required" in found(project)


def test_multi_year_total_covers_all_years():
    """阶段性项目: 847.5 万元 over three years, 282.5 万元 this year."""
    project = good_project()
    project.header.nature = "阶段性项目"
    project.funding.total = project.funding.total_fiscal = D(1200000)
    project.narrative.overview = "拟申请金额为 120 万元，均分三年支付，本年度预算金额为 40 万元。"
    assert found(project) == []
    project.header.nature = "其他经常性项目"
    assert found(project) == ["funding-total-annual"]
    assert RULES["funding-total-annual"].severity == "warning"


# ---------------------------------------------------------------------------
# Narrative


@pytest.mark.parametrize("text, ok", [
    ("经测算，预算资金约 40 万元。", True),
    ("经测算，预算资金约 40.4 万元。", False),
    ("预算资金约 40.00 万元。", True),
    ("预算资金约 40.04 万元。", False),  # 约 to the 百元 still says 400.4 thousand
    ("经测算，预算资金约 41 万元。", False),
    ("本年度该项目预算金额为 40 万元", True),
    ("本年度该项目预算金额为 40.5 万元", False),
    ("2024年度预算安排 40 万元", True),
    ("2024年度预算安排 50 万元", False),
    ("2025年度预算安排 50 万元", True),  # another year: not this year's amount
    ("此次拟申请金额为 400000 元。", True),
    ("此次拟申请金额为 40.1 万元。", False),
    ("中标金额为 847.4112 万元，拟申请金额为 847.5 万元", True),  # totals, not this year's request
])
def test_narrative_amount(text, ok):
    project = good_project()
    project.narrative.overview = text
    assert ("narrative-amount" not in found(project)) == ok


# ---------------------------------------------------------------------------
# Dates and header


def test_dates():
    project = good_project()
    project.header.start = dt.date(2025, 1, 1)
    # One fault, one finding: the period text is not compared with dates that are out of order.
    assert _rules(_errors(check_project(project, UNIT))) == ["dates-order"]
    project = good_project()
    project.narrative.period = "该项目的实施周期为2024年3月至2024年12月。"
    assert found(project) == ["dates-period-text"]
    project = good_project()
    project.header.start, project.header.end = dt.date(2023, 1, 1), dt.date(2023, 12, 31)
    project.narrative.period = ""
    assert found(project) == ["dates-year", "narrative-missing"]


def test_header_required_nature_and_department():
    project = good_project()
    project.header.name = ""
    project.header.start = None
    assert found(project) == ["header-required", "header-required"]
    project = good_project()
    project.header.nature = "长期项目"
    project.header.department = "别的部门"
    assert found(project) == ["header-department", "header-nature"]
    project = good_project()  # (the unit's 主管部门 written in full-width characters is the same one)
    unit = m.Unit(department=f"{project.header.department}（ＡＢ）")
    project.header.department = f"{project.header.department}(AB)"
    assert [f.rule for f in check_project(project, unit)] == []
    project.header.department += "C"
    assert [f.rule for f in check_project(project, unit)] == ["header-department"]


def test_control_characters_in_text():
    project = good_project()
    project.header.name = "法律\x1b[2J顾问费"
    line(project).note = "复制来的\x07"
    findings = [f for f in check_project(project, UNIT) if f.rule == "text-control"]
    assert [(f.path, f.severity) for f in findings] == [
        (("header", "name"), "warning"), (("budget", "groups", 0, "lines", 0, "note"), "warning")]
    assert "U+001B" in findings[0].message


def test_goals_missing():
    project = good_project()
    project.goals.annual = " "
    assert found(project) == ["goals-missing"]


# ---------------------------------------------------------------------------
# Indicators


def _with_indicator(*indicator):
    project = good_project()
    project.indicators.append(m.Indicator(*indicator))
    return project


def test_indicator_levels():
    assert found(_with_indicator("影响指标", "x", "y", "提升")) == ["indicator-level1"]
    assert found(_with_indicator("产出指标", "社会效益指标", "y", "提升")) == ["indicator-level2"]
    # Older labels still in use are accepted.
    assert found(_with_indicator("产出指标", "成本指标", "y", "≤10(万元)")) == []
    assert found(_with_indicator("满意度指标", "社会公众或服务对象满意度指标", "y", "≥90%")) == []


def test_indicator_coverage():
    project = good_project()
    project.indicators = [i for i in project.indicators if i.level1 != "效益指标"]
    assert found(project) == ["indicator-coverage"]
    assert "效益指标" in check_project(project, UNIT)[0].message


def test_indicator_empty_target_percent_cost_duplicate():
    assert found(_with_indicator("产出指标", "数量指标", "", "")) == ["indicator-empty", "indicator-empty"]
    assert found(_with_indicator("产出指标", "质量指标", "合格率", "≥9x0")) == ["indicator-target"]
    assert found(_with_indicator("产出指标", "质量指标", "合格率", "≥120.00(%)")) == ["indicator-percent"]
    assert found(_with_indicator("成本指标", "经济成本指标", "人均", "≥150.00(元)")) == [
        "indicator-cost-direction"]
    assert found(_with_indicator("产出指标", "数量指标", "接待人员数量", "≥1(人)")) == ["indicator-duplicate"]


# ---------------------------------------------------------------------------
# The unit


def test_unit_total_and_count():
    projects = [good_project(), good_project(id="t02")]
    unit = replace(UNIT, declared_projects=2, declared_total=D(800000))
    assert check_unit(unit, projects) == []
    unit = replace(UNIT, declared_projects=3, declared_total=D(900000))
    findings = check_unit(unit, projects)
    assert _rules(findings) == ["unit-count", "unit-total"]
    assert "少 100,000.00 元" in next(f for f in findings if f.rule == "unit-total").message


def test_unit_required():
    assert _rules(check_unit(m.Unit(), [])) == ["unit-required"] * 6


# ---------------------------------------------------------------------------
# 结转复核 (store/rules/review.py; the roll-over itself: tests/test_rollover.py)


def test_review_marks_are_errors_until_reviewed():
    project = m.Project(id="p01", funding=m.Funding(total=Decimal("100.00")),
                        budget=m.Budget(groups=[m.CostGroup("甲", lines=[m.CostLine("餐费", amount=Measure(Decimal(5), "万元"))])]))
    project.review = {("funding", "total"): "100.00", ("budget", "groups", 0, "lines", 0, "amount"): "5 万元",
                      ("budget", "groups", 3, "lines", 0, "amount"): "1 元"}
    found = [f for f in check_project(project) if f.rule == "review-pending"]
    assert [(f.path, f.severity) for f in found] == [
        (("funding", "total"), "error"), (("budget", "groups", 0, "lines", 0, "amount"), "error"),
        (("review", "budget.groups.3.lines.0.amount"), "error")]
    assert found[0].message.startswith("从上一年度结转，仍是原值 100.00，尚未核实")
    assert "已不存在" in found[2].message
    m.set_at(project, ("funding", "total"), Decimal("100.00"))  # entered again: confirmed
    assert ("funding", "total") not in {f.path for f in check_project(project)}
    unit = m.Unit(declared_total=Decimal(1), review={("declared_total",): "1.00"})
    assert [f.rule for f in check_unit(unit, []) if "review" in f.rule] == ["unit-review-pending"]


# ---------------------------------------------------------------------------
# The engine


def test_every_rule_has_id_severity_and_chinese_title():
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id and rule.severity in ("error", "warning")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.title)


def test_every_rule_is_exercised_by_this_file():
    source = open(__file__, encoding="utf-8").read()
    untested = [r for r in RULES if r.startswith(("load-", "field-")) is False and f'"{r}"' not in source]
    assert untested == []


def test_findings_are_located_on_the_line_of_the_field(example_copy):
    path = example_copy / "projects" / "p03.toml"
    text = path.read_text(encoding="utf-8").replace('amount = "28 万元"', 'amount = "29 万元"', 1)
    path.write_text(text, encoding="utf-8")
    findings = check_store(Store.open(example_copy).load())
    arithmetic = next(f for f in findings if f.rule == "cost-line-arithmetic")
    assert text.splitlines()[arithmetic.line - 1] == 'amount = "29 万元"'
    assert arithmetic.field.endswith("第 1 行「调研团出访云南地区」 › 资金需求")


# ---------------------------------------------------------------------------
# Issue #12: every stated amount, multi-year projects, both frameworks, one fault one finding


def _multi_year(project=None, budget_year=2024):
    """A correct 阶段性 project: 847.5 万元 over 2024–2026, 282.5 万元 this year."""
    project = project or good_project()
    project.header.nature = "阶段性项目"
    project.header.start, project.header.end = dt.date(2024, 1, 1), dt.date(2026, 12, 31)
    project.funding = m.Funding(D(8475000), D(8475000), D(0), D(2825000), D(2825000), D(0), D(0))
    project.budget = m.Budget(groups=[m.CostGroup("网络租赁", None, [
        m.CostLine("年度费用", None, None, Measure(D("282.5"), "万元"), "拟申请 847.5 万元，均分三年支付")])])
    project.narrative.overview = "项目预算资金共 847.5 万元，均分三年支付，每年 282.5 万元。"
    project.narrative.period = f"{budget_year}年1月1日-{budget_year}年12月31日"
    project.indicators[0] = m.Indicator("成本指标", "经济成本指标", "平均月租费", "≤23.55(万元)")
    return project


def test_multi_year_project_read_as_a_reviewer_reads_it():
    assert found(_multi_year(), replace(UNIT, declared_total=D(2825000))) == []
    assert found(_multi_year(budget_year=2026), replace(UNIT, year=2026, declared_total=D(2825000))) == []
    project = _multi_year()
    project.narrative.overview = project.narrative.overview.replace("每年 282.5", "每年 285.2")
    findings = [f for f in check_project(project, UNIT) if f.rule == "narrative-amount"]
    assert len(findings) == 1 and "每年 285.2 万元" in findings[0].message and "2,825,000.00" in findings[0].message
    project = _multi_year()
    project.narrative.period = "2025年1月1日-2025年12月31日"  # not the budget year
    assert "dates-period-text" in found(project)


@pytest.mark.parametrize("prose, note, rule", [
    ("餐费：预估全年27000元。", "", "budget-text-amount"),
    ("", "每月购买餐券400张，预估全年27000元", "budget-text-amount"),
    ("餐费：预估全年72000元。", "预估全年72000元", None),
    ("餐费：全年约 7.2 万元。", "约72,000元", None),
    ("", "1 万元×3", "budget-text-amount"),
    ("", "800元/件×90件", None),
    ("", "800元/件×47件", "budget-text-amount"),
    ("", "每年 55 万元", "budget-text-amount"),
    ("合计 72000 元。", "", None),
    ("共 8 万元。", "", "budget-text-amount"),
    # what a reviewer would not flag: per-unit figures, another year's, a part, an amount of nothing named
    ("餐费：工作餐每人每天约 30 元，全年约 7.2 万元。", "", None),
    ("餐费：其中工作餐约 5 万元，接待约 2.2 万元，共 7.2 万元。", "", None),
    ("餐费：2023 年实际支出约 6.5 万元，今年按 7.2 万元测算。", "按上年度实际支出约 6.5 万元测算", None),
    ("另购置存储设备 1 台约 4 万元。", "", None),
    ("", "单价约 30 元", None),
])
def test_amounts_stated_in_the_budget_text_and_the_notes(prose, note, rule):
    project = good_project()
    project.budget = m.Budget(prose=prose, groups=[m.CostGroup("稳增长专办", None, [
        m.CostLine("餐费", None, None, Measure(D(72000), "元"), note)])])
    project.funding = m.Funding(*[D(72000)] * 2, D(0), *[D(72000)] * 2, D(0), D(0))
    project.narrative.overview = ""
    rules = [r for r in found(project, replace(UNIT, declared_total=D(72000))) if r != "narrative-missing"]
    assert rules == ([rule] if rule else [])


def test_budget_text_amount_names_the_line_and_the_figure():
    project = good_project()
    line(project).note = "1 万元×3"
    finding = next(f for f in check_project(project, UNIT) if f.rule == "budget-text-amount")
    assert finding.path == ("budget", "groups", 0, "lines", 0, "note")
    assert "“1 万元×3”" in finding.message and "「餐费（市外）」的资金需求 300,000.00 元" in finding.message


@pytest.mark.parametrize("overview, ok", [
    ("每年 40 万元。", True),
    ("每年 44 万元。", False),
    ("项目经费合计 40 万元。", True),
    ("项目经费合计 45 万元。", False),
    ("总投资 40 万元。", True),
    ("惠及群众约 20 万人。", True),  # not money
    ("每次活动约 3 万元。", True),  # a per-occasion figure: not the project's
    ("约 20 万。", True),  # of what: too vague to tie to one figure
    ("上年度预算资金 50 万元，本年度预算资金约 40 万元。", True),  # another year's budget
    ("其中餐费（市外）共 30 万元。", True),  # a line of the table
    ("公务接待项目组成共 40 万元。", True),  # a group of the table
    ("公务接待项目组成共 41 万元。", False),
    ("2023 年项目经费共 35 万元。", True),  # another year's
    ("年均维护费用约 5 万元。", True),  # a line of the table (租车费)
    ("每月租车费约 0.42 万元。", True),  # a line's 1/12
    ("每月租车费约 4.2 万元。", False),
])
def test_cued_amounts_in_the_overview(overview, ok):
    project = good_project()
    project.narrative.overview = overview
    assert ("narrative-amount" not in found(project)) == ok


def test_cost_indicators_against_the_cost_table():
    def cost(name, target):
        project = good_project()
        project.indicators[0] = m.Indicator("成本指标", "经济成本指标", name, target)
        return found(project)

    assert cost("人均餐费", "≤150.00(元)") == []
    assert cost("人均餐费", "≤15.00(元)") == ["indicator-cost-table"]
    assert cost("月均费用", "≤3.34(万元)") == []  # 40 万元 / 12 = 3.33…, a ceiling to the 百元
    assert cost("月均费用", "≤0.334(万元)") == ["indicator-cost-table"]
    assert cost("项目总成本", "≤40(万元)") == []
    assert cost("项目总成本", "≤4(万元)") == ["indicator-cost-table"]
    assert cost("成本合理性", "≤999(万元)") == []  # names no figure: not compared
    assert cost("租车费单价", "≤10(元)") == []
    assert cost("租车费单价", "≤150(元)") == ["indicator-cost-table"]  # 餐费's price, not 租车费's
    assert RULES["indicator-cost-table"].severity == "error"


def _indicators_88():
    return [
        m.Indicator("产出指标", "数量指标", "接待人员数量", "≥3000.00(人)"),
        m.Indicator("产出指标", "成本指标", "成本合理性", "合理"),
        m.Indicator("效益指标", "社会效益指标", "合作交流渠道", "拓宽"),
        m.Indicator("效益指标", "服务对象满意度指标", "来访团队满意度", "≥90.00(%)"),
    ]


def test_both_indicator_frameworks():
    assert found(good_project(indicators=_indicators_88())) == []  # read as 88号
    forced = replace(UNIT, framework="88")
    assert found(good_project(indicators=_indicators_88()), forced) == []
    findings = check_project(good_project(), forced)  # the current form, where the unit says 88号
    assert _rules(findings) == ["indicator-level1"]
    assert "财预〔2015〕88号" in findings[0].message and "产出指标下的二级指标" in findings[0].message
    findings = check_project(good_project(indicators=_indicators_88()), replace(UNIT, framework="2020"))
    assert _rules(findings) == ["indicator-level2"]  # (产出指标 › 成本指标 is an older label the current form accepts)
    assert "它属于满意度指标" in findings[0].message and "财预〔2020〕10号" in findings[0].message
    no_satisfaction = _indicators_88()[:3]
    assert "满意度" in check_project(good_project(indicators=no_satisfaction), UNIT)[0].message
    assert _rules(check_unit(replace(UNIT, framework="2015"), [good_project()])) == ["unit-framework"]
    assert check_unit(replace(UNIT, framework="财预〔2015〕88号"), [good_project()]) == []


def test_period_targets_are_valid_for_timeliness():
    for target in ("2023.07-2024.01", "2024年12月31日前", "2024年底", "2024-06"):
        assert found(_with_indicator("产出指标", "时效指标", "完成时间", target)) == [], target


def test_one_fault_one_finding(example_copy):
    from store.reading import read_project, read_unit

    unit = read_unit((example_copy / "unit.toml").read_bytes(), "unit.toml")[0]

    def _read(text: str):
        _, project, load = read_project(text.encode("utf-8"), "t", "t.toml")
        return [f.rule for f in load] + found(project, unit)

    text = (example_copy / "projects" / "p02.toml").read_text(encoding="utf-8")
    assert _read(text) == []
    assert _read(text.replace('start = "2024-01-01"', 'start = ""')) == ["header-required"]
    assert _read(text.replace('start = "2024-01-01"', 'start = "2024-13-01"')) == ["field-invalid"]
    assert _read(text.replace('annual = "40000.00"', 'annual = "四万"')) == ["field-invalid"]
    assert _read(text.replace('target = "≥90.00%"', "target = 90")) == ["field-invalid"]


def test_every_rule_has_an_example_in_jixiao_rules(capsys):
    from jixiao.cli import main

    assert all(rule.example for rule in RULES.values())
    main(["rules"])
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(RULES)
    row = next(line for line in out if line.startswith("budget-text-amount "))
    assert row.split()[1] == "error" and "例：文字写“预估全年27000元”" in row


def test_a_refused_value_set_again_is_checked_again(example_copy):
    from store.reading import read_project

    text = (example_copy / "projects" / "p02.toml").read_text(encoding="utf-8")
    _, project, load = read_project(text.replace('start = "2024-01-01"', 'start = "2024-13-01"').encode(), "t", "")
    assert [f.rule for f in load] == ["field-invalid"] and "header-required" not in found(project)
    m.set_at(project, ("header", "start"), None)  # the app's edit: the field cleared
    assert "header-required" in found(project)
