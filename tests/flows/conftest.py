from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

from autoclerk.config import Settings
from tests.corpus.generate import demo_set


@pytest.fixture(scope="package")
def prefect_harness() -> Iterator[None]:
    """A real, temporary Prefect server (SQLite) for this package's flow runs. Package scope:
    the harness points the whole process at its server, which must not outlive these tests
    (the e2e tests run the stack's own Prefect)."""
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return demo_set(tmp_path_factory.mktemp("samples"))


@pytest.fixture
def inbox(isolated_settings: Settings) -> Path:
    isolated_settings.inbox.mkdir(parents=True, exist_ok=True)
    return isolated_settings.inbox
