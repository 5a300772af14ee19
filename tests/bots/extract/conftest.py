"""A generated corpus and the demo set, made once per test session in a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from autoclerk.config import Settings
from tests.corpus.generate import ALL_LAYOUTS, demo_set, generate

COPIES = 2  # of every layout


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate(tmp_path_factory.mktemp("corpus"), COPIES * len(ALL_LAYOUTS), seed=7)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return demo_set(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]
