"""Keys as data: one table (tui/keymap.py) builds every BINDINGS in the app and the README's key tables."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import subprocess
import sys

import pytest

import tui
from tests.conftest import ROOT
from tui import keymap
from tui.keymap import KEYS, README, WHERE, bindings, key, keys_at


def test_the_keymap_is_read_without_textual():
    """A scripted command, a help screen or a palette may read the table without starting Textual."""
    code = "import sys, tui.keymap; print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.stdout.strip() == "[]", run.stderr


def test_every_key_has_one_id_a_place_and_chinese_words():
    assert len({k.id for k in KEYS}) == len(KEYS)
    for k in KEYS:
        assert k.where in WHERE, k.id
        assert k.id.count(".") == 1 and k.keys and k.about, k.id
        assert k.builtin or k.action, k.id
        assert not k.show or k.label, k.id


def test_no_two_keys_of_one_place_clash():
    for where in WHERE:
        names = [name for k in keys_at(where) for name in k.keys.split(",")]
        assert len(names) == len(set(names)), (where, names)


def _classes_with_bindings():
    """Every class in tui/ that declares its own BINDINGS."""
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and "BINDINGS" in cls.__dict__:
                yield cls


def test_every_bindings_list_in_the_app_is_built_from_the_table():
    found = {}
    for cls in _classes_with_bindings():
        ids = {binding.id for binding in cls.BINDINGS}
        assert None not in ids, cls.__name__
        places = {key(i).where for i in ids}
        assert len(places) == 1, (cls.__name__, places)
        where = places.pop()
        assert cls.BINDINGS == bindings(where), cls.__name__
        found[where] = cls.__name__
    built = {k.where for k in KEYS if not k.builtin}
    assert set(found) == built, found


def test_bindings_keep_the_key_bar_words_and_priorities():
    save = next(b for b in bindings("project") if b.id == "project.save")
    assert (save.key, save.action, save.description, save.show, save.priority) == ("ctrl+s", "save", "保存", True, True)
    delete = next(b for b in bindings("unit") if b.id == "unit.delete")
    assert delete.key == "delete,f8" and delete.description == "删除项目"
    assert all(b.id != "app.palette" for b in bindings("app"))  # Textual binds Ctrl+P itself
    with pytest.raises(KeyError):
        bindings("nowhere")


def test_the_section_jumps_are_the_keys_the_form_titles_show():
    from tui.screens.project_screen import SECTIONS

    jumps = [k for k in keys_at("project") if k.action.startswith("goto(")]
    assert [(k.action, k.keys, k.label) for k in jumps] == \
        [(f"goto('{sid}')", jump, title) for sid, title, jump in SECTIONS]


def test_every_key_the_key_bar_shows_is_in_the_readme_tables():
    documented = {i for table in README for row in table.rows for i in row.ids}
    told_in_the_text = {"app.help"}  # “F1 随时列出此处的全部按键”, in the paragraph above the tables
    shown = {k.id for k in KEYS if k.show and k.where not in ("dialog", "help")}  # shown where they work
    assert shown - told_in_the_text <= documented
    assert documented <= {k.id for k in KEYS}


def test_keys_are_written_as_people_write_them():
    assert [keymap.shown_key(n) for n in ("ctrl+up", "f5", "escape", "pageup", "delete", "shift+tab", "ctrl+n")] == \
        ["Ctrl+↑", "F5", "Esc", "PgUp", "Delete", "Shift+Tab", "Ctrl+N"]
    rows = {row.ids: row.cells() for table in README for row in table.rows}
    assert rows[("unit.delete",)] == ("Delete 或 F8", "删除项目（确认后移到 `.jixiao/trash/`，不会真正删掉）")
    assert rows[("project.undo", "project.redo")] == ("Ctrl+Z / Ctrl+Y", "撤销 / 重做")


def test_writing_the_readme_puts_back_a_table_edited_by_hand():
    tables = keymap.render_tables()
    readme = f"# x\n\n## 按键（全屏界面）\n\n{tables}\n## 命令\n"
    edited = readme.replace("| Ctrl+S | 保存", "| Ctrl+W | 保存")
    assert edited != readme and keymap.update_readme(edited) == readme
    with pytest.raises(ValueError):
        keymap.update_readme("# 没有按键表\n")


def test_the_module_prints_the_tables(capsys):
    assert keymap.main([]) == 0
    assert capsys.readouterr().out == keymap.render_tables()
    assert keymap.main(["--bogus"]) == 2


def test_the_key_bar_ranks_save_back_help_findings_first():
    """The key bar draws keys by rank and drops the highest first: these never give way to others."""
    ranks = {k.id: k.rank for k in KEYS}
    assert [ranks[i] for i in ("project.save", "project.close", "app.help", "project.findings")] == [0, 1, 2, 3]
    assert ranks["grid.commit"] == 0 and ranks["grid.cancel"] == 1 and ranks["dialog.cancel"] == 1
    assert all(rank >= 4 for i, rank in ranks.items()  # any other key gives way to them
               if i not in ("project.save", "project.close", "app.help", "project.findings", "grid.commit",
                            "grid.cancel", "grid.next", "table.leave", "unit_form.save", "unit_form.close",
                            "unit_form.findings", "dialog.cancel", "dialog.help", "list.select", "help.close"))


def test_the_key_bar_writes_keys_short_and_help_writes_them_whole():
    assert [keymap.bar_key(n) for n in ("ctrl+s", "escape", "f9", "enter", "ctrl+up", "shift+tab", "delete")] == \
        ["^S", "Esc", "F9", "⏎", "^↑", "⇧Tab", "Del"]
    rows = dict(keymap.help_rows("unit"))
    assert rows["Delete 或 F8"].startswith("删除项目")
    assert [keys for keys, _ in keymap.help_rows("table")] == ["方向键", "Enter 或直接打字", "Tab", "Shift+Tab", "Esc"]


def test_f1_works_everywhere_and_opens_our_help():
    assert key("app.help").action == "help" and key("app.help").keys == "f1"  # not Textual's English panel
    assert key("dialog.help").keys == "f1" and key("help.close").keys == "escape,f1"
