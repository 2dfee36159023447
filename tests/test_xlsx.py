"""`jixiao export xlsx`: the workbook read back (openpyxl) and held against the model.

Every project's form: header, funding, cost lines, indicators in their cells;
the grid's merged ranges; number formats; formulas and the values they store;
the working sheets against the CSV tables; user text never a formula; the
print set-up; the default file name; clear refusals.
"""

from __future__ import annotations

import os
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from exports.tables import TABLES
from exports.xlsx.layout import MAX_ROW_HEIGHT, file_name, sheet_name
from store.normalize import target_text
from store.toml_store import Store
from tests.test_cli import jixiao

COVER = "绩效目标设置情况"
WORKING = ["项目", "预算明细", "绩效指标"]
MONEY = "#,##0.00"


def _export(store: Path, out: Path, *extra: str) -> Path:
    run = jixiao("export", "xlsx", str(store), "-o", str(out), *extra)
    assert run.returncode == 0, run.stderr.decode()
    assert run.stderr.decode().strip() == f"已导出到 {out}"
    return out


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The example store's workbook: (models, formulas view, stored-values view, file)."""
    import shutil

    from tests.conftest import EXAMPLE

    root = tmp_path_factory.mktemp("xlsx")
    store = root / "songjiang-2024"
    shutil.copytree(EXAMPLE, store, ignore=shutil.ignore_patterns(".jixiao"))
    out = _export(store, root / "out.xlsx")
    loaded = Store.open(store).load()
    return (loaded, openpyxl.load_workbook(out), openpyxl.load_workbook(out, data_only=True), out)


def _sheet_of(wb, pid: str):
    return next(wb[name] for name in wb.sheetnames if name.split(" ", 1)[0] == pid)


def _find(ws, text: str, col: int = 1, start: int = 1) -> int:
    """The first row (1-based) at or after ``start`` whose cell in ``col`` holds ``text``."""
    for row in range(start, ws.max_row + 1):
        if ws.cell(row, col).value == text:
            return row
    raise AssertionError(f"{text!r} not in column {col} of {ws.title}")


def _num(value: Decimal | None):
    return None if value is None else pytest.approx(float(value), abs=0.005)


def test_sheets_and_their_names(book):
    loaded, wb, _, _ = book
    names = [f"{p.id} {p.header.name}" for p in loaded.models]
    assert wb.sheetnames == [COVER, *names, *WORKING]
    assert wb.active.title == COVER


def test_every_form_holds_its_header_funding_and_goals(book):
    loaded, wb, _, _ = book
    for p in loaded.models:
        ws = _sheet_of(wb, p.id)
        h, f = p.header, p.funding
        assert ws["A1"].value == f"项目经费情况说明 {p.order}--{h.name}"
        top = _find(ws, "财政项目支出绩效目标申报表")
        assert ws.cell(top + 1, 1).value == f"({loaded.unit.year} 年度)"
        r = top + 2
        row = [ws.cell(r, c).value for c in range(1, 8)]
        assert row == ["项目名称", h.name, None, "项目性质", h.nature, "项目类别", h.category]
        assert [ws.cell(r + 1, c).value for c in (1, 2, 4, 5)] == ["主管部门", h.department, "实施单位", h.implementer]
        assert [ws.cell(r + 2, c).value for c in (1, 2, 4, 5)] == [
            "计划开始日期", h.start.isoformat(), "计划完成日期", h.end.isoformat()]
        fr = _find(ws, "项目资金（元）", start=top)
        expected = [("项目资金总额", f.total, "年度资金申请总额", f.annual),
                    ("其中：财政资金", f.total_fiscal, "其中：当年财政拨款", f.annual_fiscal),
                    (None, None, "上年结转资金", f.annual_carryover),
                    ("其他资金", f.total_other, "其他资金", f.annual_other)]
        for i, (left, lv, right, rv) in enumerate(expected):
            cells = ws.cell(fr + i, 2), ws.cell(fr + i, 4), ws.cell(fr + i, 5), ws.cell(fr + i, 7)
            assert (cells[0].value, cells[1].value, cells[2].value, cells[3].value) == (left, _num(lv), right, _num(rv))
            assert cells[3].number_format == MONEY and cells[3].data_type == "n"
        gr = _find(ws, "项目绩效目标", start=top)
        assert (ws.cell(gr, 2).value, ws.cell(gr, 5).value) == ("项目总目标", "年度总体目标")
        assert ws.cell(gr + 1, 2).value == "\n".join(x.strip() for x in p.goals.overall.splitlines() if x.strip())
        assert ws.cell(gr + 1, 5).value == "\n".join(x.strip() for x in p.goals.annual.splitlines() if x.strip())


def test_every_form_holds_its_narrative_and_cost_lines(book):
    loaded, wb, values, _ = book
    for p in loaded.models:
        ws, vs = _sheet_of(wb, p.id), _sheet_of(values, p.id)
        for label, text in (("一、项目概述", p.narrative.overview), ("五、实施周期", p.narrative.period)):
            r = _find(ws, label)
            paragraphs = [x.strip() for x in text.splitlines() if x.strip()]
            assert [ws.cell(r + 1 + i, 1).value for i in range(len(paragraphs))] == paragraphs
        r = _find(ws, "六、年度预算安排") + 1
        subtotal_cells = []
        for group in p.budget.groups:
            r = _find(ws, group.name or "组成", start=r)
            assert [ws.cell(r, c).value for c in (3, 4, 5, 6, 7)] == ["数量", "单价", "资金需求", "折合（元）", "测算依据"]
            for i, line in enumerate(group.lines, start=1):
                cells = [ws.cell(r + i, c) for c in range(1, 8)]
                assert cells[0].value == line.item
                assert cells[2].value == (str(line.quantity) if line.quantity else None)  # the figure as written
                assert cells[3].value == (str(line.price) if line.price else None)
                assert cells[4].value == (str(line.amount) if line.amount else None)
                assert cells[5].value == _num(line.yuan) and cells[5].number_format == MONEY
                assert cells[6].value == (line.note or None)
            sub = r + len(group.lines) + 1
            assert ws.cell(sub, 1).value == "小计"
            assert ws.cell(sub, 6).value == f"=SUM(F{r + 1}:F{r + len(group.lines)})"
            assert vs.cell(sub, 6).value == _num(group.yuan)  # the value stored with the formula
            subtotal_cells.append(f"F{sub}")
            r = sub + 1
        if p.budget.groups:
            total = _find(ws, "预算明细合计（元）", start=r)
            assert ws.cell(total, 6).value == "=" + "+".join(subtotal_cells)
            assert vs.cell(total, 6).value == _num(p.budget.yuan)


def test_every_form_holds_its_indicators_merged_down_their_groups(book):
    loaded, wb, _, _ = book
    for p in loaded.models:
        ws = _sheet_of(wb, p.id)
        head = _find(ws, "一级指标", col=2)
        merged = {str(m) for m in ws.merged_cells.ranges}
        assert f"A{head}:A{head + len(p.indicators)}" in merged  # 绩效指标
        fr = _find(ws, "项目资金（元）")
        assert f"A{fr}:A{fr + 3}" in merged and f"B{fr - 3}:C{fr - 3}" in merged  # funding, 项目名称's value
        for i, ind in enumerate(p.indicators, start=head + 1):
            assert (ws.cell(i, 4).value, ws.cell(i, 6).value) == (ind.name, target_text(ind.target))
            assert f"D{i}:E{i}" in merged and f"F{i}:G{i}" in merged
        for col, key in (("B", lambda x: (x.level1,)), ("C", lambda x: (x.level1, x.level2))):
            start = 0
            for i in range(1, len(p.indicators) + 1):
                if i == len(p.indicators) or key(p.indicators[i]) != key(p.indicators[start]):
                    first, last = head + 1 + start, head + i
                    cell = ws[f"{col}{first}"].value
                    assert cell == (p.indicators[start].level1 if col == "B" else p.indicators[start].level2)
                    assert (f"{col}{first}:{col}{last}" in merged) == (last > first), (p.id, col, first, last)
                    start = i


def test_p01_grid_as_on_paper(book):
    """The seed's project 1: 产出指标 spans three rows, its 数量指标 two; the cost table is off by 75,000."""
    loaded, wb, values, _ = book
    ws = _sheet_of(wb, "p01")
    merged = {str(m) for m in ws.merged_cells.ranges}
    head = _find(ws, "一级指标", col=2)
    assert ws.cell(head + 3, 2).value == "产出指标"
    assert f"B{head + 3}:B{head + 5}" in merged and f"C{head + 3}:C{head + 4}" in merged
    total = _find(_sheet_of(values, "p01"), "预算明细合计（元）")
    assert _sheet_of(values, "p01").cell(total, 6).value == 37_855_000


def test_cover_paragraph_list_and_totals(book):
    loaded, wb, values, _ = book
    ws, vs = wb[COVER], values[COVER]
    assert ws["A1"].value == "上海市松江区人民政府办公室（本级）2024 年 财政支出项目绩效目标申报表 绩效目标设置情况"
    assert ws["A3"].value == ("按照本市预算绩效管理工作的总体要求，本单位 1 个预算单位开展了 2024 年项目预算绩效目标编报工作，"
                              "编报绩效目标的项目 10 个，涉及项目预算资金 4941.00 万元。")
    head = _find(ws, "序号")
    rows = [[vs.cell(head + i, c).value for c in range(1, 8)] for i in range(1, 11)]
    errors = {"p01": 1, "p07": 1, "p09": 1}  # the seed's three contradictions, as `jixiao check` finds them
    assert rows == [[i, p.id, p.header.name, float(p.funding.annual), float(p.funding.total), errors.get(p.id, 0), 0]
                    for i, p in enumerate(loaded.models, start=1)]
    assert ws.cell(head + 1, 2).hyperlink.location == "'p01 东西部扶贫帮困'!A1"
    total = head + 11
    assert [ws.cell(total, c).value for c in (1, 4, 6)] == ["合计", f"=SUM(D{head + 1}:D{head + 10})",
                                                          f"=SUM(F{head + 1}:F{head + 10})"]
    assert [vs.cell(total, c).value for c in (4, 5, 6, 7)] == [49_410_000, 49_410_000, 3, 0]
    assert vs.cell(total + 1, 4).value == 49_410_000  # the unit's declared total
    assert ws.cell(total + 2, 4).value == f"=D{total}-D{total + 1}" and vs.cell(total + 2, 4).value == 0


@pytest.mark.parametrize("what,name", zip(TABLES, WORKING))
def test_working_sheets_are_the_csv_tables(book, what, name):
    loaded, wb, values, _ = book
    table = TABLES[what](loaded.models)
    ws, vs = wb[name], values[name]
    assert [c.value for c in ws[1]] == [c.title for c in table.columns]
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref.startswith("A1:")
    for r, row in enumerate(table.rows, start=2):
        for c, (column, value) in enumerate(zip(table.columns, row), start=1):
            cell = vs.cell(r, c)
            if isinstance(value, Decimal):
                assert cell.value == _num(value), (r, column.title)
                assert cell.data_type == "n"
                if column.kind == "money":
                    assert cell.number_format == MONEY
            else:
                assert cell.value == (value or None), (r, column.title)
    total_row = len(table.rows) + 2
    money = [i for i, c in enumerate(table.columns, start=1) if c.kind == "money"]
    if what == "indicators":
        assert ws.max_row == len(table.rows) + 1
        return
    assert ws.cell(total_row, 1).value == "合计"
    for c in money:
        expected = sum((row[c - 1] for row in table.rows if row[c - 1] is not None), Decimal(0))
        assert str(ws.cell(total_row, c).value).startswith("=SUM(")
        assert vs.cell(total_row, c).value == _num(expected)


def test_project_cost_total_is_a_live_sumif_over_the_cost_lines(book):
    loaded, wb, values, _ = book
    col = [c.value for c in wb["项目"][1]].index("预算明细合计") + 1
    for r, p in enumerate(loaded.models, start=2):
        assert wb["项目"].cell(r, col).value.startswith("=SUMIF('预算明细'!$A$2:$A$")
        assert values["项目"].cell(r, col).value == _num(p.budget.yuan)


def test_print_setup_font_and_row_heights(book):
    loaded, wb, _, _ = book
    for name in wb.sheetnames[:-3]:
        ws = wb[name]
        assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
        # One page wide (fitToWidth's default, 1, is left out of the file), as many tall as it takes.
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
        assert ws.page_setup.fitToHeight == 0 and ws.print_title_rows == "$1:$1"
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        assert all(d.height is None or d.height <= MAX_ROW_HEIGHT for d in ws.row_dimensions.values())
        assert ws["A1"].font.name == "宋体" and ws["A1"].font.charset == 134
    ws = _sheet_of(wb, "p01")
    assert ws.row_breaks.brk[0].id == _find(ws, "财政项目支出绩效目标申报表") - 1  # the 申报表 starts a page
    # A cost line whose name wraps is taller than one that fits on a line.
    long = _find(ws, "党政团出访西藏慰问费（援藏干部、驻藏干部及医生教师）")
    short = _find(ws, "援藏干部工作经费")
    assert ws.row_dimensions[long].height > ws.row_dimensions[short].height >= 16


# -- attacks -----------------------------------------------------------------------------

HOSTILE = '=HYPERLINK("http://x","y")'


def _hostile_store(example_copy: Path) -> Path:
    p = example_copy / "projects" / "p02.toml"
    text = p.read_text(encoding="utf-8")
    text = text.replace('name = "法律顾问费"', 'name = ' + '"=HYPERLINK(\\"http://x\\",\\"y\\")"', 1)
    text = text.replace('item = "法律顾问费"', 'item = "@SUM(1)"', 1)
    text = text.replace("[[indicators]]", '[[indicators]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\n'
                        'name = "+cmd|\' /C calc\'!A0"\ntarget = "-2+3"\n\n[[indicators]]', 1)
    p.write_text(text, encoding="utf-8")
    p3 = example_copy / "projects" / "p03.toml"
    p3.write_text(p3.read_text(encoding="utf-8").replace('name = "合作与交流"', 'name = "它\'s 合作"', 1), encoding="utf-8")
    unit = example_copy / "unit.toml"
    unit.write_text(unit.read_text(encoding="utf-8").replace(
        'name = "上海市松江区人民政府办公室（本级）"', 'name = "=1+1 _x0041_ \\u0007单位"', 1), encoding="utf-8")
    return example_copy


def test_user_text_never_becomes_a_formula(tmp_path, example_copy):
    store = _hostile_store(example_copy)
    out = _export(store, tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(out)
    ours = re.compile(r"=(SUM\(|SUMIF\(|[A-Z]+\d+([-+][A-Z]+\d+)*$)")  # totals, sums of 小计, the difference
    found = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert ours.match(str(cell.value)), (ws.title, cell.coordinate, cell.value)
                elif isinstance(cell.value, str) and cell.value[:1] in "=@+-":
                    found.add(cell.value)
    assert {HOSTILE, "@SUM(1)", "-2+3"} <= found and any(v.startswith("+cmd|") for v in found)
    assert any(ws.title.startswith("p02 =HYPERLINK(") for ws in wb.worksheets)  # 31 chars, no forbidden ones
    cover = wb[COVER]
    link = cover.cell(_find(cover, "p03", col=2), 2).hyperlink.location
    assert link == "'p03 它''s 合作'!A1" and "p03 它's 合作" in wb.sheetnames  # a quote in a name, doubled in a link
    assert wb[COVER]["A1"].value.startswith("=1+1 _x0041_ 单位")  # escapes read back as written; BEL gone
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        assert not any("externalLink" in n or "vbaProject" in n for n in names)
        rels = "".join(z.read(n).decode() for n in names if n.endswith(".rels"))
        assert 'TargetMode="External"' not in rels  # the cover's links point inside the workbook


def test_a_project_that_does_not_load_is_listed_not_exported(tmp_path, example_copy):
    (example_copy / "projects" / "p05.toml").write_text("name = [broken", encoding="utf-8")
    wb = openpyxl.load_workbook(_export(example_copy, tmp_path / "x.xlsx"))
    assert not any(name.startswith("p05") for name in wb.sheetnames)
    ws = wb[COVER]
    r = _find(ws, "p05", col=2)
    assert "文件有格式错误" in ws.cell(r, 3).value and ws.cell(r, 6).value == 1
    assert len(wb["项目"]["A"]) == 1 + 9 + 1  # header, nine projects, 合计


def test_a_long_paragraph_is_spread_over_rows_and_kept_whole(tmp_path, example_copy):
    p = example_copy / "projects" / "p02.toml"
    long = "很长的说明，" * 900 + "结束。"
    text = p.read_text(encoding="utf-8")
    p.write_text(re.sub(r'(?s)\[narrative\]\n.*?overview = """.*?"""',
                        lambda m_: m_.group(0).split("overview")[0] + f'overview = """{long}"""', text, count=1),
                 encoding="utf-8")
    ws = _sheet_of(openpyxl.load_workbook(_export(example_copy, tmp_path / "x.xlsx")), "p02")
    r = _find(ws, "一、项目概述") + 1
    end = _find(ws, "二、立项依据")
    assert end - r > 1 and "".join(ws.cell(i, 1).value for i in range(r, end)) == long
    assert all(ws.row_dimensions[i].height <= MAX_ROW_HEIGHT for i in range(r, end))


def test_sheet_names_are_cut_cleaned_and_unique():
    taken = {"绩效目标设置情况"}
    a = sheet_name("p01", "名称[甲]:乙*丙?丁/戊\\己" + "很" * 40, taken)
    b = sheet_name("p01", "名称[甲]:乙*丙?丁/戊\\己" + "很" * 40, taken)
    assert not set("[]:*?/\\") & set(a + b) and a != b
    assert len(a.encode("utf-16-le")) // 2 <= 31 and len(b.encode("utf-16-le")) // 2 <= 31
    assert sheet_name("x" * 40, "", set()) == "x" * 31
    ids = {sheet_name("q" * 40 + str(i), "", taken) for i in range(12)}
    assert len(ids) == 12  # ids that share their first 31 characters still get sheets of their own
    assert sheet_name("p02", "'引号'", set()) == "p02 '引号"  # no apostrophe at the end


@pytest.mark.parametrize("unit,year,pid,expected", [
    ("上海市松江区人民政府办公室（本级）", 2024, None, "上海市松江区人民政府办公室（本级）-2024.xlsx"),
    ("../../etc/passwd", 2024, None, "etc passwd-2024.xlsx"),
    ("a\\b\x00c\nd:e", 2025, "p03", "a b c d e-2025-p03.xlsx"),
    ("...", 2024, None, "jixiao-2024.xlsx"),
    ("", None, None, "jixiao.xlsx"),
    ("甲" * 300, 2024, None, "甲" * 80 + "-2024.xlsx"),
])
def test_default_file_name_is_a_name_never_a_path(unit, year, pid, expected):
    assert file_name(unit, year, pid) == expected


def test_default_name_in_the_current_folder_and_one_project(tmp_path, example_copy):
    run = jixiao("export", "xlsx", str(example_copy), "--project", "p03", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode()
    out = tmp_path / "上海市松江区人民政府办公室（本级）-2024-p03.xlsx"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [COVER, "p03 合作与交流", *WORKING]
    lines = Store.open(example_copy).load_project("p03").project.budget.line_count
    assert [c.value for c in wb["预算明细"]["A"]] == ["项目编号", *["p03"] * lines, "合计"]
    assert wb[COVER].max_row == _find(wb[COVER], "合计")  # one project: no unit total to set it against


def test_stdout_is_refused_for_a_binary_workbook(tmp_path, example_copy):
    run = jixiao("export", "xlsx", str(example_copy), "-o", "-", cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == b""
    err = run.stderr.decode()
    assert "二进制文件，不能输出到屏幕" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == [tmp_path / "songjiang-2024"]


def test_unknown_project_and_missing_folder_change_nothing(tmp_path, example_copy):
    target = tmp_path / "keep.xlsx"
    target.write_bytes(b"precious")
    for args in (["--project", "p99", "-o", str(target)], ["-o", str(tmp_path / "no" / "x.xlsx")]):
        run = jixiao("export", "xlsx", str(example_copy), *args, cwd=tmp_path)
        assert run.returncode == 2 and "Traceback" not in run.stderr.decode()
    assert target.read_bytes() == b"precious" and not (tmp_path / "no").exists()


def test_without_xlsxwriter_one_clear_line(tmp_path, example_copy):
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = "import sys; sys.modules['xlsxwriter'] = None\nfrom jixiao.cli import main\nsys.exit(main(sys.argv[1:]))"
    run = subprocess.run([sys.executable, "-c", script, "export", "xlsx", str(example_copy), "-o",
                          str(tmp_path / "x.xlsx")], cwd=ROOT, capture_output=True, env={"PYTHONPATH": str(ROOT)})
    assert run.returncode == 2 and not (tmp_path / "x.xlsx").exists()
    assert run.stderr.decode().strip() == "jixiao: 导出 Excel 需要 xlsxwriter：python3 -m pip install xlsxwriter"


# -- the app's palette -----------------------------------------------------------------

async def _palette(pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    for ch in words:
        await pilot.press(ch)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _said(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_palette_exports_the_whole_store_and_says_where(example_copy):
    from store.workspace import Workspace
    from tui.app import JixiaoApp

    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await _palette(pilot, "导出整个申报")
        out = example_copy / "上海市松江区人民政府办公室（本级）-2024.xlsx"
        assert f"已导出到 {out}" in _said(app)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == COVER and len(wb.sheetnames) == 1 + 10 + 3


async def test_palette_exports_the_open_project_as_the_screen_shows_it(example_copy):
    from store.workspace import Workspace
    from tui.app import JixiaoApp
    from tui.screens.project_screen import ProjectScreen

    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "enter")  # p03
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProjectScreen)
        screen.session.set_field(("header", "name"), "合作与交流（改）")  # an edit not saved yet
        await _palette(pilot, "导出本项目")
        out = example_copy / "上海市松江区人民政府办公室（本级）-2024-p03.xlsx"
        assert f"已导出到 {out}" in _said(app)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [COVER, "p03 合作与交流（改）", *WORKING]
    assert _saved_name(example_copy) == "合作与交流"  # exporting saved nothing


async def test_palette_on_the_unit_screen_offers_no_project_export(example_copy):
    from store.workspace import Workspace
    from tui.app import JixiaoApp
    from tui.commands import EXPORT_PROJECT, EXPORT_STORE

    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert EXPORT_STORE in titles and EXPORT_PROJECT not in titles


def _saved_name(root: Path) -> str:
    return Store.open(root).load_project("p03").project.header.name


def test_a_new_empty_store_exports_under_the_fallback_name(tmp_path):
    assert jixiao("new", str(tmp_path / "empty"), "--year", "2025").returncode == 0
    run = jixiao("export", "xlsx", str(tmp_path / "empty"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode()
    wb = openpyxl.load_workbook(tmp_path / "jixiao-2025.xlsx")  # no unit name yet
    assert wb.sheetnames == [COVER, *WORKING]
    ws = wb[COVER]
    assert ws.cell(_find(ws, "合计"), 4).value == "=0"
    assert any("未填单位名称" in (c.value or "") for c in ws["A"])  # the unit's findings, on the cover


def test_a_workbook_is_never_written_to_a_terminal(example_copy):
    """`-o` naming a terminal: the zip bytes would garble the screen, so it is refused like `-o -`."""
    master, slave = os.openpty()
    try:
        name = os.ttyname(slave)
        run = jixiao("export", "xlsx", str(example_copy), "-o", name)
        os.set_blocking(master, False)
        try:
            shown = os.read(master, 65536)
        except (BlockingIOError, OSError):
            shown = b""
    finally:
        os.close(master), os.close(slave)
    assert run.returncode == 2
    assert run.stderr.decode().strip() == "jixiao: Excel 工作簿是二进制文件，不能输出到终端：请用 -o 文件名.xlsx；未作改动"
    assert shown == b""


def _parts_of(path: Path) -> dict[str, bytes]:
    """The workbook's files, but its creation time (docProps/core.xml)."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_many_projects_read_on_several_processes_give_the_same_workbook(tmp_path):
    """60 projects, a finding on every cost line: the workbook made with two worker processes is,
    file for file inside the zip, the one a single process makes; the cover counts what `check` counts."""
    from bench.generate import generate

    store = generate(tmp_path / "many", 60, lines=30, wrong=True)
    one = _export(store, tmp_path / "one.xlsx", "--jobs", "1")
    two = _export(store, tmp_path / "two.xlsx", "--jobs", "2")
    assert _parts_of(one) == _parts_of(two)
    check = jixiao("check", str(store), "--no-cache").stdout.decode().strip().splitlines()[-1]
    errors, warnings = map(int, re.fullmatch(r"核对 60 个项目：(\d+) 个错误，(\d+) 个警告", check).groups())
    cover = openpyxl.load_workbook(two, data_only=True)[COVER]
    total = _find(cover, "合计")
    assert (cover.cell(total, 6).value, cover.cell(total, 7).value) == (errors, warnings)
    assert warnings + errors >= 60 * 30
    assert openpyxl.load_workbook(two).sheetnames[1:61] == [
        f"{p.id} {p.header.name}" for p in Store.open(store).load().models]
