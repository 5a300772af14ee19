"""The local outbox: where messages go on the embedded defaults, when no real channel is set.

A tiny HTTP receiver on 127.0.0.1 keeps every message apprise's `json://` posts to it as a
file under `data/outbox/`. `autoclerk up` starts it, and writes a channel config that routes
every demo person there, unless the admin has put their own `data/channels.yaml` in place."""

from __future__ import annotations

import itertools
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from autoclerk.config import Settings

# The people the shipped processes route to (approver_rules.dmn, purchase_approvers.dmn),
# the admin, finance, and the inbox that submits files.
DEMO_PEOPLE = ["anna", "max", "eva", "fiona", "sam", "tom", "bert", "admin", "finance", "inbox"]


def outbox_dir(settings: Settings) -> Path:
    return settings.data_dir / "outbox"


def local_channels_yaml(settings: Settings) -> str:
    """apprise YAML sending every demo person's messages to the local outbox."""
    url = f"json://{settings.outbox_host}:{settings.outbox_port}/"
    return (
        "# Written by `autoclerk up` for the embedded defaults: every message goes to the local\n"
        "# outbox (data/outbox/). Replace this file with your real channels\n"
        "# (see notifications/channels.example.yaml).\n"
        "version: 1\nurls:\n"
        f"  - {url}:\n      tag: {', '.join(DEMO_PEOPLE)}, im\n"
    )


def ensure_channels(settings: Settings) -> Path | None:
    """Write the local channel config unless one is configured; return it if written."""
    path = settings.data_dir / "channels.yaml"
    if settings.notifications_config or path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(local_channels_yaml(settings))
    return path


def read_messages(settings: Settings, since: float = 0.0) -> list[dict[str, Any]]:
    """Messages received so far (oldest first), each with its `received` time."""
    out = []
    for f in sorted(outbox_dir(settings).glob("*.json")):
        msg: dict[str, Any] = json.loads(f.read_text())
        if msg.get("received", 0) >= since:
            out.append(msg)
    return out


def serve(settings: Settings) -> None:
    """Receive messages until killed."""
    folder = outbox_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    counter = itertools.count()

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                payload = json.loads(body or b"{}")
            except ValueError:
                payload = {"raw": body.decode(errors="replace")}
            now = time.time()
            record = {"received": now, "path": self.path, "message": payload}
            name = f"{now:.6f}-{next(counter):05d}.json"
            (folder / name).write_text(json.dumps(record, ensure_ascii=False, indent=1))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:  # quiet: the files are the log
            pass

    ThreadingHTTPServer((settings.outbox_host, settings.outbox_port), Receiver).serve_forever()


if __name__ == "__main__":
    from autoclerk.config import get_settings

    serve(get_settings())
