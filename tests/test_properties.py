"""Generated inputs: the store and the check engine hold for any project, not just the seed.

The default profile tries a few hundred inputs per property; run
``python3 -m pytest tests/test_properties.py --hypothesis-profile=thorough``
for 10,000 per property.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal

from hypothesis import given, strategies as st

from store import model as m
from store.rules import check_project, check_unit
from store.normalize import Measure
from store.reading import parse_text, project_from_data
from store.toml_store import render_project

# Text as staff type it, plus the awkward: quotes, backslashes, newlines, controls.
_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
_line_text = _text.map(lambda s: s.replace("\r", ""))
_money = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False)
_number = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=4, allow_nan=False)
_unit = st.sampled_from(["", "人", "元", "万元", "元/人", "万元/人", "公里", "元/公里", "本", "元/本/期", "次"])
_measure = st.builds(Measure, _number, _unit)
_date = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
_target = st.one_of(_text, st.builds(lambda op, n, u: f"{op}{n}{u}", st.sampled_from(["≥", ">=", "≤", "=", ""]),
                                     _number.map(str), st.sampled_from(["%", "(%)", "(万元)", "(人)", ""])))

_line = st.builds(m.CostLine, _text, st.none() | _measure, st.none() | _measure, st.none() | _measure, _line_text)
_group = st.builds(m.CostGroup, _text, st.none() | _measure, st.lists(_line, max_size=4))
_indicator = st.builds(m.Indicator, st.sampled_from(list(m.FRAMEWORK) + ["", "其他"]),
                       st.sampled_from([x for v in m.FRAMEWORK.values() for x in v] + [""]), _text, _target)
_project = st.builds(
    m.Project,
    id=st.just("p01"),
    order=st.none() | st.integers(0, 10_000),
    header=st.builds(m.Header, _text, st.sampled_from(list(m.NATURES) + ["x"]), _text, _text, _text,
                     st.none() | _date, st.none() | _date),
    funding=st.builds(m.Funding, *[st.none() | _money] * 7),
    narrative=st.builds(m.Narrative, _line_text, _line_text, _line_text, _line_text, _line_text),
    budget=st.builds(m.Budget, _line_text, st.lists(_group, max_size=3)),
    goals=st.builds(m.Goals, _line_text, _line_text),
    indicators=st.lists(_indicator, max_size=6),
)


def _load(text: str) -> m.Project:
    project, findings = project_from_data(parse_text(text), "p01")
    assert findings == [], findings
    return project


@given(_project)
def test_save_then_load_gives_the_same_project(project):
    text = render_project(project)
    assert _load(text) == project


@given(_project)
def test_a_file_saved_without_edits_is_byte_identical(project):
    text = render_project(project)
    assert render_project(_load(text), text) == text


@given(_project, _project)
def test_editing_one_project_into_another(before, after):
    """An existing file rewritten to hold another project reads back as that project."""
    text = render_project(after, render_project(before))
    assert _load(text) == after


@given(_project)
def test_the_check_engine_never_raises(project):
    for finding in check_project(project, m.Unit(year=2024)):
        assert finding.rule and finding.severity in ("error", "warning") and finding.message
    check_unit(m.Unit(declared_total=Decimal(1), declared_projects=1), [project])


_toml_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), _text, _date,
              st.floats(allow_nan=True, allow_infinity=True)),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_text, children, max_size=3),
    max_leaves=8,
).filter(lambda v: v is not None)
_sections = ["order", "header", "funding", "narrative", "budget", "goals", "indicators", "name",
             "total", "groups", "lines", "amount", "target"]


@given(st.dictionaries(st.sampled_from(_sections) | _text, _toml_value, max_size=6))
def test_the_loader_never_raises_on_data_of_any_shape(data):
    """Wrong types, missing keys, unknown keys: findings, never an exception."""
    project, findings = project_from_data(data, "p01", "p01.toml")
    for finding in findings:
        assert finding.rule in ("field-invalid", "field-unknown") and finding.message
    check_project(project, m.Unit())


@given(st.text(max_size=200))
def test_any_text_either_parses_or_is_a_toml_error(text):
    try:
        data = parse_text(text)
    except tomllib.TOMLDecodeError:
        return
    project, _ = project_from_data(data, "p01")
    check_project(project, m.Unit())
