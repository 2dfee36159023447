"""Keys in one write act in the order typed (tui/key_order.py).

Over SSH a burst of keys arrives in one read.  Ctrl+S and Ctrl+Q are keys the app runs as they
arrive, before the focused field has taken the letters typed just ahead of them; here each of
them first waits for those letters.  Every key below is queued before the first is handled.
"""

from __future__ import annotations

from pathlib import Path

from textual import events

from store.toml_store import Store
from store.workspace import Workspace
from tui.app import JixiaoApp
from tui.dialogs import ChoiceDialog
from tui.screens.project_screen import ProjectScreen
from tui.screens.unit_form_screen import UnitFormScreen


def _burst(app, keys: list[tuple[str, str | None]]) -> None:
    for key, character in keys:
        app.post_message(events.Key(key, character))


def _letters(text: str) -> list[tuple[str, str | None]]:
    return [(ch, ch) for ch in text]


async def _settle(pilot, until) -> None:
    for _ in range(60):
        await pilot.pause(0.05)
        if until():
            return


async def _open_p03(pilot) -> ProjectScreen:
    await pilot.pause()
    await pilot.press("down", "down", "enter")
    await _settle(pilot, lambda: isinstance(pilot.app.screen, ProjectScreen) and pilot.app.screen.built)
    screen = pilot.app.screen
    assert isinstance(screen, ProjectScreen) and screen.pid == "p03" and screen.built
    return screen


async def test_letters_then_ctrl_s_in_one_write_are_saved(example_copy: Path):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_p03(pilot)
        _burst(app, [("end", None), *_letters("甲乙丙丁戊"), ("ctrl+s", None)])
        await _settle(pilot, lambda: not screen.document.dirty and "戊" in screen.session.project.header.name)
        saved = Store.open(example_copy).load_project("p03").project.header.name
        assert saved == "合作与交流甲乙丙丁戊" and not screen.document.dirty


async def test_letters_then_ctrl_q_in_one_write_ask_first(example_copy: Path):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_p03(pilot)
        _burst(app, [("end", None), *_letters("xy"), ("ctrl+q", None)])
        await _settle(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert isinstance(app.screen, ChoiceDialog) and app.is_running  # the edit is asked about, not lost


async def test_unit_form_letters_then_ctrl_s_in_one_write_are_saved(example_copy: Path):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await _settle(pilot, lambda: isinstance(app.screen, UnitFormScreen))
        form = app.screen
        assert isinstance(form, UnitFormScreen)
        _burst(app, [("end", None), *_letters("办"), ("ctrl+s", None)])
        await _settle(pilot, lambda: not form.document.dirty and Store.open(example_copy).load_unit()[0].name.endswith("办"))
        assert Store.open(example_copy).load_unit()[0].name.endswith("（本级）办")
