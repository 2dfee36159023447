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


def _setup_commands() -> list[str]:
    """The two commands under “开始使用”: open the example, run the tests."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 开始使用\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n([^\n]*)\n```", section)


def test_ci_runs_the_readme_test_command_as_written():
    app, tests = _setup_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip("\n").splitlines()
    assert ci[-1] == tests


def test_setup_commands_install_into_their_own_venv_not_the_system_python():
    """PEP 668 (Debian 12, Ubuntu 24.04): the system python3 refuses ``pip install``; both
    commands go through tools/dev.py, which makes and uses .venv, the same on every OS."""
    commands = _setup_commands()
    assert commands == ["python3 tools/dev.py app examples/songjiang-2024", "python3 tools/dev.py test"]
    assert not any("pip install" in c for c in commands)


def test_dev_py_names_the_os_package_when_no_venv_can_be_made(tmp_path, monkeypatch, capsys):
    """Debian's python3 without python3-venv: one line saying what to install; no half-made .venv."""
    import subprocess
    import sys

    import pytest

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import dev
    finally:
        sys.path.remove(str(ROOT / "tools"))
    venv = tmp_path / ".venv"
    monkeypatch.setattr(dev, "VENV", venv)
    monkeypatch.setattr(dev, "STAMP", venv / "jixiao-dev.json")

    def refused(cmd, **kw):
        (venv / "bin").mkdir(parents=True)  # what python3 -m venv leaves behind when ensurepip is missing
        return subprocess.CompletedProcess(cmd, 1, "", "The virtual environment was not created successfully "
                                           "because ensurepip is not available.\n")

    monkeypatch.setattr(dev.subprocess, "run", refused)
    with pytest.raises(SystemExit) as stop:
        dev.main(["test"])
    assert "sudo apt install python3-venv" in str(stop.value)
    assert str(stop.value).startswith("无法建立虚拟环境 .venv（")
    assert not venv.exists()


def test_readme_names_the_pyz_of_this_version():
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"jixiao-(\d[\w.]*?)\.pyz", readme)) | set(re.findall(r"jixiao/pyz/(\d[\w.]*?)-", readme))
    assert named == {version}
