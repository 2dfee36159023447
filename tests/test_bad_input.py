"""Bad input is refused cleanly: a message naming file, line and field; no crash; disk untouched.

Each case writes one bad thing into project 2 of a copy of the example store,
then runs ``jixiao check`` in-process and tries a save through the store.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.cli import main
from store.toml_store import Store

P2 = "projects/p02.toml"
GOOD_NAME = 'name = "法律顾问费"'

CASES = {
    # id: (how to break p02.toml, expected rule, expected text in the message, line or None)
    "malformed": (lambda t: t.replace("[header]", "[header", 1), "load-syntax", "TOML 格式错误", 4),
    "wrong type": (lambda t: t.replace(GOOD_NAME, "name = 12", 1), "field-invalid", "应为文本", 5),
    "table not a table": (lambda t: t.replace("[funding]", "funding_ = 1\n[funding_x]", 1),
                          "field-unknown", "未知的键", None),
    "missing keys": (lambda t: t.replace('annual = "40000.00"', "", 1), "funding-required",
                     "未填年度资金申请总额", None),
    "unknown key": (lambda t: t.replace("[header]", "[header]\nowner = \"王\"", 1), "field-unknown",
                    "owner", 5),
    "empty file": (lambda t: "", "header-required", "未填项目名称", None),
    "binary garbage": (lambda t: "\x00\x01\x02\xff", "load-encoding", "不是 UTF-8", 1),
    "control bytes": (lambda t: "\x00\x01\x02", "load-syntax", "TOML 格式错误", 1),
    "huge number": (lambda t: t.replace('total = "40000.00"', 'total = "1' + "0" * 30 + '"', 1),
                    "field-invalid", "过大", 15),
    "negative amount": (lambda t: t.replace('total_other = "0.00"', 'total_other = "-5"', 1),
                        "amount-negative", "不能为负数", 17),
    "nan": (lambda t: t.replace('total = "40000.00"', "total = nan", 1), "field-invalid", "nan", 15),
    "inf string": (lambda t: t.replace('total = "40000.00"', 'total = "inf"', 1), "field-invalid",
                   "不是金额", 15),
    "impossible date": (lambda t: t.replace('start = "2024-01-01"', 'start = "2024-02-30"', 1),
                        "field-invalid", "2024年2月没有30日", 10),
    "escape sequence": (lambda t: t.replace(GOOD_NAME, 'name = "法律\\u001b[2J顾问费"', 1),
                        "text-control", "U+001B", 5),
    "markup": (lambda t: t.replace(GOOD_NAME, 'name = "[bold]测试[/]"', 1), None, None, None),
    "very long text": (lambda t: t.replace(GOOD_NAME, f'name = "{"长" * 200_000}"', 1), None, None, None),
}


def _break(root: Path, how) -> Path:
    path = root / P2
    text = path.read_text(encoding="utf-8")
    data = how(text)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8", "surrogateescape") if "\xff" not in data
                         else data.encode("latin-1"))
    return path


def _files(root: Path) -> dict[Path, bytes]:
    """The store's own files (not .jixiao/, the app's derived cache)."""
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and ".jixiao" not in p.parts}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gets_a_clear_message_and_changes_nothing(example_copy, capsys, case):
    how, rule, words, line = CASES[case]
    path = _break(example_copy, how)
    before = _files(example_copy)

    status = main(["check", str(example_copy)])
    out, err = capsys.readouterr()
    assert status in (0, 1) and err == "" and "Traceback" not in out
    mine = [row for row in out.splitlines() if row.startswith(str(path))]
    if rule is None:
        assert not [row for row in mine if "error[" in row]
    else:
        hit = [row for row in mine if f"[{rule}]" in row]
        assert hit, out
        assert words in hit[0]
        if line is not None:
            assert hit[0].startswith(f"{path}:{line}: ")
    # The other nine projects are still checked.
    assert "p07.toml" in out and "核对 10 个项目" in out

    # Saving what could be loaded never destroys what could not.
    store = Store.open(example_copy)
    loaded = store.load_project("p02")
    if loaded.project is not None:
        store.save_project(loaded.project, expected=loaded.text)
    assert _files(example_copy) == before


def test_not_utf8_is_named_with_its_line(example_copy, capsys):
    path = example_copy / P2
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    assert main(["check", str(example_copy)]) == 1
    out = capsys.readouterr().out
    assert re.search(rf"{re.escape(str(path))}:\d+: error\[load-encoding\] 文件不是 UTF-8 编码", out)


@pytest.mark.parametrize("pid", ["../../x", "a/b", "..", "x y"])
def test_a_project_id_like_a_path_is_refused(example_copy, capsys, pid):
    assert main(["check", str(example_copy), "--project", pid]) == 2
    assert main(["export", "text", str(example_copy), "--what", "form", "--project", pid]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "没有编号为" in err


def test_files_that_are_not_project_ids_are_ignored(example_copy, capsys):
    (example_copy / "projects" / "我的备份.toml").write_text("[header\n", encoding="utf-8")
    (example_copy / "projects" / ".p01.toml.abc.tmp").write_text("x", encoding="utf-8")
    assert main(["check", str(example_copy)]) == 1
    assert "核对 10 个项目" in capsys.readouterr().out
