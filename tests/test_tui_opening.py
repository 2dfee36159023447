"""Opening a project at 80×24: the first paint is the form as it will be, and works at once.

Only the first field is built when a project opens; what follows it is drawn by a
preview until the rest is built (tui/screens/project_form.py).  These tests hold the
rest back, to see the screen as the first paint shows it.
"""

from __future__ import annotations

from pathlib import Path

from store.toml_store import Store
from store.workspace import Workspace
from tui.app import JixiaoApp
from tui.screens.project_screen import ProjectScreen
from tui.widgets.form_field import FieldsPreview, LineArea
from tui.widgets.key_bar import KeyBar


def screen_lines(app) -> list[str]:
    """The screen as the terminal shows it, one string per line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def _without_scrollbar(lines: list[str]) -> list[str]:
    """The lines without the form's scroll bar (there once the sections below the fold are)."""
    return [line.rstrip(" ▁▂▃▄▅▆▇█▔") for line in lines]


async def _open_unbuilt(pilot) -> ProjectScreen:
    """p03 (合作与交流) opened, the fields below its first one not built yet."""
    await pilot.pause()
    await pilot.press("down", "down", "enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProjectScreen) and not screen.built and screen.query(FieldsPreview)
    return screen


def _hold_back(monkeypatch) -> None:
    async def later(self) -> None:
        pass

    monkeypatch.setattr(ProjectScreen, "_build_later", later)


async def test_the_first_paint_shows_the_form_as_it_is_built(example_copy: Path, monkeypatch):
    _hold_back(monkeypatch)
    bars = []  # the project screen's key bar as each paint draws it
    render = KeyBar.render

    def drawn(self):
        text = render(self)
        if isinstance(self.screen, ProjectScreen):
            bars.append(text.plain)
        return text

    monkeypatch.setattr(KeyBar, "render", drawn)
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_unbuilt(pilot)
        first = screen_lines(app)
        assert any("■ 项目资金（元）  F3" in line for line in first)
        assert any("项目资金总额" in line for line in first)
        assert "^S 保存" in bars[0] and "F1 帮助" in bars[0] and "F9 核对结果" in bars[0]  # the screen's keys
        await screen.build_rest()
        await pilot.pause()
        assert screen.built and not screen.query(FieldsPreview)
        assert _without_scrollbar(screen_lines(app)) == _without_scrollbar(first)  # (the rest is below)


async def test_keys_work_in_the_first_field_before_the_rest_is_built(example_copy: Path, monkeypatch):
    _hold_back(monkeypatch)
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_unbuilt(pilot)
        assert isinstance(screen.focused, LineArea)
        await pilot.press("x", "y", "backspace", "z", "ctrl+s")
        await pilot.pause()
        assert not screen.built
        assert Store.open(example_copy).load_project("p03").project.header.name == "合作与交流xz"
