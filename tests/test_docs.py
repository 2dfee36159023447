"""The documentation shows what the program really does."""

from __future__ import annotations

import re

from tests.conftest import EXAMPLE, ROOT


def test_store_format_example_is_the_real_file():
    doc = (ROOT / "docs" / "store-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", doc, re.S)
    assert (EXAMPLE / "projects" / "p03.toml").read_text(encoding="utf-8") in blocks


def test_readme_check_sample_is_the_real_output(example_cwd):
    """Run as the README shows it, from a folder holding a copy at examples/songjiang-2024."""
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = re.search(r"\$ jixiao check examples/songjiang-2024\n(.*?)```", readme, re.S).group(1)
    run = subprocess.run([sys.executable, "-m", "jixiao", "check", "examples/songjiang-2024"], cwd=example_cwd,
                         capture_output=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.stdout.decode("utf-8") == sample


def test_readme_lists_every_binding_of_the_screens():
    from tui.screens.project_screen import ProjectScreen
    from tui.screens.unit_screen import UnitScreen
    from tui.widgets.cost_table import CostTableEditor
    from tui.widgets.indicator_table import IndicatorEditor

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = {"up": "↑", "down": "↓", "escape": "Esc", "enter": "Enter", "delete": "Delete"}

    def shown(key: str) -> str:
        return "+".join(names.get(part, part.capitalize() if len(part) > 1 else part.upper())
                        for part in key.split("+"))

    for widget in (UnitScreen, ProjectScreen, CostTableEditor, IndicatorEditor):
        for binding in widget.BINDINGS:
            if binding.show:
                for key in binding.key.split(","):
                    assert shown(key) in readme, (widget.__name__, key, shown(key))
