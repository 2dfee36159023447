"""Converting field values between TOML and the model, by field kind."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from .normalize import (
    Measure,
    NormalizeError,
    check_range,
    format_plain_yuan,
    parse_date,
    parse_decimal,
    parse_measure,
    parse_money,
)

__all__ = ["decode", "encode", "is_empty", "EMPTY"]

#: The model's value for a field that is not filled in, by kind.
EMPTY = {"text": "", "longtext": "", "money": None, "measure": None, "date": None, "int": None}


def is_empty(value: object) -> bool:
    return value is None or value == ""


def decode(kind: str, raw: object) -> object:
    """A value as read by tomllib (floats as Decimal) → the model's value."""
    if kind in ("text", "longtext"):
        if not isinstance(raw, str):
            raise NormalizeError(f"应为文本（用引号括起），得到 {_type_name(raw)}")
        return raw
    if kind == "int":
        if isinstance(raw, bool):
            raise NormalizeError("应为整数，得到 布尔值")
        if isinstance(raw, int):
            return int(check_range(Decimal(raw)))
        if isinstance(raw, str):
            value = parse_decimal(raw)
            if value != value.to_integral_value():
                raise NormalizeError(f"“{raw}”应为整数")
            return int(value)
        raise NormalizeError(f"应为整数，得到 {_type_name(raw)}")
    if kind == "money":
        if isinstance(raw, str):
            return parse_money(raw)
        return _exact_number(raw)
    if kind == "measure":
        if isinstance(raw, str):
            return parse_measure(raw)
        return Measure(_exact_number(raw))
    if kind == "date":
        if isinstance(raw, (str, _dt.date)) and not isinstance(raw, _dt.datetime):
            return parse_date(raw)
        raise NormalizeError(f"日期应写成 \"2024-01-01\"，得到 {_type_name(raw)}")
    raise ValueError(f"unknown field kind {kind!r}")


def _exact_number(raw: object) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal)):
        raise NormalizeError(f"应为金额文本，如 \"1234.56\"，得到 {_type_name(raw)}")
    # Unquoted numbers meet the limits quoted ones do (tomllib reads 1e198 or inf as a Decimal).
    return check_range(Decimal(raw))


def encode(kind: str, value: object) -> object:
    """The model's value → what the store writes (amounts always as strings)."""
    if kind in ("text", "longtext", "int"):
        return value
    if kind == "money":
        return format_plain_yuan(value)  # type: ignore[arg-type]
    if kind == "measure":
        return str(value)
    if kind == "date":
        return value.isoformat()  # type: ignore[union-attr]
    raise ValueError(f"unknown field kind {kind!r}")


def _type_name(raw: object) -> str:
    names = {
        bool: "布尔值", int: "整数", float: "小数", Decimal: "数字", str: "文本",
        list: "数组", dict: "表", _dt.date: "日期", _dt.datetime: "日期时间", _dt.time: "时间",
    }
    return names.get(type(raw), type(raw).__name__)
