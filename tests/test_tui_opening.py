"""Opening a project at 80×24: the first paint is the form as it will be, and keys typed at once count.

At the first paint the fields on screen are drawn by one preview until they are
built (tui/screens/project_form.py); keys typed meanwhile wait for them
(tui/screens/held_keys.py).  These tests hold the fields back, to see the screen as
the first paint shows it and what the keys do once the fields are there.
"""

from __future__ import annotations

from pathlib import Path

from textual import events

from store.toml_store import Store
from store.workspace import Workspace
from tui.app import JixiaoApp
from tui.screens.project_screen import ProjectScreen
from textual.widgets import Input

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
        first, cursor = screen_lines(app), app.cursor_position
        assert screen.focused is None and cursor == (32, 4)  # drawn after 合作与交流, as the field will have it
        assert any("■ 项目资金（元）  F3" in line for line in first)
        assert any("项目资金总额" in line for line in first)
        assert "^S 保存" in bars[0] and "F1 帮助" in bars[0] and "F9 核对结果" in bars[0]  # the screen's keys
        await screen.build_rest()
        await pilot.pause()
        for _ in range(20):  # a loaded machine may paint the built form a frame later
            if app.cursor_position == cursor:
                break
            await pilot.pause(0.05)
        assert screen.built and not screen.query(FieldsPreview)
        assert _without_scrollbar(screen_lines(app)) == _without_scrollbar(first)  # (the rest is below)
        assert isinstance(screen.focused, LineArea) and app.cursor_position == cursor


async def test_keys_typed_before_the_fields_are_built_land_in_them_in_order(example_copy: Path, monkeypatch):
    _hold_back(monkeypatch)
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_unbuilt(pilot)
        before = (example_copy / "projects" / "p03.toml").read_bytes()
        await pilot.press("x", "y", "backspace", "z", "tab", "q", "ctrl+s")
        await pilot.pause()
        assert not screen.built and (example_copy / "projects" / "p03.toml").read_bytes() == before  # nothing yet
        await screen.build_rest()
        await pilot.pause()
        assert screen.built and isinstance(screen.focused, Input)  # 项目性质, after the Tab
        saved = Store.open(example_copy).load_project("p03").project.header
        assert saved.name == "合作与交流xz" and saved.nature.endswith("q")  # Ctrl+S saved what was typed before it
        assert not screen.document.dirty


async def test_keys_sent_with_enter_go_to_the_project(example_copy: Path):
    """↓ ↓ Enter Tab x y in one write (a fast typist, a paste, tmux send-keys): the project the ↓ moved to
    opens, and the letters land in its second field, not in the list of projects behind it."""
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, character in (("down", None), ("down", None), ("enter", "\r"), ("tab", "\t"), ("x", "x"), ("y", "y")):
            app.post_message(events.Key(key, character))  # all queued before the first is handled
        screen = None
        for _ in range(50):
            await pilot.pause(0.05)
            screen = app.screen
            if isinstance(screen, ProjectScreen) and screen.built and screen.session.dirty:
                break
        assert isinstance(screen, ProjectScreen) and screen.pid == "p03"
        nature = Store.open(example_copy).load_project("p03").project.header.nature
        assert screen.session.project.header.nature == nature + "xy"
        assert screen.session.project.header.name == "合作与交流"


async def test_a_new_project_left_as_it_opens_asks_and_draws(example_copy: Path):
    """Ctrl+N, Esc and another key in one write (the soak test's key mash found it): the draft's screen
    is drawn under the question before its styles are looked up, and the app carries on."""
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, character in (("ctrl+n", None), ("escape", "\x1b"), ("ctrl+g", None)):
            app.post_message(events.Key(key, character))
        for _ in range(10):
            await pilot.pause(0.02)
        assert app._exception is None and app.is_running
        assert "新项目尚未保存" in "\n".join(screen_lines(app))
        await pilot.press("escape")  # 取消: back to the draft
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProjectScreen) and screen.built and not screen.query(FieldsPreview)
        assert not list((example_copy / "projects").glob("p11*"))  # a draft writes nothing


async def test_a_preview_painted_before_its_styles_are_looked_up_is_drawn(example_copy: Path):
    """What the compositor may do to a screen that closes as it opens (the race above): paint a preview
    whose styles were never applied.  It draws its lines plain, and styled once they are."""
    from rich.text import Text
    from textual.geometry import Size

    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        preview = FieldsPreview([Text("基本信息")])
        assert preview.get_content_height(Size(40, 20), Size(80, 24), 40) >= 1  # laid out: lines drawn plain
        assert any("基本信息" in strip.text for strip in preview._lines or preview._draw(40))
