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


def _read(data: dict, lines: bool = True, line: bool = True, indicators: bool = True) -> tuple:
    """project_from_data with the shortcuts asked for; the others say None (read by the general path)."""
    saved = reading._plain_lines, reading._plain_line, reading._plain_indicators
    if not lines:
        reading._plain_lines = lambda data: None
    if not line:
        reading._plain_line = lambda data: None
    if not indicators:
        reading._plain_indicators = lambda data: None
    try:
        return project_from_data(data, "p01", "p01.toml")
    finally:
        reading._plain_lines, reading._plain_line, reading._plain_indicators = saved


def _same(fast: tuple, plain: tuple) -> None:
    (fast, fast_findings), (plain, plain_findings) = fast, plain
    assert fast == plain
    assert repr(fast) == repr(plain)  # the digits as written too (Decimal("30.00") == Decimal(30))
    assert fast.refused == plain.refused
    assert fast_findings == plain_findings
    assert check_project(fast) == check_project(plain)


@given(_LINES)
def test_a_cost_line_read_in_one_go_is_what_the_general_path_reads(lines):
    data = {"budget": {"groups": [{"name": "甲", "lines": lines}]}}
    general = _read(data, lines=False, line=False)
    _same(_read(data, lines=False), general)
    _same(_read(data), general)


#: What the store writes, mostly: text that reads without a finding (so that a whole group reads in one go).
_STORED = st.one_of(st.none(), st.just(""), st.sampled_from(
    ["12 月", "150 元/人", "30 万元", "0.5", "7991 元", "30.00 万元", "1" * 15, "0." + "1" * 15, "2 m²", "5 元",
     "١٢ 人", "12 万", "3  人", "1" * 16, "0." + "1" * 16,
     # an amount as the store writes most (read without the general reader), and texts next to it
     "0012 元", "１２ 元", "١٢ 元", "12 元 ", "12 元/人", "1" * 15 + " 元", "1" * 16 + " 元", "+12 元", "12元"]), st.integers(0, 10**6).map(lambda n: f"{n} 元"),
    st.builds(lambda n, u: f"{n} {u}", st.decimals(0, 10**6, places=3).map(str), st.sampled_from(["人", "元/人", "万元"])))
_TEXT = st.one_of(st.sampled_from(["", "餐费", "≥90.00(%)", "产出指标"]), st.text(max_size=4))
_STORED_LINES = st.lists(st.fixed_dictionaries({}, optional={
    "item": _TEXT, "quantity": _STORED, "price": _STORED, "amount": _STORED, "note": _TEXT}).map(
    lambda line: {k: v for k, v in line.items() if v is not None}), max_size=5)
_INDICATORS = st.lists(st.one_of(
    st.fixed_dictionaries({}, optional={"level1": _TEXT, "level2": _TEXT, "name": _TEXT, "target": _TEXT}),
    st.dictionaries(st.sampled_from(["level1", "level2", "name", "target", "size"]), _VALUES, max_size=3)), max_size=3)


@given(st.lists(_STORED_LINES, max_size=3), _INDICATORS)
def test_groups_and_indicators_read_in_one_go_are_what_the_general_path_reads(groups, indicators):
    data = {"budget": {"groups": [{"name": f"组{i}", "lines": lines} for i, lines in enumerate(groups)]},
            "indicators": indicators}
    general = _read(data, lines=False, line=False, indicators=False)
    _same(_read(data, lines=False, indicators=False), general)
    _same(_read(data), general)


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


def _read_as_parse_text_does(raw: bytes) -> tuple:
    """read_project as it was: the whole depth check (parse_text), then the model."""
    text, _ = reading.decode_text(raw, "p01.toml")
    try:
        data = reading.parse_text(text)
    except reading.tomllib.TOMLDecodeError as err:
        return text, None, [reading.syntax_finding(err, "p01.toml", "p01", text)]
    return (text, *project_from_data(data, "p01", "p01.toml"))


_GROUP = '[[budget.groups]]\nname = "甲"\n'
_LINE = '[[budget.groups.lines]]\nitem = "餐费"\nquantity = "12 月"\nprice = "150 元/人"\namount = "1800 元"\n'
_INDICATOR = '[[indicators]]\nlevel1 = "产出指标"\nname = "人数"\ntarget = "≥5"\n'
#: Where a nested value goes (``{}``): in a cost line, a group, an indicator, the header, a key unknown anywhere;
#: the other groups' lines and the indicators around it stay plain (read in one go).  With how deep the table
#: that holds it is (a cost line: budget, groups, a group, lines, the line).
_PLACES = [
    (_GROUP + _LINE * 2 + _GROUP + _LINE + '[[budget.groups.lines]]\nitem = "车"\nquantity = {}\n' + _INDICATOR, 5),
    (_GROUP + _LINE + "size = {}\n" + _GROUP + _LINE + _INDICATOR, 5),
    (_GROUP + "note = {}\n" + _LINE * 2 + _INDICATOR, 3),
    (_GROUP + _LINE + _INDICATOR * 2 + '[[indicators]]\nlevel1 = "效益指标"\nname = {}\n', 2),
    (_GROUP + _LINE + _INDICATOR + "extra = {}\n", 2),
    ("[header]\nname = {}\n" + _GROUP + _LINE + _INDICATOR, 1),
    ("extra = {}\n" + _GROUP + _LINE + _INDICATOR, 0),
]


@given(st.sampled_from(_PLACES), st.integers(40, 52), st.booleans())
def test_a_value_nested_too_deep_anywhere_is_a_syntax_error_as_parse_text_says(place, depth, arrays):
    """read_project checks the depth after the model, less the lists read in one go: the same answer."""
    place, table = place
    value = "[" * depth + "1" + "]" * depth if arrays else "{a = " * depth + "1" + "}" * depth
    raw = place.replace("{}", value).encode("utf-8")
    text, project, findings = reading.read_project(raw, "p01", "p01.toml")
    assert (text, project, findings) == _read_as_parse_text_does(raw)
    too_deep = table + depth >= reading.MAX_DEPTH  # (a container at depth MAX_DEPTH is one too many)
    assert (project is None) == too_deep
    assert [f.message for f in findings if f.rule == "load-syntax"] == (
        [f"TOML 格式错误：{reading._TOO_DEEP}"] if too_deep else [])


def test_a_store_written_file_reads_the_same_without_walking_what_was_read_in_one_go():
    raw = (_GROUP + _LINE * 3 + _GROUP + _LINE + _INDICATOR * 2).encode("utf-8")
    flat: list = []
    text, project, findings = reading.read_project(raw, "p01", "p01.toml")
    data = reading.parse_text(text)
    assert (text, project, findings) == _read_as_parse_text_does(raw)
    assert project_from_data(data, "p01", "p01.toml", flat) == (project, findings)
    assert flat == [data["budget"]["groups"][0]["lines"], data["budget"]["groups"][1]["lines"], data["indicators"]]
    assert len(project.budget.groups[0].lines) == 3 and len(project.indicators) == 2


_AMOUNTS = st.one_of(
    st.sampled_from(["", "0", "0.00", "40000.00", "7128831462.00", "0012.50", "1" * 15, "1" * 16, "1" * 15 + ".5",
                     "1." + "1" * 15, "1." + "1" * 16, "12.", ".5", "+5", "-5", "1,200.00", "４０.00", "١٢.5", "12 元",
                     "3 万元", "1e3", "1.2.3", " 12", "12\n"]),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=0, max_value=10**16).map(str),
    st.from_regex(r"[0-9]{1,17}(\.[0-9]{0,17})?", fullmatch=True), st.text(alphabet="0123456789.-+ 元万,", max_size=8))
_DATES = st.one_of(
    st.sampled_from(["", "2024-01-01", "2024-02-30", "2024-13-01", "0000-01-01", "2024-1-1", "2024/01/01",
                     "２０２４-01-01", "2024-W01-1", "20240101", "2024-01-01 ", "+024-01-01", "2024-01-0١"]),
    st.dates().map(str), st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.text(alphabet="0123456789-", min_size=10, max_size=10))


@given(_AMOUNTS, _DATES)
def test_an_amount_or_a_date_read_as_stored_is_what_the_general_path_reads(amount, day):
    from store.normalize import NormalizeError, parse_date, parse_money
    from store.plain import stored_date, stored_money

    for text, fast, general in ((amount, stored_money, parse_money), (day, stored_date, parse_date)):
        value = fast(text)
        if value is not None:
            assert value == general(text) and repr(value) == repr(general(text))
    try:
        parse_date(day)
    except NormalizeError:
        assert stored_date(day) is None
    data = {"funding": {"total": amount, "annual": amount}, "header": {"start": day, "end": day}}
    saved = dict(reading._STORED)
    reading._STORED.clear()
    try:
        general = project_from_data(data, "p01", "p01.toml")
    finally:
        reading._STORED.update(saved)
    _same(project_from_data(data, "p01", "p01.toml"), general)
