"""Benchmark of the approval path on one machine: prints p50/p95 of

  notify: user task created -> message received (process start call to the receiver's POST)
  decide: click -> task completed (the POST of the approval page, which returns after the
          engine completed the task)

It starts its own engine (temp data folder, free port), the approval app (uvicorn thread),
a local JSON receiver (apprise json://), and the external-task worker runner for
`notify-approver`; if the runner cannot start, it calls the handler's `send_approval`
in-process and says so.

    .venv/bin/python bench/approve.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autoclerk.config import Settings  # noqa: E402
from autoclerk.engine import EngineClient, local  # noqa: E402
from tests.approvals.conftest import invoice_variables  # noqa: E402
from tests.approvals.support import (  # noqa: E402
    AppThread,
    Receiver,
    free_port,
    link_in,
    write_channels,
)
from workers.approval import send_approval  # noqa: E402
from workers.registry import Context  # noqa: E402

FIXTURES = ROOT / "tests" / "approvals" / "fixtures"
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def start_runner(settings: Settings) -> tuple[Any, threading.Thread] | None:
    try:
        from workers.registry import handlers
        from workers.runner import Runner, RunnerConfig
    except ImportError as e:
        print(f"(worker runner not available: {e}; notifying directly)")
        return None
    runner = Runner(
        settings,
        handlers(["notify-approver"]),
        RunnerConfig.from_settings(settings, worker_id="bench-approve"),
    )
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    return runner, thread


def direct_notify(engine: EngineClient, settings: Settings, task: dict[str, Any]) -> None:
    """What the `notify-approver` handler does, called in-process (no worker runner)."""
    send_approval(Context(settings, engine), task, "approval_request")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="autoclerk-bench-approve-"))
    bpmn = tmp / "bpmn"
    bpmn.mkdir()
    shutil.copy(FIXTURES / "approval_notify_test.bpmn", bpmn)
    shutil.copy(FIXTURES / "approval_test.bpmn", bpmn)
    receiver = Receiver().start()
    channels = write_channels(tmp / "channels.yaml", receiver, {"anna": ["PERSON, im@anna"]})
    settings = Settings(
        data_dir=tmp / "data",
        bpmn_dir=bpmn,
        engine_port=free_port(),
        notifications_config=channels,
        worker_poll_ms=20_000,
    )
    print(f"starting engine on port {settings.engine_port} (data in {tmp}) ...")
    t = time.monotonic()
    local.start(settings, die_with_parent=True)
    print(f"engine up in {time.monotonic() - t:.1f} s")
    engine = EngineClient(settings=settings)
    app = AppThread(settings).start()
    settings = app.settings  # links must point at the app's port
    runner = start_runner(settings)
    key = "approval_notify_test" if runner else "approval_test"
    notify_s: list[float] = []
    decide_s: list[float] = []
    try:
        with httpx.Client(base_url=app.base_url, timeout=30) as phone:
            for i in range(args.rounds + 2):  # two warm-up rounds are not counted
                number = f"B-{i:04d}"
                t0 = time.monotonic()
                pi = engine.start_process(key, variables=invoice_variables(invoiceNumber=number))
                if runner is None:
                    direct_notify(engine, settings, engine.tasks(processInstanceId=pi["id"])[0])
                msg = receiver.wait_for(lambda m, n=number: n in m["message"], timeout=30)
                url = link_in(msg)
                page = phone.get(url)
                csrf = CSRF.search(page.text)
                assert csrf, f"no form on {url}: {page.status_code} {page.text[:300]}"
                t1 = time.monotonic()
                r = phone.post(url, data={"decision": "approve", "csrf": csrf.group(1)})
                t2 = time.monotonic()
                assert r.status_code == 200, r.text[:300]
                assert not engine.tasks(processInstanceId=pi["id"])
                if i >= 2:
                    notify_s.append(msg["at"] - t0)
                    decide_s.append(t2 - t1)
    finally:
        if runner:
            runner[0].stop()
            runner[1].join(timeout=30)
        app.stop()
        receiver.stop()
        engine.close()
        local.stop(settings)
        shutil.rmtree(tmp, ignore_errors=True)

    how = "via the notify-approver worker" if runner else "issue_link + notify called directly"
    print(f"\n{args.rounds} approvals, {time.strftime('%Y-%m-%d')}, {how}")
    for name, values, target in (
        ("user task created -> message received", notify_s, 1.0),
        ("click (POST) -> task completed", decide_s, 0.3),
    ):
        p50, p95 = statistics.median(values), pct(values, 95)
        ok = "ok" if p95 <= target else "OVER TARGET"
        print(
            f"{name:40} p50 {p50 * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms  "
            f"(target p95 <= {target * 1000:.0f} ms: {ok})"
        )


if __name__ == "__main__":
    main()
