"""The runner against the real engine: failures become retries then an incident, business
errors become BPMN errors, long handlers keep their lock, SIGTERM loses no task."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from autoclerk.config import Settings
from autoclerk.engine import EngineClient
from tests.workers.conftest import running, wait_until
from workers import BusinessError

pytestmark = pytest.mark.integration


def _ended_at(engine: EngineClient, pid: str) -> list[str]:
    rows = engine.get(
        "/history/activity-instance", processInstanceId=pid, activityType="noneEndEvent"
    )
    return [r["activityId"] for r in rows or []]


def test_completes_with_variables(
    engine: EngineClient, worker_settings: Settings, test_process: str
) -> None:
    seen: list[Any] = []

    def work(task: Any, ctx: Any) -> dict[str, Any]:
        seen.append(task.get_variable("n"))
        return {"doubled": task.get_variable("n") * 2}

    pid = engine.start_process(test_process, variables={"n": 21})["id"]
    with running(worker_settings, {"test-work": work}):
        wait_until("process end", lambda: _ended_at(engine, pid))
    assert seen == [21]
    assert _ended_at(engine, pid) == ["done"]
    assert engine.history_variables(pid)["doubled"] == 42


def test_exception_retries_then_incident(
    engine: EngineClient, worker_settings: Settings, test_process: str
) -> None:
    attempts: list[float] = []

    def broken(task: Any, ctx: Any) -> None:
        attempts.append(time.monotonic())
        raise ConnectionError("ERP at http://erp.invalid timed out")

    pid = engine.start_process(test_process)["id"]
    with running(worker_settings, {"test-work": broken}, retries=2, retry_ms=300):
        incidents = wait_until("an incident", lambda: engine.incidents(processInstanceId=pid))
    assert len(attempts) == 3  # the first try and two retries
    assert attempts[2] - attempts[1] >= attempts[1] - attempts[0] >= 0.3  # back-off grows
    assert incidents[0]["incidentType"] == "failedExternalTask"
    assert "ConnectionError: ERP at http://erp.invalid timed out" in incidents[0]["incidentMessage"]
    task = engine.get("/external-task", processInstanceId=pid)[0]
    assert task["retries"] == 0
    details = engine._http.get(f"/external-task/{task['id']}/errorDetails").text  # text/plain
    assert "Traceback" in details and "broken" in details
    engine.request("DELETE", f"/process-instance/{pid}")


def test_business_error_is_caught_by_the_process(
    engine: EngineClient, worker_settings: Settings, test_process: str
) -> None:
    def refuse(task: Any, ctx: Any) -> None:
        raise BusinessError("bill R-7 already in the ERP as BILL/0042")

    pid = engine.start_process(test_process)["id"]
    with running(worker_settings, {"test-work": refuse}):
        wait_until("process end", lambda: _ended_at(engine, pid))
    assert _ended_at(engine, pid) == ["caught"]
    variables = engine.history_variables(pid)
    assert variables["caughtCode"] == "BUSINESS_ERROR"
    assert variables["caughtMessage"] == "bill R-7 already in the ERP as BILL/0042"
    assert not engine.incidents(processInstanceId=pid)


def test_lock_is_extended_for_a_long_handler(
    engine: EngineClient, worker_settings: Settings, test_process: str
) -> None:
    started = threading.Event()

    def slow(task: Any, ctx: Any) -> dict[str, Any]:
        started.set()
        time.sleep(5)
        return {"slow": "done"}

    pid = engine.start_process(test_process)["id"]
    with running(worker_settings, {"test-work": slow}, lock_ms=1500):
        assert started.wait(20)
        time.sleep(3)  # twice the initial lock: without extension another worker gets it
        stolen = engine.fetch_and_lock("thief", ["test-work"], max_tasks=5, lock_ms=1000)
        assert [t for t in stolen if t["processInstanceId"] == pid] == []
        wait_until("process end", lambda: _ended_at(engine, pid), timeout=20)
    assert engine.history_variables(pid)["slow"] == "done"


SLOW_WORKER = Path(__file__).parent / "slow_worker.py"


def test_sigterm_gives_the_task_back(
    engine: EngineClient, worker_settings: Settings, test_process: str, tmp_path: Path
) -> None:
    pid = engine.start_process(test_process)["id"]
    mark = tmp_path / "started"
    env = {**os.environ, "SLOW_WORKER_MARK": str(mark), "AUTOCLERK_WORKER_SHUTDOWN_GRACE": "1"}
    proc = subprocess.Popen([sys.executable, str(SLOW_WORKER)], env=env)
    try:
        wait_until("the slow handler to start", mark.exists)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    # Given back: another worker gets it at once, not after the 5-minute lock.
    got = engine.fetch_and_lock("next-worker", ["test-work"], max_tasks=10, lock_ms=10_000)
    mine = [t for t in got if t["processInstanceId"] == pid]
    assert len(mine) == 1
    engine.complete(mine[0]["id"], "next-worker", {"by": "next-worker"})
    assert _ended_at(engine, pid) == ["done"]


def test_topic_limit_caps_tasks_held_at_once(
    engine: EngineClient, worker_settings: Settings, test_process: str
) -> None:
    """A topic with a limit (enter-bill: the bot's browser contexts) never has more tasks in
    hand than that, however many threads are free; every task still gets done."""
    lock = threading.Lock()
    now, most = [0], [0]

    def one_at_a_time(task: Any, ctx: Any) -> None:
        with lock:
            now[0] += 1
            most[0] = max(most[0], now[0])
        time.sleep(0.3)
        with lock:
            now[0] -= 1

    pids = [engine.start_process(test_process)["id"] for _ in range(4)]
    with running(
        worker_settings, {"test-work": one_at_a_time}, threads=4, topic_limits={"test-work": 1}
    ) as runner:
        wait_until("all four done", lambda: all(_ended_at(engine, p) for p in pids))
        assert runner.completed == 4
    assert most[0] == 1


def test_limited_topic_is_not_held_up_by_long_polls_for_the_others(
    engine: EngineClient, worker_settings: Settings, test_process: str
) -> None:
    """While a limited topic is at its limit, the fetches for the other topics must not wait
    out a long poll: the limited topic's next task is fetched soon after a slot frees."""

    def quick(task: Any, ctx: Any) -> None:
        time.sleep(0.2)

    pids = [engine.start_process(test_process)["id"] for _ in range(3)]
    with running(
        worker_settings,
        {"test-work": quick, "idle-topic": quick},  # no process has idle-topic tasks
        threads=4,
        poll_ms=30_000,
        topic_limits={"test-work": 1},
    ):
        # three tasks one after another: a few seconds, not three 30 s long polls
        wait_until("all three done", lambda: all(_ended_at(engine, p) for p in pids), 20)
