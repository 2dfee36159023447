"""A pytest plugin: the test run leaves the checkout exactly as it found it.

When pytest starts it lists the checkout (the rootdir: every file with its size and
modification time, every folder), lists it again when the run ends, and fails the run,
naming each path that appeared, changed or vanished.  ``__pycache__`` and ``*.egg-info``
(made by Python and by ``pip install -e``) and ``.git`` are not looked at.

Tests work on copies in temporary folders (the ``example_copy`` and ``example_cwd``
fixtures); this plugin is the proof that none of them, nor pytest and its plugins,
writes into the checkout.  ``tests/test_checkout_clean.py`` proves the plugin itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: Not looked at: bytecode, pip's editable-install metadata, git's own folder (or file, in a worktree).
SKIPPED_DIRS = frozenset({"__pycache__", ".git"})
SKIPPED_SUFFIX = ".egg-info"

Listing = dict[str, "tuple[int, int] | None"]

_before = pytest.StashKey[Listing]()
_changes = pytest.StashKey[list[str]]()


def _skipped(name: str) -> bool:
    return name in SKIPPED_DIRS or name.endswith(SKIPPED_SUFFIX)


def listing(root: Path) -> Listing:
    """Every path under ``root`` (folders end in ``/``) with its size and mtime (None for folders)."""
    seen: Listing = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not _skipped(d))
        here = Path(dirpath).relative_to(root)
        for name in dirnames:
            seen[(here / name).as_posix() + "/"] = None
        for name in filenames:
            if not _skipped(name):
                st = os.lstat(os.path.join(dirpath, name))
                seen[(here / name).as_posix()] = (st.st_size, st.st_mtime_ns)
    return seen


def differences(before: Listing, after: Listing) -> list[str]:
    """One line per path that appeared, changed or vanished, in that order."""
    lines = [f"new:     {p}" for p in sorted(after.keys() - before.keys())]
    lines += [f"changed: {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    lines += [f"removed: {p}" for p in sorted(before.keys() - after.keys())]
    return lines


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.stash[_before] = listing(config.rootpath)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if _before not in config.stash:
        return
    found = differences(config.stash[_before], listing(config.rootpath))
    if config.getoption("--snapshot-update", default=False):  # asked to rewrite the snapshots
        found = [line for line in found if "tests/__snapshots__/" not in line]
    config.stash[_changes] = found
    if found and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    found = config.stash.get(_changes, [])
    if found:
        terminalreporter.section("the test run changed the checkout", sep="=", red=True, bold=True)
        terminalreporter.line(f"The run fails: tests must work on copies in temporary folders, not in {config.rootpath}:")
        for line in found:
            terminalreporter.line(f"  {line}", red=True)
