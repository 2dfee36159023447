"""Focus moves typed in one write with the keys after them: each key acts where the focus is when its
turn comes, not where the focus was when it arrived.

Over SSH (or from an input method) ``Tab Tab x`` can arrive in one read.  Textual hands every key of
the read to the widget focused as it arrives, and runs Tab (the screen's binding) only once it has
travelled up from that field: ``x`` went into the field focused before the Tabs.  On the budget table
the cell editor's Enter committed through a message that came after the keys typed behind it, which
went into the still-open editor (the group was named 会议费场地费).  Every key below is queued
before the first is handled.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from textual import events

from store.model import Project
from store.toml_store import Store
from store.workspace import Workspace
from tests.test_tui_cost_table import CostApp, _row
from tests.test_tui_key_order import _open_p03, _settle
from tui.app import JixiaoApp
from tui.screens.unit_form_screen import UnitFormScreen
from tui.widgets.form_field import FormField, TextField

#: The keys named below; any other string is text typed.
NAMES = {"tab", "shift+tab", "enter", "ctrl+g", "ctrl+n", "ctrl+s", "end", "f2", "f3", "f4", "f5", "f6"}


def _burst(app, *keys: str) -> None:
    """Queue ``keys`` (key names, or text typed) all at once, as one read of the terminal brings them."""
    for key in keys:
        for name, character in [(key, "\t" if key == "tab" else None)] if key in NAMES else [(ch, ch) for ch in key]:
            app.post_message(events.Key(name, character))


def _fields(screen) -> list[FormField]:
    return list(screen.query(FormField))


def _text(field: FormField) -> str:
    return field.input.value


def _content(field) -> str:
    """A FormField's or a TextField's text."""
    return field.input.text if isinstance(field, TextField) else field.input.value


async def _project_form(pilot):
    screen = await _open_p03(pilot)
    fields = _fields(screen)
    assert screen.focused is fields[0].input
    return screen, fields


async def _unit_form(pilot):
    await pilot.pause()
    await pilot.press("f2")
    await _settle(pilot, lambda: isinstance(pilot.app.screen, UnitFormScreen) and pilot.app.screen.focused)
    screen = pilot.app.screen
    assert isinstance(screen, UnitFormScreen)
    fields = _fields(screen)
    assert screen.focused is fields[0].input
    return screen, fields


@pytest.mark.parametrize("form", ["project", "unit"])
@pytest.mark.parametrize(("keys", "typed", "into"), [
    (("tab", "tab", "end", "x"), "x", 2),  # Tab Tab x: x in the third field
    (("tab", "tab", "shift+tab", "end", "y"), "y", 1),  # Shift+Tab in the same write goes back first
])
async def test_a_focus_move_in_one_write_runs_before_the_keys_after_it(example_copy: Path, form, keys, typed, into):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, fields = await (_project_form(pilot) if form == "project" else _unit_form(pilot))
        before = [_text(f) for f in fields[:3]]
        _burst(app, *keys)
        await _settle(pilot, lambda: _text(fields[into]).endswith(typed))
        assert [_text(f) for f in fields[:3]] == [t + typed if i == into else t for i, t in enumerate(before)]
        assert screen.focused is fields[into].input


@pytest.mark.parametrize("form", ["project", "unit"])
async def test_enter_in_one_write_with_the_keys_after_it_sends_them_to_the_next_field(example_copy: Path, form):
    """Enter goes on to the next field as its key reaches the field (a text field and a field with
    suggestions: the first two of each form), as Tab does: ``a Enter b`` puts b in the next field."""
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, fields = await (_project_form(pilot) if form == "project" else _unit_form(pilot))
        before = [_text(f) for f in fields[:3]]
        _burst(app, "end", "a", "enter", "end", "b", "enter", "end", "c")
        await _settle(pilot, lambda: _text(fields[2]).endswith("c"))
        assert [_text(f) for f in fields[:3]] == [before[0] + "a", before[1] + "b", before[2] + "c"]
        assert screen.focused is fields[2].input


async def test_enter_on_a_money_field_in_one_write_keeps_its_amount_and_the_keys_after_it_go_on(example_copy: Path):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, fields = await _project_form(pilot)
        money = next(i for i, f in enumerate(fields) if f.spec.kind == "money")
        fields[money].input.value = ""
        fields[money].input.focus()
        await _settle(pilot, lambda: screen.focused is fields[money].input and not _text(fields[money]))
        after = _text(fields[money + 1])
        _burst(app, "12000", "enter", "end", "9")
        await _settle(pilot, lambda: _text(fields[money + 1]).endswith("9"))
        assert _text(fields[money]) == "12000" and _text(fields[money + 1]) == after + "9"
        assert str(fields[money].query_one(".message").render()) == "= 12,000.00 元"
        assert screen.focused is fields[money + 1].input
        assert screen.session.project.funding.total == Decimal(12000)


@pytest.mark.parametrize(("jump", "section"), [("f3", "funding"), ("f4", "narrative"), ("f6", "goals"), ("f2", "header")])
async def test_a_section_jump_in_one_write_runs_before_the_keys_after_it(example_copy: Path, jump, section):
    """F2–F6 move the focus as Tab does: the keys typed after the jump go to the section's first field."""
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, fields = await _project_form(pilot)
        nature = _text(fields[1])
        await screen.build_rest()
        first = next(f for f in screen.query("FormField, TextField") if f.spec.attr.startswith(section + "."))
        before = _content(first)
        _burst(app, "tab", "end", "a", jump, "end", "x")
        await _settle(pilot, lambda: "x" in _content(first))
        assert _content(first).replace("x", "", 1) == before and screen.focused is first.input
        assert _text(fields[1]) == nature + "a"


async def test_project_form_a_tab_b_types_each_in_its_field(example_copy: Path):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, fields = await _project_form(pilot)
        before = [_text(f) for f in fields[:2]]
        _burst(app, "end", "a", "tab", "end", "b")
        await _settle(pilot, lambda: _text(fields[1]).endswith("b"))
        assert [_text(f) for f in fields[:2]] == [before[0] + "a", before[1] + "b"]


async def test_group_name_enter_ctrl_n_line_in_one_write_make_a_group_and_a_line():
    app = CostApp(Project())
    async with app.run_test(size=(80, 24)) as pilot:
        _burst(app, "ctrl+g", "会议费", "enter", "ctrl+n", "场地费", "enter")
        groups = app.session.project.budget.groups
        await _settle(pilot, lambda: groups and groups[0].lines and groups[0].lines[0].item == "场地费")
        groups = app.session.project.budget.groups
        assert [g.name for g in groups] == ["会议费"]
        assert [line.item for line in groups[0].lines] == ["场地费"]
        assert _row(app, 0)[0] == "会议费" and _row(app, 1)[0] == "场地费"


async def test_tab_letters_then_ctrl_s_in_one_write_save_the_letters_in_the_field_tab_went_to(example_copy: Path):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, fields = await _project_form(pilot)
        _burst(app, "tab", "end", "甲乙", "ctrl+s")
        await _settle(pilot, lambda: not screen.document.dirty and screen.session.project.header.nature.endswith("乙"))
        saved = Store.open(example_copy).load_project("p03").project.header
        assert (saved.name, saved.nature) == ("合作与交流", "其他经常性项目甲乙") and not screen.document.dirty
