"""Session-wide fixtures: an isolated data folder, and one real engine per test session.

Every test run gets its own data folder and engine port through AUTOCLERK_* variables, so
code under test that calls `get_settings()` talks to the test engine, never to a user's."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from autoclerk.config import Settings, get_settings
from autoclerk.engine import EngineClient, local

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

# A test that runs a flow must say which Prefect server it talks to (the flow tests' harness,
# or the stack's own server in e2e); Prefect must not start a hidden one of its own. Set
# before anything imports Prefect, which reads its settings once.
os.environ.setdefault("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "false")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session", autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Point every AUTOCLERK_* setting that holds state at a throwaway place."""
    data = tmp_path_factory.mktemp("data")
    saved = {k: v for k, v in os.environ.items() if k.startswith("AUTOCLERK_")}
    for k in saved:
        del os.environ[k]
    os.environ["AUTOCLERK_DATA_DIR"] = str(data)
    os.environ["AUTOCLERK_ENGINE_PORT"] = str(free_port())
    get_settings.cache_clear()
    yield get_settings()
    for k in [k for k in os.environ if k.startswith("AUTOCLERK_")]:
        del os.environ[k]
    os.environ.update(saved)
    get_settings.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def quiet_prefect_at_exit() -> Iterator[None]:
    """Prefect stops the temporary server it started for the flow tests' harness at
    interpreter exit, after pytest has closed the stream its console handler writes to: its
    "Stopping temporary server" line would end the run in a logging traceback."""
    yield
    logging.getLogger("prefect").setLevel(logging.WARNING)


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Screenshots and other files tests keep for people to look at (CI keeps them)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def engine_settings(isolated_settings: Settings) -> Settings:
    return isolated_settings


@pytest.fixture(scope="session")
def engine(engine_settings: Settings) -> Iterator[EngineClient]:
    """One real engine (H2 in the throwaway data folder, bpmn/ deployed) for the session.

    It dies with the test process even on Ctrl-C or a crash (PR_SET_PDEATHSIG)."""
    local.start(engine_settings, die_with_parent=True)
    client = EngineClient(settings=engine_settings)
    try:
        yield client
    finally:
        client.close()
        local.stop(engine_settings)
