"""Exports as a user sees them: CSV opened in a spreadsheet, text in a terminal, the form.

The figures asserted for p03 come from its TOML (examples/songjiang-2024/projects/p03.toml):
餐费（市外） 2000 人 × 150 元/人 = 30 万元, and twelve lines totalling 200 万元.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from wcwidth import wcswidth, wcwidth

from exports.form import render_form
from exports.tables import costs_table, indicators_table, projects_table
from exports.writers import neutralize, to_csv, to_text
from store import model as m
from store.normalize import Measure

PLAIN_MONEY = re.compile(r"-?\d+\.\d{2}")


def _project(loaded, pid: str) -> m.Project:
    return next(p for p in loaded.models if p.id == pid)


def _rows(data: bytes, encoding: str = "utf-8") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


def _line(item: str = "组成", quantity=None, price=None, amount=None, note: str = "") -> m.CostLine:
    return m.CostLine(item=item, quantity=quantity, price=price, amount=amount, note=note)


def _synthetic(pid: str, name: str, lines: list[m.CostLine], group: str = "分组") -> m.Project:
    return m.Project(
        id=pid, order=1, header=m.Header(name=name),
        funding=m.Funding(total=Decimal("300000"), annual=Decimal("300000")),
        budget=m.Budget(groups=[m.CostGroup(name=group, lines=lines)]),
        indicators=[m.Indicator("产出指标", "数量指标", "人数", "≥90%")],
    )


def _by_title(rows: list[list[str]]) -> list[dict[str, str]]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


# ----------------------------------------------------------------------- CSV


def test_costs_csv_header_first_and_every_row_names_its_project(example_loaded):
    models = example_loaded.models
    table = costs_table(models)
    rows = _rows(to_csv(table))
    assert rows[0] == [c.title for c in table.columns]
    assert rows[0][:2] == ["项目编号", "项目名称"]
    names = {p.id: p.header.name for p in models}
    body = rows[1:]
    assert len(body) == sum(p.budget.line_count for p in models)
    for row in body:
        assert len(row) == len(rows[0])
        assert row[0] in names
        assert row[1] == names[row[0]]


def test_costs_csv_p03_first_line_cells(example_loaded):
    rows = _by_title(_rows(to_csv(costs_table([_project(example_loaded, "p03")]))))
    first = rows[0]
    assert first["项目编号"] == "p03"
    assert first["项目名称"] == "合作与交流"
    assert first["分组"] == "公务接待项目组成"
    assert first["组成"] == "餐费（市外）"
    assert (first["数量"], first["数量单位"]) == ("2000", "人")
    assert (first["单价"], first["单价单位"]) == ("150", "元/人")
    assert (first["资金需求"], first["资金需求单位"]) == ("30", "万元")
    assert first["资金需求（元）"] == "300000.00"
    assert first["数量×单价（元）"] == "300000.00"
    total = sum(Decimal(r["资金需求（元）"]) for r in rows)
    assert total == Decimal("2000000.00")


def test_csv_money_cells_are_plain_numbers(example_loaded):
    for make in (costs_table, projects_table):
        table = make(example_loaded.models)
        money = [i for i, c in enumerate(table.columns) if c.kind == "money"]
        numbers = [i for i, c in enumerate(table.columns) if c.kind == "number"]
        seen = 0
        for row in _rows(to_csv(table))[1:]:
            for i in money:
                assert row[i] == "" or PLAIN_MONEY.fullmatch(row[i]), row[i]
                seen += row[i] != ""
            for i in numbers:
                assert "E" not in row[i].upper() and "," not in row[i], row[i]
        assert seen > 0


def test_csv_p01_annual_total_is_plain(example_loaded):
    rows = _by_title(_rows(to_csv(projects_table([_project(example_loaded, "p01")]))))
    assert rows[0]["年度资金申请总额"] == "37780000.00"


def test_csv_amounts_have_no_float_artifacts():
    lines = [
        _line("资料", Measure(Decimal("3"), "本"), Measure(Decimal("0.1"), "元/本")),
        _line("差旅", Measure(Decimal("0.1"), "次"), Measure(Decimal("0.2"), "万元/次")),
        _line("包干", amount=Measure(Decimal("0.30"))),
    ]
    rows = _by_title(_rows(to_csv(costs_table([_synthetic("x1", "测试", lines)]))))
    assert rows[0]["数量×单价（元）"] == "0.30"
    assert rows[0]["资金需求（元）"] == "0.30"
    assert rows[1]["数量×单价（元）"] == "200.00"
    assert rows[1]["单价"] == "0.2"
    assert rows[2]["资金需求"] == "0.30"        # digits as written, not 0.3
    assert rows[2]["资金需求单位"] == "元"
    assert rows[2]["数量×单价（元）"] == ""


def test_csv_line_endings_are_crlf(example_loaded):
    table = costs_table(example_loaded.models)
    text = to_csv(table).decode("utf-8")
    assert text.endswith("\r\n")
    assert text.count("\n") == text.count("\r\n") == len(table.rows) + 1


def test_csv_utf8_sig_starts_with_bom(example_loaded):
    table = costs_table(example_loaded.models)
    data = to_csv(table, "utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:] == to_csv(table)
    assert not to_csv(table).startswith(b"\xef\xbb\xbf")


def test_csv_gb18030_decodes_to_the_same_text(example_loaded):
    table = costs_table(example_loaded.models)
    data = to_csv(table, "gb18030")
    assert data != to_csv(table)             # really GB-encoded, not UTF-8
    assert data.decode("gb18030") == to_csv(table).decode("utf-8")


def test_csv_unknown_encoding_is_refused_in_chinese(example_loaded):
    with pytest.raises(ValueError, match="不支持的编码"):
        to_csv(costs_table(example_loaded.models), "latin-1")


# ----------------------------------------------------------- formula injection


@pytest.mark.parametrize(
    "cell", ["=1+1", "=HYPERLINK(\"http://x\")", "+86 21", "-2+3", "@SUM(A1)", "\tx", "\rx",
             "\nx", "-", "-1e5", "-400.00 元"],
)
def test_neutralize_prefixes_formula_starts(cell):
    assert neutralize(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-400.00", "-400", "300000.00", "合作与交流", "a=b", "", "'=x"])
def test_neutralize_leaves_safe_cells(cell):
    assert neutralize(cell) == cell


def test_csv_neutralizes_names_items_groups_and_notes():
    starts = ["=", "+", "-", "@", "\t", "\r"]
    lines = [_line(f"{s}cmd|' /C calc'!A0", note=f"{s}note", amount=Measure(Decimal("1"), "元"))
             for s in starts]
    project = _synthetic("x1", "=HYPERLINK(\"http://evil\",\"点我\")", lines, group="@组")
    rows = _by_title(_rows(to_csv(costs_table([project]))))
    assert [r["组成"] for r in rows] == [f"'{s}cmd|' /C calc'!A0" for s in starts]
    assert [r["测算依据"] for r in rows] == [f"'{s}note" for s in starts]
    for r in rows:
        assert r["项目名称"] == "'=HYPERLINK(\"http://evil\",\"点我\")"
        assert r["分组"] == "'@组"
    names = _by_title(_rows(to_csv(projects_table([project]))))
    assert names[0]["项目名称"].startswith("'=")


def test_csv_negative_amount_is_not_prefixed():
    lines = [_line("退款", amount=Measure(Decimal("-400.00"), "元")), _line("-400.00")]
    rows = _by_title(_rows(to_csv(costs_table([_synthetic("x1", "负数", lines)]))))
    assert rows[0]["资金需求"] == "-400.00"
    assert rows[0]["资金需求（元）"] == "-400.00"
    assert rows[1]["组成"] == "-400.00"


# ---------------------------------------------------------------------- text


def _cells(line: str) -> list[str | None]:
    """Display columns of a line: a wide character takes two, the second is None."""
    out: list[str | None] = []
    for ch in line:
        width = wcwidth(ch)
        assert width in (1, 2), f"unexpected width {width} for {ch!r} in {line!r}"
        out.append(ch)
        if width == 2:
            out.append(None)
    return out


def _grid(text: str) -> tuple[list[str], list[list[str]]]:
    """Split tabulate 'simple' output at the columns the dashed rule marks.

    Fails if any row puts a character in the gap between two columns or splits
    a wide character across a column edge, that is, if the table is misaligned.
    """
    assert text.endswith("\n")
    lines = text[:-1].split("\n")
    rule = lines[1]
    assert set(rule) <= {"-", " "}
    spans = [(mt.start(), mt.end()) for mt in re.finditer(r"-+", rule)]
    table = []
    for line in [lines[0]] + lines[2:]:
        cols = _cells(line)
        assert len(cols) <= len(rule), line
        cells = []
        for start, end in spans:
            if start > 0 and start - 1 < len(cols):
                assert cols[start - 1] == " ", f"gap before column {start} in {line!r}"
            if start < len(cols):
                assert cols[start] is not None, f"wide char straddles column {start} in {line!r}"
            cells.append("".join(c for c in cols[start:end] if c is not None))
        table.append(cells)
    return lines, table


def test_text_projects_table_lines_have_equal_display_width(example_loaded):
    text = to_text(projects_table(example_loaded.models))
    widths = {wcswidth(line) for line in text[:-1].split("\n")}
    assert len(widths) == 1
    assert widths.pop() > len(text.split("\n")[0])   # wider than its character count: CJK


@pytest.mark.parametrize("make", [projects_table, costs_table, indicators_table])
def test_text_tables_align_with_chinese(example_loaded, make):
    lines, grid = _grid(to_text(make(example_loaded.models)))
    rule_width = wcswidth(lines[1])
    for line in lines:
        assert 0 < wcswidth(line) <= rule_width
    assert [grid[0][0].strip(), grid[0][1].strip()] == ["项目编号", "项目名称"]
    names = {p.id: p.header.name for p in example_loaded.models}
    assert len(grid) > 1
    for row in grid[1:]:
        assert row[1].strip() == names[row[0].strip()]


def test_text_amounts_are_grouped_and_right_aligned(example_loaded):
    table = costs_table([_project(example_loaded, "p03")])
    _, grid = _grid(to_text(table))
    header = [h.strip() for h in grid[0]]
    col = header.index("资金需求（元）")
    cells = [row[col] for row in grid[1:]]
    assert cells[0].strip() == "300,000.00"
    assert cells[0].endswith("300,000.00")          # flush right
    assert cells[0].startswith(" ")                 # padded on the left
    assert all(c.endswith(".00") for c in cells)
    assert {wcswidth(c) for c in cells} == {wcswidth(grid[0][col])}
    proj = to_text(projects_table([_project(example_loaded, "p01")]))
    assert "37,780,000.00" in proj


def test_text_synthetic_chinese_names_align():
    projects = [
        _synthetic("a1", "合作与交流", [_line("餐费（市外）", Measure(Decimal("2000"), "人"),
                                              Measure(Decimal("150"), "元/人"))]),
        _synthetic("a2", "ab", [_line("x", amount=Measure(Decimal("30"), "万元"))]),
        _synthetic("a3", "松江区街镇村居网络租赁(运维)", [_line("租赁费", amount=Measure(Decimal("1.5")))]),
    ]
    for make in (projects_table, costs_table):
        lines, grid = _grid(to_text(make(projects)))
        assert [row[1].strip() for row in grid[1:]] == [
            "合作与交流", "ab", "松江区街镇村居网络租赁(运维)"]
    widths = {wcswidth(line) for line in to_text(projects_table(projects))[:-1].split("\n")}
    assert len(widths) == 1


def test_text_strips_terminal_escapes():
    project = _synthetic("e1", "\x1b[31m红\x1b[0m", [_line("\x1b]0;title\x07餐费\x07")])
    for make in (projects_table, costs_table):
        text = to_text(make([project]))
        assert "\x1b" not in text and "\x07" not in text
        _, grid = _grid(text)
        assert grid[1][1].strip() == "红"
    _, grid = _grid(to_text(costs_table([project])))
    assert grid[1][4].strip() == "餐费"


def test_text_newline_in_name_does_not_break_rows():
    project = _synthetic("n1", "第一行\n第二行", [_line("组成")])
    lines, grid = _grid(to_text(projects_table([project])))
    assert len(lines) == 3
    assert grid[1][1].strip() == "第一行 第二行"


def test_text_shows_markup_literally():
    project = _synthetic("b1", "[bold]重点[/bold]项目", [_line("[red]x[/red]")])
    text = to_text(costs_table([project]))
    assert "[bold]重点[/bold]项目" in text
    assert "[red]x[/red]" in text


# ---------------------------------------------------------------------- form


def test_form_p03(example_loaded):
    project = _project(example_loaded, "p03")
    form = render_form(project, example_loaded.unit)
    assert "项目经费情况说明 3--合作与交流" in form.splitlines()[0]
    assert "2,000,000.00" in form
    assert "≥90.00(%)" in form
    assert "≥5000.00(人)" in form
    assert "合理" in form
    for group in project.budget.groups:
        assert group.name in form
    assert [g.name for g in project.budget.groups] == [
        "公务接待项目组成", "出访考察项目组成", "交流活动项目组成"]
    assert "预算明细合计：2,000,000.00 元" in form
    assert "300,000.00" in form and "30 万元" in form
    assert "(2024 年度)" in form


def test_form_strips_escapes_from_name():
    project = _synthetic("f1", "\x1b[31m红\x1b[0m", [_line("餐费", amount=Measure(Decimal("3"), "万元"))])
    form = render_form(project)
    assert "\x1b" not in form
    assert "项目经费情况说明 1--红" in form
    assert "预算明细合计：30,000.00 元" in form


# ------------------------------------------------------- figures past 28 digits


def test_huge_but_accepted_figures_do_not_crash_exports():
    from store.normalize import parse_measure

    line = _line("巨额", parse_measure("9999999999999999 人"), parse_measure("9999999999999999 万元/人"))
    project = _synthetic("h1", "巨额", [line])
    rows = _by_title(_rows(to_csv(costs_table([project]))))
    assert PLAIN_MONEY.fullmatch(rows[0]["数量×单价（元）"])


@pytest.mark.parametrize("what", ["projects", "costs", "indicators"])
@pytest.mark.parametrize("fmt", ["csv", "text"])
def test_a_store_exported_by_several_processes_is_the_same_bytes(example_copy, what, fmt):
    """Sixty projects (enough for worker processes) give exactly what one process writes."""
    import shutil

    from exports.bulk import export_store
    from exports.tables import TABLES
    from store.toml_store import Store

    projects = example_copy / "projects"
    for n in range(11, 61):
        shutil.copy(projects / f"p{(n % 10) + 1:02d}.toml", projects / f"p{n:02d}.toml")
    (projects / "p30.toml").write_text("[header\n", encoding="utf-8")  # not exported, as before
    store = Store.open(example_copy)
    table = TABLES[what](store.load().models)
    from exports.writers import tabulate_cells, text_cells  # the reference: tabulate over every row at once

    expected = (to_csv(table, "utf-8-sig") if fmt == "csv"
                else tabulate_cells(table.columns, text_cells(table)).encode("utf-8-sig"))
    assert export_store(store, what, fmt, "utf-8-sig", jobs=2) == expected
    assert export_store(store, what, fmt, "utf-8-sig", jobs=1) == expected
