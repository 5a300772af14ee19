"""External tasks completed per second by ONE worker process against the local engine.

    .venv/bin/python bench/workers.py [--instances 3000] [--threads 16]

Starts a throwaway engine (temp data folder, free port), deploys a one-step process with an
external task, starts N instances over REST, then times one `workers.runner.Runner` draining
them (bulk fetch-and-lock, long polling, completions on a thread pool over one keep-alive
session). Prints the figure; it is measured, not asserted."""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

# Run as a script, this file's folder comes first on sys.path and its own name, workers.py,
# would hide the `workers` package: drop that folder before importing it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autoclerk.config import Settings  # noqa: E402
from autoclerk.engine import EngineClient, local  # noqa: E402
from bench.cpu import process_cpu  # noqa: E402
from workers.runner import Runner, RunnerConfig  # noqa: E402

BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="bench">
  <bpmn:process id="bench_workers" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="t" camunda:type="external" camunda:topic="bench">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" />
    <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def handle(task: Any, ctx: Any) -> dict[str, Any]:
    return {"doubled": int(task.get_variable("n") or 0) * 2}


def drain(
    settings: Settings, client: EngineClient, args: argparse.Namespace, n: int, quiet: bool = False
) -> float:
    """Start `n` instances, then time one runner completing their external tasks."""
    t0 = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        list(
            pool.map(lambda i: client.start_process("bench_workers", variables={"n": i}), range(n))
        )
    if not quiet:
        print(f"started {n} instances in {time.perf_counter() - t0:.1f}s", flush=True)
    config = RunnerConfig.from_settings(
        settings,
        worker_id="bench",
        threads=args.threads,
        max_tasks=args.max_tasks,
        poll_ms=2000,
        lock_ms=60_000,
    )
    runner = Runner(settings, {"bench": handle}, config)
    thread = threading.Thread(target=runner.run, daemon=True)
    engine_pid = local.running_pid(settings)
    engine_cpu0 = process_cpu(engine_pid)
    cpu0, t0 = time.process_time(), time.perf_counter()
    thread.start()
    while runner.completed < n:
        time.sleep(0.01)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    engine_cpu = process_cpu(engine_pid) - engine_cpu0
    runner.stop()
    thread.join(30)
    left = client.get("/external-task/count", topicName="bench")["count"]
    rate, cores = n / elapsed, os.cpu_count() or 1
    if not quiet:
        print(
            f"one worker process, {args.threads} threads: {n} external tasks completed in "
            f"{elapsed:.2f}s = {rate:.0f}/s (left open: {left})\n"
            f"worker CPU {1000 * cpu / n:.2f} ms/task: the worker alone would sustain "
            f"{n / max(cpu, 1e-9):.0f}/s; below that, the engine is the limit\n"
            f"engine CPU {1000 * engine_cpu / n:.2f} ms/task (all {cores} cores: "
            f"{cores * n / max(engine_cpu + cpu, 1e-9):.0f}/s if nothing else ran)"
        )
    return rate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--instances", type=int, default=3000)
    ap.add_argument("--threads", type=int, default=16)
    ap.add_argument("--max-tasks", type=int, default=0, help="held at once; 0: 4 per thread")
    ap.add_argument("--warmup", type=int, default=1000, help="instances drained first, untimed")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="autoclerk-bench-") as tmp:
        bpmn_dir = Path(tmp) / "bpmn"
        bpmn_dir.mkdir()
        (bpmn_dir / "bench_workers.bpmn").write_text(BPMN)
        settings = Settings(data_dir=Path(tmp) / "data", bpmn_dir=bpmn_dir, engine_port=free_port())
        print(f"starting a throwaway engine on port {settings.engine_port} ...", flush=True)
        local.start(settings, die_with_parent=True)
        try:
            client = EngineClient(settings=settings)
            if args.warmup:
                drain(settings, client, args, args.warmup, quiet=True)  # JIT, caches, pools
            rate = drain(settings, client, args, args.instances)
            print(f"RESULT {rate:.0f} external tasks/s from one worker process")
            client.close()
        finally:
            local.stop(settings)


if __name__ == "__main__":
    main()
