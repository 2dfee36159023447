"""The documentation shows what the program really does."""

from __future__ import annotations

import os
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
                         capture_output=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                                   "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]})
    assert run.stdout.decode("utf-8") == sample


def test_readme_key_tables_are_the_keymaps():
    """The tables under “按键（全屏界面）” are exactly what tui/keymap.py gives, key and words together.

    After changing a key: python3 -m tui.keymap --write README.md
    """
    from tui.keymap import render_tables

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 按键（全屏界面）\n", 1)[1].split("\n## ", 1)[0]
    tables = re.findall(r"^\*\*[^\n]*\n\n(?:\|[^\n]*\n)+", section, re.M)
    assert "\n".join(tables) == render_tables()
