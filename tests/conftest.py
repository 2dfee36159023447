from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

#: Fails the run if it changed anything in the checkout (see there).
pytest_plugins = ["tests.checkout_guard"]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "songjiang-2024"  # read only: a test that runs the program uses a copy

#: Outside the checkout: hypothesis' example database and caches, a failed snapshot's report.
SCRATCH = Path(tempfile.gettempdir()) / f"jixiao-tests-{os.getuid() if hasattr(os, 'getuid') else 0}"
#: The index's key (store/index_trust.py) for this run, never the user's own ~/.cache/jixiao/index.key.
os.environ["XDG_CACHE_HOME"] = str(SCRATCH / "xdg-cache")


def _copy_example(target: Path) -> Path:
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".jixiao"))  # not a stray index
    return target


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example store that a test may change (``check`` writes its index there)."""
    return _copy_example(tmp_path / "songjiang-2024")


@pytest.fixture
def example_cwd(tmp_path: Path) -> Path:
    """A folder holding a copy at ``examples/songjiang-2024``: run from it, output names the
    example as the README shows it, and the index lands in the copy."""
    _copy_example(tmp_path / "examples" / "songjiang-2024")
    return tmp_path


@pytest.fixture(scope="session")
def example_loaded():
    from store.toml_store import Store

    return Store.open(EXAMPLE).load()


# -- figures for docs/reliability.md: printed at the end of the run that measured them ------

_figures = pytest.StashKey[list[str]]()


@pytest.fixture
def report_figure(request: pytest.FixtureRequest):
    """``report_figure(line)``: print ``line`` at the end of the run, under “figures”."""
    return request.config.stash.setdefault(_figures, []).append


def _hypothesis_figure(terminalreporter) -> list[str]:
    """How many properties ran and how many generated inputs each passed (from hypothesis' statistics)."""
    passing, failing = [], 0
    for reports in terminalreporter.stats.values():
        for report in reports:
            stats = getattr(report, "__dict__", {}).get("_hypothesis_stats")
            found = stats and re.search(r"during generate phase.*?(\d+) passing examples, (\d+) failing", stats, re.S)
            if found:
                passing.append(int(found[1]))
                failing += int(found[2])
    if not passing:
        return []
    return [f"hypothesis: {len(passing)} properties, {min(passing):,}–{max(passing):,} generated inputs passed "
            f"each ({sum(passing):,} in all), {failing} failed"]


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    lines = config.stash.get(_figures, []) + _hypothesis_figure(terminalreporter)
    if lines:
        terminalreporter.section("figures (docs/reliability.md, docs/checks.md)")
        for line in lines:
            terminalreporter.line(line)


def pytest_configure(config: pytest.Config) -> None:
    # Our default profile, unless one was asked for (``--hypothesis-profile=thorough``).  Loaded here,
    # not when this module is imported: a test module that imports it must not undo the choice.
    if not config.getoption("hypothesis_profile", default=None):
        settings.load_profile("default")
    if config.getoption("--snapshot-report", default=None) == "snapshot_report.html":  # the default: cwd
        config.option.snapshot_report = str(SCRATCH / "snapshot_report.html")


from hypothesis import HealthCheck, settings  # noqa: E402
from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402

set_hypothesis_home_dir(SCRATCH / "hypothesis")  # example database and caches, not ./.hypothesis
settings.register_profile("default", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
