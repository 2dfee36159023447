from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "songjiang-2024"


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example store that a test may change."""
    target = tmp_path / "songjiang-2024"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".jixiao"))  # not a test run's index
    return target


@pytest.fixture(scope="session")
def example_loaded():
    from store.toml_store import Store

    return Store.open(EXAMPLE).load()


from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("default", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")
