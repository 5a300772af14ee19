"""The CLI points Prefect at the local server even when Prefect was imported first."""

from __future__ import annotations

from collections.abc import Iterator

import prefect.context
import pytest
from prefect.settings import PREFECT_API_URL

from autoclerk.config import Settings
from autoclerk.prefect_env import apply_prefect_environment, prefect_environment


@pytest.fixture
def clean_prefect_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key in prefect_environment(Settings()):
        monkeypatch.delenv(key, raising=False)
    yield
    monkeypatch.undo()
    prefect.context.refresh_global_settings_context()


def test_applied_environment_reaches_an_imported_prefect(clean_prefect_env: None) -> None:
    settings = Settings(prefect_port=4321)
    apply_prefect_environment(settings)
    assert PREFECT_API_URL.value() == settings.prefect_api_url
    assert ":4321/" in settings.prefect_api_url
