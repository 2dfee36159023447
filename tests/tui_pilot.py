"""Pilot steps several app tests share."""

from __future__ import annotations

from tui.screens.project_screen import ProjectScreen


async def open_p03(pilot) -> ProjectScreen:
    """Project 3 of the example opened from the unit screen (Down Down Enter), its form built."""
    await pilot.pause()
    await pilot.press("down", "down", "enter")
    screen = pilot.app.screen
    assert isinstance(screen, ProjectScreen)
    while not screen.built:
        await pilot.pause()
    return screen
