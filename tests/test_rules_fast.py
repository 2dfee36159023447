"""The budget rules read the cost table once (store/rules/facts.py): they say exactly what the plain way says."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from store import model as m
from store.normalize import Measure
from store.rules import RULES, check_project, facts
from store.rules.common import line_path

D = Decimal

_VALUES = st.one_of(
    st.sampled_from([D(0), D("-0"), D(-3), D("0.001"), D("0.005"), D("10.39"), D("0.3"), D("27"), D("3E+1"),
                     D("0.000000000000001"), D("999999999999999.9"), D("1.005")]),
    st.integers(-2, 10**6).map(D),
    st.decimals(min_value=-100, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
)
_COUNTED = st.sampled_from(["", "人", "件", "次", " 人"])
_PRICE_UNITS = st.sampled_from(["元", "万元", "元/人", "万元/人", "元/件", "元/ 次", "元/", "人", "", "万", "元/人/天"])
_AMOUNT_UNITS = st.sampled_from(["", "元", "万元", "元/人", "人", "圆"])
#: How the 资金需求 is written against 数量 × 单价 (in 元): exact, within the 分, just beyond, far, or anything.
_OFF = st.sampled_from([None, D(0), D(0), D(0), D("0.004"), D("0.005"), D("-0.005"), D("0.0051"), D("0.01"),
                        D(-1), D(100)])


def _amount(quantity: Measure | None, price: Measure | None, unit: str, off: Decimal | None,
            other: Decimal) -> Measure:
    price_yuan = None if price is None else price.yuan()
    if quantity is None or price_yuan is None or off is None:
        return Measure(other, unit)
    wanted = quantity.value * price_yuan + off
    return Measure(wanted.scaleb(-4) if unit.startswith("万") else wanted, unit)


@st.composite
def _line(draw) -> m.CostLine:
    quantity = draw(st.none() | st.builds(Measure, _VALUES, _COUNTED))
    price = draw(st.none() | st.builds(Measure, _VALUES, _PRICE_UNITS))
    amount = draw(st.none() | st.builds(_amount, st.just(quantity), st.just(price), _AMOUNT_UNITS, _OFF, _VALUES))
    item = draw(st.sampled_from(["餐费", "", " ", "车辆租赁", "餐费（市外）"]))
    note = draw(st.sampled_from(["", "", "10 元 × 2 = 30 元", "按 150 元/人 测算", "7500 元*2 篇=15000 元"]))
    return m.CostLine(item, quantity, price, amount, note)


@st.composite
def _project(draw) -> m.Project:
    groups = [m.CostGroup(draw(st.sampled_from(["会议", "培训"])),
                          draw(st.none() | st.builds(Measure, _VALUES, st.sampled_from(["", "元", "万元"]))),
                          draw(st.lists(_line(), max_size=5)))
              for _ in range(draw(st.integers(0, 3)))]
    project = m.Project(id="p01", budget=m.Budget(prose=draw(st.sampled_from(["", "餐费：预估全年27000元。"])),
                                                  groups=groups))
    plain = m.Budget(groups=project.budget.groups).yuan
    project.funding.annual = draw(st.sampled_from([None, plain, plain + 1, D("0.001")]))
    lines = [(gi, li) for gi, g in enumerate(groups) for li in range(len(g.lines))]
    if lines and draw(st.booleans()):  # the reader refused a figure of a line (field-invalid said so)
        gi, li = draw(st.sampled_from(lines))
        project.refused.add(line_path(gi, li, draw(st.sampled_from(["quantity", "price", "amount"]))))
    return project


def _plain(project: m.Project, unit: m.Unit) -> list:
    saved = facts.FAST
    facts.FAST = False
    try:
        return check_project(project, unit)
    finally:
        facts.FAST = saved


@given(_project())
def test_the_shared_reading_of_the_cost_table_finds_what_the_plain_way_finds(project):
    unit = m.Unit(year=2024)
    assert check_project(project, unit) == _plain(project, unit)


@pytest.mark.parametrize("rule_id", ["amount-negative", "cost-line-arithmetic", "cost-line-units",
                                     "cost-line-unit-mismatch", "cost-line-incomplete", "cost-group-total",
                                     "budget-total"])
def test_a_budget_rule_called_on_its_own_says_what_it_says_in_a_check(rule_id):
    project = _seven_lines()
    alone = [hit.message for hit in RULES[rule_id].func(project, m.Unit())]
    assert alone == [f.message for f in check_project(project) if f.rule == rule_id]
    assert alone  # (each of these rules has something to say about this table)


def _seven_lines() -> m.Project:
    lines = [
        m.CostLine("餐费", Measure(D(10), "人"), Measure(D(150), "元/人"), Measure(D(1500), "元")),  # quiet
        m.CostLine("车", Measure(D(-2), "辆"), Measure(D(100), "元/辆"), Measure(D(-200), "元")),
        m.CostLine("场地", Measure(D(47), "件"), Measure(D(800), "元/件"), Measure(D(38000), "元")),
        m.CostLine("印刷", Measure(D(3), "本"), Measure(D(5), "本"), Measure(D(15), "元/本")),
        m.CostLine("交通", Measure(D(5000), "公里"), Measure(D(10), "元/人"), Measure(D(50000), "元")),
        m.CostLine("", Measure(D(2), "次"), None, Measure(D(5), "元")),
    ]
    quiet = [m.CostLine("餐费", Measure(D(10), "人"), Measure(D("0.015"), "万元/人"), Measure(D(1500)))]
    groups = [m.CostGroup("会议", None, lines), m.CostGroup("培训", Measure(D(1), "万元"), quiet)]
    return m.Project(id="p01", budget=m.Budget(groups=groups), funding=m.Funding(annual=D(7)))


def test_a_project_changed_between_two_checks_is_read_afresh():
    """The app checks the same project object after each edit: nothing read in one check is kept for the next."""
    line = m.CostLine("餐费", Measure(D(10), "人"), Measure(D(150), "元/人"), Measure(D(1500), "元"))
    project = m.Project(id="p01", budget=m.Budget(groups=[m.CostGroup("会议", None, [line])]))
    assert [f.rule for f in check_project(project) if f.path[:2] == ("budget", "groups")] == []
    project.budget.groups[0].lines[0] = m.CostLine("餐费", line.quantity, line.price, Measure(D(1600), "元"))
    found = [f for f in check_project(project) if f.rule == "cost-line-arithmetic"]
    assert [f.message for f in found] == ["数量 × 单价 = 10 人 × 150 元/人 = 1,500.00 元，而资金需求写 1600 元"
                                          "（1,600.00 元），多 100.00 元"]


@pytest.mark.parametrize("quantity, amount", [("0", "0.004"), ("-0.0001", "0.001"), ("0.0001", "0.006")])
def test_a_line_within_the_fen_is_still_checked_for_a_quantity_of_zero_or_less(quantity, amount):
    line = m.CostLine("餐费", Measure(D(quantity), "人"), Measure(D(10), "元/人"), Measure(D(amount), "元"))
    project = m.Project(id="p01", budget=m.Budget(groups=[m.CostGroup("会议", None, [line])]))
    found = [(f.rule, f.path[-1]) for f in check_project(project) if f.path[:2] == ("budget", "groups")]
    assert found == ([] if quantity.startswith("0.") else [("amount-negative", "quantity")])
    assert check_project(project) == _plain(project, m.Unit())


def test_a_check_made_during_another_leaves_the_other_its_own_reading(monkeypatch):
    """A rule that checks another project (none does today): each check reads its own project's table."""
    outer, inner = _seven_lines(), m.Project(id="p02")
    expected, expected_inner = check_project(_seven_lines()), check_project(inner)
    seen = []
    original = RULES["cost-line-arithmetic"].func

    def nested(project, unit):
        if project is outer:
            seen.append(check_project(inner))
        return original(project, unit)

    monkeypatch.setitem(RULES, "cost-line-arithmetic", replace(RULES["cost-line-arithmetic"], func=nested))
    assert check_project(outer) == expected
    assert seen == [expected_inner]
    assert facts.budget_facts(outer) is not facts.budget_facts(outer)  # (no check in progress: nothing kept)


_WIDE_TEXT = st.text(st.sampled_from("，。（）：；！？０９ＡＺａｚ～\u3000\uff01\uff5e\uff00\uff5f、“”预算 1,.:;(元万") | st.characters(),
                     max_size=40)


@given(_WIDE_TEXT)
def test_folded_folds_as_fold_width_does(text):
    from store.amounts import folded
    from store.normalize import fold_width

    folded.cache_clear()  # (each text worked out, not recalled)
    assert folded(text) == fold_width(text)


def test_folded_leaves_to_fold_width_every_character_it_folds():
    """``folded`` calls fold_width only when ``_WIDE`` finds a character left that it folds: exactly those."""
    from store.amounts import _WIDE
    from store.normalize import fold_width

    assert [c for c in map(chr, range(0x110000)) if (fold_width(c) != c) != bool(_WIDE.match(c))] == []


_PHRASES = st.sampled_from(["预算资金约 610 万元", "本年度预算安排 5 万元", "今年预算为 3,000 元", "2024 年预算资金 8 万元",
                            "2023年度预算金额为 7 万元", "此次拟申请资金 2 万元", "本年申请 1.5万", "预算资金总额 9 万元",
                            "当年项目预算约为 12 元", "，", "。", "年", "预算", "申请", "万元", " ", "１２", "上年度"])


@given(st.lists(_PHRASES, max_size=8).map("".join), st.sampled_from([None, 2023, 2024]))
def test_narrative_amounts_without_its_word_tests_finds_the_same(text, year):
    """A pattern is searched only when the text holds the word it needs: the same amounts as searching all."""
    from store.rules import narrative

    fast = list(narrative.narrative_amounts(text, year))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(narrative, "_NARRATIVE_AMOUNT", [(p, "") for p, _ in narrative._NARRATIVE_AMOUNT])
        patch.setattr(narrative, "_YEAR_WORDS", ())
        plain = list(narrative.narrative_amounts(text, year))
    assert fast == plain
