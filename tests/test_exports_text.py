"""A text table laid out in parts (exports/text_table.py) is, byte for byte, what one tabulate call gives.

`export text` of a big store measures its rows in several processes and lays them
out once the widest cell of each column is known; the reference is tabulate over
every row at once (``exports.writers.tabulate_cells``), as the export was before.
The cells below are the ones whose display width is not one per character:
Chinese (two), combining marks and joiners (less, or not additive with the padding
beside them), full-width spaces at the ends (stripped), and cells that tabulate
lays out in its own modes (escape sequences, line breaks), which go to it whole.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from exports.tables import TABLES, Column
from exports.text_table import measure, render
from exports.writers import tabulate_cells, text_cells
from store.toml_store import Store

ROOT = Path(__file__).resolve().parent.parent

COLUMNS = [Column("项目编号"), Column("名称"), Column("序号", "number"), Column("金额", "money"),
           Column("空列"), Column("备注")]

ROWS = [
    ["p1", "合作与交流", "1", "300,000.00", "", "餐费（市外）"],
    ["p2", "\u3000前后全角空格\u3000", "2", "1.00", "", "  two spaces  "],
    ["p3", "e\u0301t\u0301e\u0301", "3", "12.50", "", "组合附加符"],  # width less than length
    ["p4", "末尾连接符中\u200d", "10", "-7.00", "", "True"],  # the joiner swallows the next space
    ["p5", "伞☂\ufe0f", "11", "", "", "False"],  # VS16: a narrow character drawn wide
    ["p6", "松江区街镇村居网络租赁(运维)长长的名字", "", "37,780,000.00", "", ""],
    ["p7", "ab", "7", "0.00", "", "a\u200d"],
    ["p8", "\u200b", "8", "5.00", "", "零宽空格"],
]


def _parts(cells: list[list[str]], size: int) -> list:
    return [measure(COLUMNS, cells[i:i + size]) for i in range(0, len(cells), size)]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8])
def test_rows_measured_in_parts_give_tabulates_table(size):
    assert render(COLUMNS, _parts(ROWS, size)) == tabulate_cells(COLUMNS, ROWS)


@pytest.mark.parametrize("rows", [
    [["p4", "末尾连接符中\u200d", "1", "1.00", "", "x"]],  # every row has an odd cell
    [["p4", "末尾连接符中\u200d", "1", "1.00", "", "x"], ["p3", "e\u0301", "2", "2.00", "", "y"]],
    [["p1", "a", "1", "1.00", "", "中文"], ["p2", "a\u200d", "2", "2.00", "", "b"]],
    # A spacing mark first in a right-aligned cell: the padding before it makes it one wider than measured.
    [["p1", "a", "\u0903中中", "1.00", "", "x"], ["p2", "b", "123456789", "2.00", "", "y"]],
    [["", "", "", "", "", ""]],
], ids=["joiner-only", "all-odd", "odd-not-widest", "mark-after-padding", "all-empty"])
def test_odd_rows_and_empty_cells_give_tabulates_table(rows):
    for size in (1, len(rows)):
        assert render(COLUMNS, _parts(rows, size)) == tabulate_cells(COLUMNS, rows)


def test_cells_tabulate_lays_out_in_its_own_modes_go_to_it_whole():
    """Escapes and line breaks never reach a store's export (text_cells cleans them); if they did, same bytes."""
    odd = [["p9", "\x1b[31m红\x1b[0m", "9", "9.00", "", "两\n行"]]
    assert render(COLUMNS, _parts(ROWS + odd, 3)) == tabulate_cells(COLUMNS, ROWS + odd)
    assert render(COLUMNS, _parts(odd + ROWS, 4)) == tabulate_cells(COLUMNS, odd + ROWS)


def test_parts_without_rows_add_no_lines():
    """A part of the store whose projects have no cost lines, say, or whose files do not parse."""
    empty = measure(COLUMNS, [])
    parts = [empty, measure(COLUMNS, ROWS[:3]), empty, empty, measure(COLUMNS, ROWS[3:]), empty]
    assert render(COLUMNS, parts) == tabulate_cells(COLUMNS, ROWS)


def test_a_table_without_rows_is_its_header():
    expected = tabulate_cells(COLUMNS, [])
    assert render(COLUMNS, []) == expected
    assert render(COLUMNS, [measure(COLUMNS, [])]) == expected
    assert expected.startswith("项目编号")


# ----------------------------------------------------- a whole store, by the command


ODD_TEXT = {  # TOML escapes, written into a generated store's files
    "p00002.toml": ("name = ", "\\u3000全角空格开头的项目名称\\u3000"),
    "p00005.toml": ("item = ", "末尾连接符a\\u200d"),
    "p00040.toml": ("item = ", "e\\u0301组合附加符"),
    "p00041.toml": ("name = ", "一个非常非常长的项目名称，在第二块里，比第一块的都宽，伞☂\\ufe0f"),
    "p00059.toml": ("level1 = ", "产出指标a\\u200d"),
}


@pytest.fixture(scope="module")
def wide_store(tmp_path_factory) -> Path:
    """Sixty generated projects (two parts of 32 for the workers) with the odd cells above."""
    from bench.generate import generate

    store = generate(tmp_path_factory.mktemp("wide") / "store", 60)
    for name, (key, text) in ODD_TEXT.items():
        path = store / "projects" / name
        source = path.read_text(encoding="utf-8")
        changed = re.sub(f'^{key}"[^"\\n]*"', lambda _: f'{key}"{text}"', source, count=1, flags=re.M)
        assert changed != source, name
        path.write_text(changed, encoding="utf-8")
    return store


def _export(store: Path, what: str, jobs: str, out: Path) -> bytes:
    run = subprocess.run([sys.executable, "-m", "jixiao", "export", "text", "--jobs", jobs, str(store),
                          "--what", what, "-o", str(out)], cwd=ROOT, capture_output=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                              "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]})
    assert run.returncode == 0, run.stderr.decode()
    return out.read_bytes()


@pytest.mark.parametrize("what", ["projects", "costs", "indicators"])
def test_export_text_with_two_processes_is_the_one_process_bytes(wide_store, tmp_path, what):
    two = _export(wide_store, what, "2", tmp_path / "two.txt")
    one = _export(wide_store, what, "1", tmp_path / "one.txt")
    assert two == one
    table = TABLES[what](Store.open(wide_store).load().models)
    assert one == tabulate_cells(table.columns, text_cells(table)).encode("utf-8")
    lines = one.decode("utf-8").split("\n")
    assert len(lines) == len(table.rows) + 3  # header, rule, rows, and the final newline
