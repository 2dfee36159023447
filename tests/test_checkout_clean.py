"""The guard in tests/checkout_guard.py fails a run that writes into the checkout.

The suite itself runs under that guard (tests/conftest.py loads it), so a clean run of the
suite is the proof that no test writes into the checkout; this file proves the guard works,
by running pytest on a tiny project of its own that uses the same plugin.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PROJECT = {
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["."]\n'
                      'addopts = "-p no:cacheprovider -p no:benchmark"\n',
    "conftest.py": 'pytest_plugins = ["checkout_guard"]\n',
    "data.txt": "as checked out\n",
    "test_it.py": '''
from pathlib import Path

HERE = Path(__file__).parent


def test_writes_into_the_checkout():
    (HERE / "oops.txt").write_text("left behind")
    (HERE / "data.txt").write_text("changed by a test")


def test_clean(tmp_path):
    (tmp_path / "fine.txt").write_text("a temporary folder is the place")
    (HERE / "demo.egg-info").mkdir()                 # what pip install -e makes: not looked at
    (HERE / "demo.egg-info" / "PKG-INFO").write_text("Name: demo")
''',
}


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name, text in PROJECT.items():
        (project / name).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "tests" / "checkout_guard.py", project / "checkout_guard.py")
    return project


def _pytest(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:randomly", *args], cwd=project,
                          capture_output=True, text=True, env=env)


def test_a_run_that_writes_into_the_checkout_fails_naming_the_files(tmp_path):
    run = _pytest(_project(tmp_path))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "2 passed" in run.stdout  # the tests themselves pass: the guard fails the run
    assert "the test run changed the checkout" in run.stdout
    assert "new:     oops.txt" in run.stdout and "changed: data.txt" in run.stdout
    assert "egg-info" not in run.stdout and "fine.txt" not in run.stdout


def test_a_run_that_leaves_the_checkout_alone_passes(tmp_path):
    run = _pytest(_project(tmp_path), "-k", "clean")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "changed the checkout" not in run.stdout
