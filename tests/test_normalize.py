"""What a budget clerk notices about typed input: numbers, units, targets, dates.

Inputs are the kind typed through a Chinese input method (full-width digits,
``。`` for the decimal point, ``＞＝`` for ≥); every refusal must be a
:class:`NormalizeError` whose message is Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from store.normalize import (
    Measure,
    NormalizeError,
    Target,
    format_number,
    format_plain_yuan,
    format_yuan,
    parse_comparison,
    parse_date,
    parse_decimal,
    parse_measure,
    parse_money,
    parse_target,
)

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _refused(func, text) -> str:
    """Call ``func(text)``, require a Chinese NormalizeError, return its message."""
    with pytest.raises(NormalizeError) as info:
        func(text)
    message = str(info.value)
    assert _CJK.search(message), f"message is not Chinese: {message!r}"
    return message


def test_normalize_error_is_a_value_error():
    assert issubclass(NormalizeError, ValueError)
    with pytest.raises(ValueError):
        parse_decimal("abc")


# ---------------------------------------------------------------- parse_decimal


@pytest.mark.parametrize(
    "text, expected",
    [
        ("１２３．５", "123.5"),        # full-width digits and full-width point
        ("１２３。５", "123.5"),        # ideographic full stop as decimal point
        ("37,780,000.00", "37780000.00"),
        ("３７，７８０，０００．００", "37780000.00"),  # full-width comma too
        (" 8.5 ", "8.5"),
        ("\u30008.5\u3000", "8.5"),     # ideographic spaces around
        ("\t42\n", "42"),
        ("-400.00", "-400.00"),
        ("0.05", "0.05"),
    ],
)
def test_parse_decimal_reads_typed_numbers_exactly(text, expected):
    value = parse_decimal(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)
    # exactly, digits as typed: 37780000.00 keeps its two places
    assert str(value) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "NaN", "nan", "inf", "Infinity", "-inf", "1e5", "1E5",
     "1,2345", "12,34", "1,234,56", "1.2.3", "--5", "５元"],
)
def test_parse_decimal_refuses_non_numbers_in_chinese(text):
    _refused(parse_decimal, text)


def test_parse_decimal_refusal_quotes_what_was_typed():
    message = _refused(parse_decimal, "1,2345")
    assert "1,2345" in message


# ---------------------------------------------------------------- parse_measure


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("2000 人", "2000", "人"),
        ("150元/人", "150", "元/人"),
        ("30万", "30", "万元"),
        ("３０万", "30", "万元"),
        ("¥1,200", "1200", "元"),
        ("￥1,200", "1200", "元"),
        ("27 万元", "27", "万元"),
        ("5000 公里", "5000", "公里"),
        ("1", "1", ""),
    ],
)
def test_parse_measure_splits_number_and_unit(text, value, unit):
    measure = parse_measure(text)
    assert measure == Measure(Decimal(value), unit)
    assert measure.unit == unit


@pytest.mark.parametrize(
    "text, yuan",
    [("30 万元", Decimal("300000")), ("150 元/人", Decimal("150")), ("2000 人", None),
     ("27 万元", Decimal("270000")), ("1.5万", Decimal("15000"))],
)
def test_measure_yuan(text, yuan):
    assert parse_measure(text).yuan() == yuan


def test_measure_str_keeps_digits_as_written():
    assert str(parse_measure("30.00 万元")) == "30.00 万元"
    assert str(parse_measure("2000 人")) == "2000 人"
    assert str(parse_measure("150元/人")) == "150 元/人"
    assert str(Measure(Decimal("3E+1"), "人")) == "30 人"


@pytest.mark.parametrize("text", ["", "人", "万元", "-", "20 24 人", "5 人2"])
def test_parse_measure_refuses_in_chinese(text):
    _refused(parse_measure, text)


# ---------------------------------------------------------------- parse_money


@pytest.mark.parametrize(
    "text, expected",
    [
        ("37,780,000.00", "37780000.00"),
        ("3778万", "37780000"),
        ("3778 万元", "37780000"),
        ("40000元", "40000"),
        ("４万", "40000"),
        ("4 万元", "40000"),
        ("¥1,200", "1200"),
        ("0.5万", "5000"),
    ],
)
def test_parse_money_gives_exact_yuan(text, expected):
    value = parse_money(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)


@pytest.mark.parametrize("text", ["5 人", "150 元/人", "abc", "", "3 公里"])
def test_parse_money_refuses_non_money(text):
    _refused(parse_money, text)


# ------------------------------------------------------------- parse_comparison


@pytest.mark.parametrize(
    "text, sign",
    [(">=", "≥"), ("＞＝", "≥"), ("≥", "≥"), ("不低于", "≥"), (" >= ", "≥"),
     ("<=", "≤"), ("≤", "≤"), ("不超过", "≤"), ("=", "="), (">", ">"), ("<", "<")],
)
def test_parse_comparison_canonical_sign(text, sign):
    assert parse_comparison(text) == sign


@pytest.mark.parametrize("text", ["", "abc", "=>=", "≥≥", "大约", "90"])
def test_parse_comparison_refuses_junk(text):
    _refused(parse_comparison, text)


# ---------------------------------------------------------------- parse_target


@pytest.mark.parametrize(
    "text",
    ["≥90%", "≥90.00%", "≥90.00(%)", ">=90.00(%)", "≥ 90.00 (%)", "＞＝９０％",
     "不低于90%", "≥90（%）"],
)
def test_parse_target_spellings_agree(text):
    target = parse_target(text)
    assert target == Target(op="≥", value=Decimal("90"), unit="%")
    assert target.quantitative
    assert str(target) == "≥90.00(%)"


@pytest.mark.parametrize("text", ["≤25.00(万元)", "≥5000.00(人)", "=100.00(%)", "≥0.50(%)"])
def test_parse_target_str_round_trip(text):
    assert str(parse_target(text)) == text


def test_parse_target_wan_becomes_wanyuan():
    assert str(parse_target("≤25万")) == "≤25.00(万元)"


def test_parse_target_without_sign_is_equality():
    assert str(parse_target("100%")) == "=100.00(%)"


def test_parse_target_keeps_more_than_two_decimals():
    assert str(parse_target("≥99.995%")) == "≥99.995(%)"


@pytest.mark.parametrize("word", ["合理", "提升", "及时", "拓宽"])
def test_parse_target_qualitative(word):
    target = parse_target(word)
    assert not target.quantitative
    assert target.value is None
    assert str(target) == word


@pytest.mark.parametrize("text", ["≥9x0", "≥90%5", "≥90(%", "≥%90", "≥1,2345%", "", "  "])
def test_parse_target_refuses_garbage(text):
    _refused(parse_target, text)


# ------------------------------------------------------------------ parse_date


@pytest.mark.parametrize(
    "text",
    ["2024-01-01", "2024/1/1", "2024.1.1", "2024年1月1日", "2024年1月1", "20240101",
     "２０２４－０１－０１", "２０２４年１月１日", " 2024-1-1 "],
)
def test_parse_date_forms(text):
    assert parse_date(text) == dt.date(2024, 1, 1)


def test_parse_date_passes_a_date_through():
    assert parse_date(dt.date(2024, 12, 31)) == dt.date(2024, 12, 31)


def test_parse_date_refuses_february_30_with_reason():
    message = _refused(parse_date, "2024-02-30")
    assert "2月" in message.replace(" ", "")
    assert "30" in message


def test_parse_date_refuses_month_13():
    message = _refused(parse_date, "2024-13-01")
    assert "13" in message


def test_parse_date_leap_day():
    assert parse_date("2024-02-29") == dt.date(2024, 2, 29)
    _refused(parse_date, "2023-02-29")


@pytest.mark.parametrize("text", ["", "明天", "2024", "24-1-1", "2024-1-1-1", "2024-01-01T00:00"])
def test_parse_date_refuses_non_dates(text):
    _refused(parse_date, text)


# ------------------------------------------------------------------ formatting


def test_format_yuan():
    assert format_yuan(Decimal("37780000")) == "37,780,000.00"
    assert format_yuan(Decimal("0")) == "0.00"
    assert format_yuan(Decimal("300000.5")) == "300,000.50"
    assert format_yuan(Decimal("-400")) == "-400.00"


def test_format_plain_yuan():
    assert format_plain_yuan(Decimal("37780000")) == "37780000.00"
    assert format_plain_yuan(Decimal("3E+5")) == "300000.00"
    assert format_plain_yuan(Decimal("-400")) == "-400.00"


@pytest.mark.parametrize(
    "value, text",
    [("3E+1", "30"), ("1.5E+3", "1500"), ("2.000E+4", "20000"), ("30.00", "30.00"),
     ("1E-7", "0.0000001"), ("-0", "0"), ("2000", "2000")],
)
def test_format_number_never_uses_exponents(value, text):
    assert format_number(Decimal(value)) == text


def test_format_yuan_rounds_half_up_like_sishewuru():
    assert format_yuan(Decimal("2.345")) == "2.35"
    assert format_yuan(Decimal("0.125")) == "0.13"


# ---------------------------------------------------------------- properties

_TYPED = st.sampled_from(
    list("0123456789０１２３４５６７８９.,。．，+-＋－ 　%％()（）万元人/¥￥≥≤<>=＞＜＝年月日eEnNaIf²٣\t\n")
)
_ANY_TEXT = st.one_of(st.text(), st.text(_TYPED, max_size=16))


@pytest.mark.parametrize(
    "func", [parse_decimal, parse_measure, parse_money, parse_target, parse_date, parse_comparison]
)
@given(text=_ANY_TEXT)
def test_parsers_only_ever_raise_normalize_error(func, text):
    try:
        result = func(text)
    except NormalizeError as error:
        assert _CJK.search(str(error)), str(error)
        return
    expected = {
        parse_decimal: Decimal, parse_measure: Measure, parse_money: Decimal,
        parse_target: Target, parse_date: dt.date, parse_comparison: str,
    }[func]
    assert isinstance(result, expected)


_MONEY = st.decimals(min_value=Decimal("-1E13"), max_value=Decimal("1E13"), places=2)


@given(_MONEY)
def test_formatted_money_reads_back(value):
    assert parse_money(format_yuan(value)) == value
    assert parse_decimal(format_plain_yuan(value)) == value
    assert parse_money(format_plain_yuan(value) + " 元") == value


_OPS = st.sampled_from([">=", "<=", "≥", "≤", "=", ">", "<", "＞＝", "不低于", "不超过", "大于", "", "=<"])
_NUMBERS = st.decimals(min_value=Decimal("-1E9"), max_value=Decimal("1E9"), places=3)
_UNITS = st.one_of(
    st.sampled_from(["", "%", "(%)", "（%）", "万", "万元", "人", "元/人", "批", "(人次)", "个", "¥"]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Nd", "No")), max_size=4),
)


@given(_OPS, _NUMBERS, st.sampled_from(["", " "]), _UNITS)
def test_target_str_reads_back_to_the_same_target(op, number, space, unit):
    text = f"{op}{space}{number:f}{space}{unit}"
    try:
        target = parse_target(text)
    except NormalizeError:
        return
    assert target.quantitative
    assert target.value == number
    again = parse_target(str(target))
    assert again == target
    assert str(again) == str(target)


def test_unit_edge_cases_found_by_review():
    assert parse_measure("5.元") == Measure(Decimal("5"), "元")
    assert parse_money("5.元") == Decimal("5")
    assert parse_measure("100 m²") == Measure(Decimal("100"), "m²")
    with pytest.raises(NormalizeError):
        parse_measure("1,元")
    with pytest.raises(NormalizeError):
        parse_target(">=0.000:\n:")


def test_money_finer_than_a_fen_is_stored_without_loss():
    assert format_plain_yuan(Decimal("0.125")) == "0.125"
    assert format_plain_yuan(Decimal("12")) == "12.00"
    assert format_yuan(Decimal("0.125")) == "0.13"


@given(st.one_of(_ANY_TEXT, st.builds(lambda n, u: f"{n} {u}", st.one_of(
    st.integers(0, 10**16).map(str), st.decimals(0, 10**6, places=4).map(str), st.sampled_from(
        ["0." + "1" * 15, "0." + "1" * 16, "1" * 15 + ".5", "١٢", "１２", "12.", ".5", "007", "1_000"])),
                                      st.sampled_from(["人", "元/人", "万元", "万", "（万元）", "m²", "元 ", "次/年", ""]))))
def test_the_fast_path_for_stored_measures_agrees_with_the_general_one(text):
    from store.normalize import _parse_measure
    from store.plain import kept_measure

    try:
        expected = _parse_measure(text)
    except NormalizeError:
        expected = NormalizeError
    kept: dict = {}
    for read in (parse_measure, lambda text: kept_measure(text, kept), lambda text: kept_measure(text, kept)):
        try:
            got = read(text)
        except NormalizeError:
            got = NormalizeError
        assert got == expected
        assert repr(got) == repr(expected)  # the digits as written too (Decimal("30.00") == Decimal(30))


@given(st.one_of(_ANY_TEXT, st.builds(lambda n, u: f"{n}{u}", st.one_of(
    st.integers(0, 10**16).map(str), st.decimals(0, 10**6, places=4).map(str), st.sampled_from(
        ["0." + "1" * 15, "0." + "1" * 16, "-0.00", "0.00", "1" * 15 + ".00", "١٢"])),
    st.sampled_from(["", " 元", " 万元", "元", " 元/人", " 人", " "]))), st.sampled_from(["元", "万元"]))
def test_the_fast_path_for_stored_money_agrees_with_the_general_one(text, default_unit):
    from store.normalize import _parse_money

    try:
        expected = _parse_money(text, default_unit)
    except NormalizeError as err:
        expected = str(err)
    try:
        got = parse_money(text, default_unit)
    except NormalizeError as err:
        got = str(err)
    assert repr(got) == repr(expected)


def test_a_measure_read_by_the_fast_path_is_a_whole_frozen_measure():
    import copy
    import dataclasses
    import pickle

    measure = parse_measure("30.00 万元")
    assert measure == Measure(Decimal("30.00"), "万元") and hash(measure) == hash(Measure(Decimal("30.00"), "万元"))
    assert repr(measure) == "Measure(value=Decimal('30.00'), unit='万元')" and str(measure) == "30.00 万元"
    assert (measure.yuan(), parse_measure("150 元/人").per, parse_measure("12").unit) == (Decimal(300000), "人", "")
    assert pickle.loads(pickle.dumps(measure)) == measure == copy.deepcopy(measure)
    assert dataclasses.replace(measure, unit="元") == Measure(Decimal("30.00"), "元")
    with pytest.raises(dataclasses.FrozenInstanceError):
        measure.value = Decimal(1)  # type: ignore[misc]


def test_target_text_shows_a_target_as_the_form_does():
    from store.normalize import target_text

    assert target_text(">=90%") == "≥90.00(%)"
    assert target_text("  ") == ""
    assert target_text("≥9x0(%") == "≥9x0(%"
    assert target_text("合理") == "合理"
