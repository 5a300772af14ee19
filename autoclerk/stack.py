"""The whole product on one machine: the parts `autoclerk up` starts, in order, and keeps up.

The supervisor is one background process. It starts each part (engine, Prefect server, ERP,
approval app, workers, flow deployments), restarts a part that dies, and on SIGTERM stops
them in reverse order. Its view of the parts is written to `run/stack.json`."""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from autoclerk.config import Settings
from autoclerk.engine import EngineClient, local
from autoclerk.prefect_env import prefect_environment
from autoclerk.processes import ManagedProcess, StartError, tail

RESTARTS_ALLOWED = 5  # within RESTART_WINDOW seconds; then the part is left down and reported
RESTART_WINDOW = 600.0


@dataclass(frozen=True)
class Part:
    name: str
    start: Callable[[Settings], Any]
    stop: Callable[[Settings], Any]
    pid: Callable[[Settings], int | None]
    url: Callable[[Settings], str | None]


def child_env(settings: Settings) -> dict[str, str]:
    """Every part sees the same settings and talks to the same Prefect server."""
    return {**os.environ, **prefect_environment(settings), "PYTHONUNBUFFERED": "1"}


def _http_ok(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    return check


def _port_open(host: str, port: int) -> Callable[[], bool]:
    def check() -> bool:
        with socket.socket() as s:
            s.settimeout(1)
            return s.connect_ex((host, port)) == 0

    return check


def _python_part(
    name: str,
    args: list[str],
    ready: Callable[[Settings], Callable[[], bool]],
    url: Callable[[Settings], str | None],
) -> Part:
    def proc(settings: Settings) -> ManagedProcess:
        return ManagedProcess(name, settings.run_dir)

    def start(settings: Settings) -> int:
        return proc(settings).start(
            [sys.executable, *args],
            env=child_env(settings),
            cwd=Path.cwd(),
            ready=ready(settings),
            timeout=180,
        )

    return Part(
        name,
        start,
        lambda s: proc(s).stop(),
        lambda s: proc(s).pid(),
        url,
    )


def _started_for(seconds: float) -> Callable[[Settings], Callable[[], bool]]:
    def factory(_settings: Settings) -> Callable[[], bool]:
        t0 = time.monotonic()
        return lambda: time.monotonic() - t0 > seconds

    return factory


def _erp_part() -> Part:
    from erp import tryton

    return Part(
        "erp",
        lambda s: tryton.start(s),
        lambda s: tryton.stop(s),
        lambda s: tryton.running_pid(tryton.site_for(s)),
        lambda s: tryton.site_for(s).client_url,
    )


def parts() -> list[Part]:
    """The parts in start order; `down` stops them in reverse."""
    return [
        Part(
            "engine",
            lambda s: local.start(s),
            local.stop,
            local.running_pid,
            lambda s: s.cockpit_url,
        ),
        _python_part(
            "prefect",
            ["-m", "prefect", "server", "start"],  # host and port from PREFECT_SERVER_API_*
            lambda s: _http_ok(f"{s.prefect_api_url}/health"),
            lambda s: s.prefect_ui_url,
        ),
        _erp_part(),
        _python_part(
            "outbox",
            ["-m", "notifications.outbox"],
            lambda s: _port_open(s.outbox_host, s.outbox_port),
            lambda s: str(s.data_dir / "outbox"),
        ),
        _python_part(
            "approvals",
            ["-m", "autoclerk", "approvals", "serve"],
            lambda s: _port_open(s.approvals_host, s.approvals_port),
            lambda s: s.approvals_base_url,
        ),
        _python_part(
            "workers", ["-m", "autoclerk", "workers", "start"], _started_for(2.0), lambda s: None
        ),
        _python_part(
            "flows",
            ["-m", "flows.serve"],
            lambda s: _http_ok(f"{s.prefect_api_url}/deployments/name/ingest/inbox"),
            lambda s: f"{s.prefect_ui_url}/deployments",
        ),
    ]


# --- the supervisor process ---


def state_file(settings: Settings) -> Path:
    return settings.run_dir / "stack.json"


def read_state(settings: Settings) -> dict[str, Any]:
    try:
        state: dict[str, Any] = json.loads(state_file(settings).read_text())
        return state
    except (FileNotFoundError, ValueError):
        return {}


def _write_state(settings: Settings, state: dict[str, Any]) -> None:
    tmp = state_file(settings).with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2))
    tmp.replace(state_file(settings))


def supervise(settings: Settings, check_every: float = 3.0) -> None:
    """Run in the foreground: start every part, keep them up, stop them all on SIGTERM."""
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    from notifications.outbox import ensure_channels

    ensure_channels(settings)  # messages reach the local outbox until real channels are set
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    state: dict[str, Any] = {"phase": "starting", "parts": {}, "pid": os.getpid()}
    restarts: dict[str, list[float]] = {}
    started: list[Part] = []
    try:
        for part in parts():
            if stopping.is_set():
                break
            state["parts"][part.name] = {"status": "starting"}
            _write_state(settings, state)
            try:
                part.start(settings)
            except Exception as e:  # report which part failed and why, then stop the rest
                state["parts"][part.name] = {"status": "failed", "error": str(e)}
                state["phase"] = "failed"
                _write_state(settings, state)
                return
            started.append(part)
            state["parts"][part.name] = {"status": "up", "url": part.url(settings)}
            _write_state(settings, state)
        state["phase"] = "ready"
        _write_state(settings, state)
        while not stopping.wait(check_every):
            for part in started:
                if part.pid(settings) is not None:
                    continue
                recent = [
                    t for t in restarts.get(part.name, []) if time.time() - t < RESTART_WINDOW
                ]
                if len(recent) >= RESTARTS_ALLOWED:
                    state["parts"][part.name] = {"status": "down", "error": "restarted too often"}
                    continue
                restarts[part.name] = [*recent, time.time()]
                print(f"supervisor: {part.name} died, restarting", flush=True)
                try:
                    part.start(settings)
                    state["parts"][part.name] = {
                        "status": "up",
                        "url": part.url(settings),
                        "restarts": len(recent) + 1,
                    }
                except Exception as e:
                    state["parts"][part.name] = {"status": "down", "error": str(e)}
            _write_state(settings, state)
    finally:
        state["phase"] = "stopping"
        _write_state(settings, state)
        for part in reversed(started):
            try:
                part.stop(settings)
            except Exception as e:
                print(f"supervisor: stopping {part.name}: {e}", flush=True)
            state["parts"][part.name] = {"status": "stopped"}
        state["phase"] = "stopped"
        _write_state(settings, state)


def supervisor(settings: Settings) -> ManagedProcess:
    return ManagedProcess("supervisor", settings.run_dir)


def up(
    settings: Settings,
    timeout: float = 900.0,
    on_change: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Start the supervisor (unless running) and wait until every part is up."""
    proc = supervisor(settings)
    if proc.pid() is None:
        state_file(settings).unlink(missing_ok=True)
        proc.start(
            [sys.executable, "-m", "autoclerk", "supervise"],
            env=child_env(settings),
            cwd=Path.cwd(),
        )
    deadline = time.monotonic() + timeout
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        state = read_state(settings)
        if state != last and on_change:
            on_change(state)
        last = state
        if state.get("phase") in ("ready", "failed"):
            return state
        if proc.pid() is None:
            raise StartError(f"the supervisor stopped; log {proc.log_file}:\n{tail(proc.log_file)}")
        time.sleep(1)
    raise StartError(f"not all parts were up within {timeout:.0f}s: {last.get('parts')}")


def down(settings: Settings) -> list[str]:
    """Stop the supervisor (which stops the parts in reverse), then anything left over."""
    supervisor(settings).stop(timeout=120)
    stopped = []
    for part in reversed(parts()):
        if part.stop(settings):
            stopped.append(part.name)
    return stopped


def health(settings: Settings) -> dict[str, bool]:
    """Is each part answering right now?"""
    out: dict[str, bool] = {}
    with EngineClient(settings=settings, timeout=3) as c:
        out["engine"] = c.is_up()
    out["prefect"] = _http_ok(f"{settings.prefect_api_url}/health")()
    for part in parts():
        if part.name not in out:  # the rest: alive is what we can tell cheaply
            out[part.name] = part.pid(settings) is not None
    return out
