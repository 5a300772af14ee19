"""The worker runner: fetch-and-lock in bulk, handlers on a thread pool, and the engine told
about everything (complete, BPMN error, failure with back-off, lock extension, unlock on stop).

It fixes what the library's own worker loop lacks: that loop swallows a handler's exception
and sleeps without telling the engine, cannot extend a lock, and cannot stop gracefully."""

from __future__ import annotations

import logging
import os
import queue
import signal
import socket
import threading
import time
import traceback
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from camunda.external_task.external_task import ExternalTask, TaskResult

from autoclerk.config import Settings
from autoclerk.engine import EngineClient, to_variables
from workers.client import SessionTaskClient, TaskCallError
from workers.errors import business_code
from workers.registry import Context, Handler

log = logging.getLogger("autoclerk.workers")

# What the engine answers when another transaction changed the same process instance while a
# task's result was being reported: an optimistic-locking conflict, or (ENGINE-03077) an
# execution whose parent that transaction removed. Both succeed when tried again.
CONCURRENT_CHANGE = ("concurrently", "deleted in the meantime")

# The long poll while a topic is at its limit (see _fetch_loop).
LIMITED_POLL_MS = 500


@dataclass
class RunnerConfig:
    """How one runner process works; defaults come from the settings (`AUTOCLERK_WORKER_*`)."""

    worker_id: str
    threads: int = 8
    max_tasks: int = 0  # tasks held at once (queued + running); 0: four per thread
    lock_ms: int = 60_000
    poll_ms: int = 10_000
    retries: int = 3
    retry_ms: int = 10_000
    shutdown_grace: float = 10.0
    # topic -> most tasks of it held at once (queued + running); the rest of the capacity
    # stays free for the other topics
    topic_limits: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> RunnerConfig:
        values: dict[str, Any] = {
            "worker_id": settings.worker_id or f"autoclerk-{socket.gethostname()}-{os.getpid()}",
            "threads": settings.worker_threads,
            "lock_ms": settings.worker_lock_ms,
            "poll_ms": settings.worker_poll_ms,
            "retries": settings.worker_retries,
            "retry_ms": settings.worker_retry_ms,
            "shutdown_grace": settings.worker_shutdown_grace,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def capacity(self) -> int:
        return self.max_tasks or 4 * self.threads


@dataclass
class _Lease:
    task: ExternalTask
    deadline: float  # monotonic time the engine's lock runs out
    state: str = "queued"  # queued -> running -> done | released
    lock: threading.Lock = field(default_factory=threading.Lock)


class Runner:
    """Runs `handlers` (topic -> function) until `stop()` or SIGTERM/SIGINT."""

    def __init__(
        self,
        settings: Settings,
        handlers: Mapping[str, Handler],
        config: RunnerConfig | None = None,
    ) -> None:
        if not handlers:
            raise ValueError("no handlers to run; name at least one topic")
        self.settings = settings
        self.handlers = dict(handlers)
        self.config = config or RunnerConfig.from_settings(settings)
        c = self.config
        self.client = SessionTaskClient(
            c.worker_id,
            settings,
            {
                "maxTasks": c.capacity,
                "lockDuration": c.lock_ms,
                "asyncResponseTimeout": c.poll_ms,
                "includeExtensionProperties": True,
                "connections": c.threads + 2,
            },
        )
        self.engine = EngineClient(settings=settings)
        self.context = Context(settings=settings, engine=self.engine)
        self._stop = threading.Event()
        self._queue: queue.Queue[_Lease | None] = queue.Queue()
        self._slots = threading.Semaphore(c.capacity)
        self._leases: dict[str, _Lease] = {}
        self._leases_lock = threading.Lock()
        self.completed = 0  # tasks reported to the engine (complete, BPMN error or failure)

    # --- life cycle ---
    def stop(self) -> None:
        """Ask the runner to stop: no new fetches; running handlers get the grace period."""
        self._stop.set()

    def run(self) -> None:
        """Work until stopped; on the way out, finish or give back every task in hand."""
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: self.stop())
        threads = [
            threading.Thread(target=self._work, daemon=True) for _ in range(self.config.threads)
        ]
        fetcher = threading.Thread(target=self._fetch_loop, name="fetch", daemon=True)
        keeper = threading.Thread(target=self._keep_locks, name="locks", daemon=True)
        for t in [*threads, fetcher, keeper]:
            t.start()
        log.info(
            "worker %s: topics %s, %d threads",
            self.config.worker_id,
            ", ".join(sorted(self.handlers)),
            self.config.threads,
        )
        while not self._stop.wait(0.5):
            pass
        self._shutdown(fetcher, threads)

    def _shutdown(self, fetcher: threading.Thread, threads: list[threading.Thread]) -> None:
        log.info("worker %s stopping: giving back queued tasks", self.config.worker_id)
        # The fetch in flight may still bring tasks: it unlocks them itself once stopped.
        fetcher.join(self.config.poll_ms / 1000 + self.client.config["timeoutDeltaMillis"] / 1000)
        self._release(lambda lease: lease.state == "queued")
        for _ in threads:
            self._queue.put(None)
        end = time.monotonic() + self.config.shutdown_grace
        while time.monotonic() < end and self._held():
            time.sleep(0.05)
        released = self._release(lambda lease: lease.state == "running")
        if released:
            log.warning(
                "worker stopped with %d handler(s) unfinished; their tasks unlocked", released
            )
        self.client.close()
        self.engine.close()

    def _held(self) -> list[_Lease]:
        with self._leases_lock:
            return list(self._leases.values())

    def _release(self, which: Any) -> int:
        n = 0
        for lease in self._held():
            with lease.lock:
                if not which(lease):
                    continue
                lease.state = "released"
            self._forget(lease)
            try:
                self.client.unlock(lease.task.get_task_id())
                n += 1
            except (TaskCallError, OSError) as e:
                log.warning("could not unlock task %s: %s", lease.task.get_task_id(), e)
        return n

    def _forget(self, lease: _Lease) -> None:
        with self._leases_lock:
            if self._leases.pop(lease.task.get_task_id(), None) is not None:
                self._slots.release()

    # --- fetching ---
    def _take_slots(self) -> int:
        """Free slots to fetch for: at once when no task waits for a thread, else once half the
        capacity is free. Each fetch-and-lock costs the engine a query over all of the topic's
        open tasks, so under a backlog fewer, larger fetches leave it more time to complete."""
        cap, n = self.config.capacity, 0
        while not self._stop.is_set():
            if self._slots.acquire(timeout=0.05):
                n += 1
                while n < cap and self._slots.acquire(blocking=False):
                    n += 1
            if n and (2 * n >= cap or self._queue.empty()):
                return n
        for _ in range(n):
            self._slots.release()
        return 0

    def _held_by_topic(self) -> Counter[str]:
        """Call with `_leases_lock` held."""
        return Counter(lease.task.get_topic_name() for lease in self._leases.values())

    def _topics_to_fetch(self) -> list[str]:
        """The topics not at their limit."""
        limits = self.config.topic_limits
        if not limits:
            return list(self.handlers)
        with self._leases_lock:
            held = self._held_by_topic()
        return [t for t in self.handlers if t not in limits or held[t] < limits[t]]

    def _keep(self, lease: _Lease) -> bool:
        """Hold a fetched task unless its topic reached its limit meanwhile (a fetch cannot
        ask for a number per topic, so it may bring more than the limit allows)."""
        topic = lease.task.get_topic_name()
        limit = self.config.topic_limits.get(topic)
        with self._leases_lock:
            if limit is not None and self._held_by_topic()[topic] >= limit:
                return False
            self._leases[lease.task.get_task_id()] = lease
            return True

    def _fetch_loop(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            n = self._take_slots()
            if not n:
                break
            topics = self._topics_to_fetch()
            if not topics:  # every topic at its limit: wait for a handler to finish
                for _ in range(n):
                    self._slots.release()
                self._stop.wait(0.1)
                continue
            self.client.config["maxTasks"] = n
            # A topic left out for its limit is asked for again once a slot of it frees, so
            # the fetch for the others may not sit out a whole long poll meanwhile.
            self.client.config["asyncResponseTimeout"] = (
                self.config.poll_ms
                if len(topics) == len(self.handlers)
                else min(self.config.poll_ms, LIMITED_POLL_MS)
            )
            try:
                got = self.client.fetch_and_lock(topics)
                backoff = 0.5
            except Exception as e:  # engine down or restarting: wait and try again
                for _ in range(n):
                    self._slots.release()
                log.warning("fetch-and-lock failed (%s); retrying in %.1fs", e, backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            for _ in range(n - len(got)):
                self._slots.release()
            now = time.monotonic()
            for raw in got:
                lease = _Lease(ExternalTask(raw), now + self.config.lock_ms / 1000)
                if not self._keep(lease):
                    self._slots.release()
                    try:
                        self.client.unlock(raw["id"])
                    except (TaskCallError, OSError) as e:
                        log.warning("could not give back task %s: %s", raw["id"], e)
                    continue
                if self._stop.is_set():
                    self._release(lambda item, lease=lease: item is lease)
                else:
                    self._queue.put(lease)

    # --- locks ---
    def _keep_locks(self) -> None:
        lock_s = self.config.lock_ms / 1000
        while not self._stop.wait(min(1.0, lock_s / 4)) or self._held():
            now = time.monotonic()
            for lease in self._held():
                if lease.deadline - now > lock_s / 2 or lease.state not in ("queued", "running"):
                    continue
                try:
                    self.client.extend_lock(lease.task.get_task_id(), self.config.lock_ms)
                    lease.deadline = time.monotonic() + lock_s
                except (TaskCallError, OSError) as e:
                    log.warning("could not extend lock of task %s: %s", lease.task.get_task_id(), e)
            if self._stop.is_set():
                time.sleep(min(1.0, lock_s / 4))

    # --- running handlers ---
    def _work(self) -> None:
        while True:
            lease = self._queue.get()
            if lease is None:
                return
            with lease.lock:
                if lease.state != "queued":
                    continue
                lease.state = "running"
            try:
                self._execute(lease)
            finally:
                self._forget(lease)

    def _execute(self, lease: _Lease) -> None:
        task = lease.task
        topic = task.get_topic_name()
        try:
            result: Any = self.handlers[topic](task, self.context)
            outcome: tuple[str, Any] = ("complete", result)
        except Exception as e:
            outcome = ("error", e)
        with lease.lock:
            if lease.state == "released":
                log.warning(
                    "task %s (%s) finished after it was given back", task.get_task_id(), topic
                )
                return
            lease.state = "done"
        try:
            for attempt in range(5):
                try:
                    if outcome[0] == "complete":
                        self._report(task, outcome[1])
                    else:
                        self._report_error(task, outcome[1])
                    break
                except TaskCallError as e:
                    # Another transaction touched the same process at the same moment (e.g. a
                    # person decided the user task while its notification was being reported):
                    # the engine says so in one of these ways, and a new attempt sees its
                    # execution tree as that transaction left it.
                    if attempt == 4 or not any(m in str(e) for m in CONCURRENT_CHANGE):
                        raise
                    time.sleep(0.05 * (attempt + 1))
            self.completed += 1
        except (TaskCallError, OSError) as e:
            # The lock was lost (timed out, process cancelled): the engine decides what's next.
            log.warning(
                "task %s (%s): could not report the result: %s", task.get_task_id(), topic, e
            )

    def _report(self, task: ExternalTask, result: Any) -> None:
        task_id = task.get_task_id()
        if isinstance(result, TaskResult):  # the library's own result objects work too
            if result.is_bpmn_error():
                self.client.bpmn_failure(
                    task_id,
                    result.bpmn_error_code,
                    result.error_message or "",
                    to_variables(result.global_variables or {}),
                )
            elif result.is_failure():
                self._fail(
                    task, RuntimeError(result.error_message), str(result.error_details or "")
                )
            else:
                self.client.complete(
                    task_id,
                    to_variables(result.global_variables or {}),
                    to_variables(result.local_variables or {}),
                )
            return
        self.client.complete(task_id, to_variables(result or {}))

    def _report_error(self, task: ExternalTask, exc: Exception) -> None:
        code = business_code(exc)
        if code:
            log.info(
                "task %s (%s): business error %s: %s",
                task.get_task_id(),
                task.get_topic_name(),
                code,
                exc,
            )
            variables = {"errorCode": code, "errorMessage": str(exc)}
            self.client.bpmn_failure(task.get_task_id(), code, str(exc), to_variables(variables))
            return
        details = "".join(traceback.format_exception(exc))
        self._fail(task, exc, details)

    def _fail(self, task: ExternalTask, exc: BaseException, details: str) -> None:
        """Report a failure: retries count down from the configured number, back-off doubles;
        at zero the engine raises an incident (Cockpit)."""
        c = self.config
        previous = task._context.get("retries")
        retries = c.retries if previous is None else max(int(previous) - 1, 0)
        attempt = c.retries - retries
        timeout = int(c.retry_ms * 2 ** max(attempt, 0))
        message = f"{task.get_topic_name()}: {exc.__class__.__name__}: {exc}"[:500]
        log.warning(
            "task %s %s; retries left %d, next in %d ms",
            task.get_task_id(),
            message,
            retries,
            timeout,
        )
        self.client.failure(task.get_task_id(), message, details, retries, timeout)
