"""The local engine's life cycle: cached build, and a clear error when it cannot start."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from autoclerk.config import Settings
from autoclerk.engine import local


def test_source_hash_is_stable() -> None:
    assert local.source_hash() == local.source_hash()
    assert len(local.source_hash()) == 16


@pytest.mark.integration
def test_build_is_cached(engine_settings: Settings) -> None:
    jar = local.build(engine_settings)
    mtime = jar.stat().st_mtime_ns
    assert local.build(engine_settings) == jar
    assert jar.stat().st_mtime_ns == mtime


@pytest.mark.integration
def test_start_fails_clearly_when_port_is_taken(engine_settings: Settings, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        s = engine_settings.model_copy(update={"data_dir": tmp_path, "engine_port": port})
        with pytest.raises(local.EngineStartError) as info:
            local.start(s, timeout=120, die_with_parent=True)
    text = str(info.value)
    assert "engine.log" in text
    assert str(port) in text  # the log's tail says which port was in use
    assert local.running_pid(s) is None


@pytest.mark.integration
def test_cli_start_prints_cockpit_and_stop_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from autoclerk.cli import app
    from autoclerk.config import get_settings
    from tests.conftest import free_port

    monkeypatch.setenv("AUTOCLERK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("AUTOCLERK_ENGINE_PORT", str(free_port()))
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        started = runner.invoke(app, ["engine", "start"])
        assert started.exit_code == 0, started.output
        assert f"Cockpit:  {get_settings().cockpit_url}" in started.output
        status = runner.invoke(app, ["engine", "status"])
        assert status.exit_code == 0 and "process definitions" in status.output
        logs = runner.invoke(app, ["engine", "logs", "-n", "5"])
        assert logs.exit_code == 0 and logs.output.strip()
    finally:
        stopped = runner.invoke(app, ["engine", "stop"])
        get_settings.cache_clear()
    assert "engine stopped" in stopped.output
