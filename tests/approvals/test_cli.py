"""`autoclerk approvals serve` answers; `autoclerk approvals try` reports each channel."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from autoclerk.cli import app
from autoclerk.config import get_settings
from tests.approvals.support import Receiver, free_port, write_channels


@pytest.mark.integration
def test_serve_answers_and_stops() -> None:
    port = free_port()
    env = {**os.environ, "AUTOCLERK_APPROVALS_PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "autoclerk", "approvals", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "approval app did not answer in 30 s"
                time.sleep(0.2)
        assert r.json() == {"ok": True}
        assert httpx.get(f"http://127.0.0.1:{port}/a/nonsense").status_code == 404
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_try_reports_each_channel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    receiver = Receiver().start()
    try:
        channels = write_channels(
            tmp_path / "c.yaml", receiver, {"ops": ["1:PERSON, im@dead", "2:PERSON, sms@ops"]}
        )
        monkeypatch.setenv("AUTOCLERK_NOTIFICATIONS_CONFIG", str(channels))
        get_settings.cache_clear()
        result = CliRunner().invoke(app, ["approvals", "try", "ops"])
        assert result.exit_code == 0, result.output
        assert "failed" in result.output and "delivered" in result.output
        assert receiver.wait_for(lambda m: m["path"] == "/ops")["message"].startswith(
            "autoclerk test"
        )
        result = CliRunner().invoke(app, ["approvals", "try", "nobody"])
        assert result.exit_code == 1 and "no channel for recipient 'nobody'" in result.output
    finally:
        receiver.stop()
        monkeypatch.delenv("AUTOCLERK_NOTIFICATIONS_CONFIG")
        get_settings.cache_clear()
