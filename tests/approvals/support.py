"""Helpers the approval tests and `bench/approve.py` share: a local JSON receiver that
records what apprise POSTs, and the approval app served by uvicorn in a thread."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import uvicorn

from approvals.app import create_app
from autoclerk.config import Settings

LINK = re.compile(r"https?://[^\s)\]\"<>]+/a/[A-Za-z0-9_-]+")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Receiver:
    """An HTTP server on 127.0.0.1 that records every JSON POST (path, body, arrival time)."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with outer._cond:
                    outer.messages.append(
                        {"path": self.path, "at": time.monotonic(), **json.loads(body or b"{}")}
                    )
                    outer._cond.notify_all()
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"json://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def start(self) -> Receiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 10.0
    ) -> dict[str, Any]:
        """The first recorded message matching `predicate`, waiting up to `timeout` s."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for m in self.messages:
                    if predicate(m):
                        return m
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no matching message within {timeout}s: {self.messages}")
                self._cond.wait(left)


def link_in(message: dict[str, Any]) -> str:
    """The approval link in a received message."""
    found = LINK.search(message["message"])
    assert found, f"no approval link in {message['message']!r}"
    return found.group(0)


def write_channels(path: Path, receiver: Receiver, people: dict[str, list[str]]) -> Path:
    """An apprise YAML: for each person, URLs `kind@path` (or `dead@...` for a dead port)."""
    lines = ["version: 1", "urls:"]
    for person, entries in people.items():
        for entry in entries:
            tags, _, where = entry.partition("@")
            url = "json://127.0.0.1:9/dead" if where == "dead" else receiver.url(where)
            lines += [f"  - {url}:", f"      tag: {tags.replace('PERSON', person)}"]
    path.write_text("\n".join(lines) + "\n")
    return path


class AppThread:
    """The approval app under uvicorn in a daemon thread on a free port."""

    def __init__(self, settings: Settings) -> None:
        self.port = free_port()
        self.settings = settings.model_copy(
            update={"approvals_host": "127.0.0.1", "approvals_port": self.port}
        )
        config = uvicorn.Config(
            create_app(self.settings), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def base_url(self) -> str:
        return self.settings.approvals_base_url

    def start(self) -> AppThread:
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"approval app did not start on port {self.port}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
