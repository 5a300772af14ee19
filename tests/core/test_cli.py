from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from autoclerk.cli import app
from autoclerk.config import get_settings

runner = CliRunner()


def test_engine_commands_are_listed() -> None:
    result = runner.invoke(app, ["engine", "--help"])
    assert result.exit_code == 0
    for cmd in ("build", "start", "stop", "status", "deploy", "logs"):
        assert cmd in result.output


def test_status_without_engine_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import free_port

    # A port nobody listens on (the session's engine may be running on its own port).
    monkeypatch.setenv("AUTOCLERK_ENGINE_URL", f"http://127.0.0.1:{free_port()}/engine-rest")
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["engine", "status"])
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "does not answer" in result.output
    assert "autoclerk engine start" in result.output


@pytest.fixture
def own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder of this test's own: `engine stop` here must not stop the session's
    engine."""
    monkeypatch.setenv("AUTOCLERK_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    monkeypatch.undo()
    get_settings.cache_clear()


def test_stop_when_not_running(own_data_dir: Path) -> None:
    result = runner.invoke(app, ["engine", "stop"])
    assert result.exit_code == 0
    assert "not running" in result.output


def test_logs_without_log(own_data_dir: Path) -> None:
    result = runner.invoke(app, ["engine", "logs"])
    assert result.exit_code == 0
    assert "no log" in result.output
