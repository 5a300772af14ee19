"""A runner process with one slow handler, for the SIGTERM test (run as a script)."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from autoclerk.config import get_settings
from workers.runner import Runner, RunnerConfig


def slow(task: Any, ctx: Any) -> dict[str, Any]:
    Path(os.environ["SLOW_WORKER_MARK"]).write_text(task.get_task_id())
    time.sleep(60)
    return {"by": "slow-worker"}


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    settings = get_settings()
    config = RunnerConfig.from_settings(
        settings, worker_id="slow-worker", lock_ms=300_000, poll_ms=500
    )
    Runner(settings, {"test-work": slow}, config).run()
