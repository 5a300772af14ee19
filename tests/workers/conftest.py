"""Fixtures for the worker tests: a real HTTP inbox the messages go to (apprise `json://`),
settings pointing apprise at it, and a runner in a background thread."""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from autoclerk.config import Settings
from autoclerk.engine import EngineClient
from workers.registry import Handler
from workers.runner import Runner, RunnerConfig

# Timers of a few seconds: the job executor must look for due jobs every second, not back off
# to its default minute (Spring relaxed binding; read by the engine the session starts).
os.environ.setdefault("OPERATON_BPM_JOBEXECUTION_WAITTIMEINMILLIS", "500")
os.environ.setdefault("OPERATON_BPM_JOBEXECUTION_MAXWAIT", "1000")

FIXTURES = Path(__file__).parent / "fixtures"
PEOPLE = ["anna", "max", "eva", "tom", "sue", "admin", "sam", "fiona", "paul"]


class Inbox:
    """Messages apprise delivered, per recipient tag (the URL path)."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, dict[str, Any]]] = []
        self.lock = threading.Lock()
        self.down: set[str] = set()  # recipients whose channel answers 500

    def to(self, who: str) -> list[dict[str, Any]]:
        with self.lock:
            return [m for w, m in self.messages if w == who]

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()


@pytest.fixture(scope="session")
def inbox() -> Iterator[Inbox]:
    box = Inbox()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            who = self.path.strip("/")
            if who in box.down:
                self.send_response(500)
                self.end_headers()
                return
            with box.lock:
                box.messages.append((who, json.loads(body or b"{}")))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    box.port = server.server_address[1]  # type: ignore[attr-defined]
    yield box
    server.shutdown()


@pytest.fixture(scope="session")
def worker_settings(
    engine_settings: Settings, inbox: Inbox, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """The engine's settings with apprise sending everyone's messages to the inbox."""
    config = tmp_path_factory.mktemp("apprise") / "channels.yaml"
    urls = "\n".join(
        f"  - json://127.0.0.1:{inbox.port}/{who}:\n      tag: {who}, im"  # type: ignore[attr-defined]
        for who in PEOPLE
    )
    config.write_text(f"version: 1\nurls:\n{urls}\n")
    return engine_settings.model_copy(update={"notifications_config": config})


@pytest.fixture(scope="session")
def test_process(engine: EngineClient) -> str:
    """A one-step process on topic `test-work` whose BUSINESS_ERROR boundary ends at `caught`."""
    engine.deploy([FIXTURES / "worker_test.bpmn"], name="autoclerk-tests", source="autoclerk-tests")
    return "worker_test"


def wait_until(what: str, check: Callable[[], Any], timeout: float = 30.0) -> Any:
    """Poll `check` until it returns something truthy; fail naming `what` after `timeout`."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@contextmanager
def running(settings: Settings, handlers: Mapping[str, Handler], **config: Any) -> Iterator[Runner]:
    """A runner working in a background thread for the `with` block."""
    config.setdefault("worker_id", f"test-{uuid.uuid4().hex[:8]}")
    config.setdefault("threads", 4)
    config.setdefault("poll_ms", 500)
    runner = Runner(settings, handlers, RunnerConfig.from_settings(settings, **config))
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    try:
        yield runner
    finally:
        runner.stop()
        thread.join(30)
