"""The flows' long-running process under `autoclerk up`: it serves the deployments with their
schedules (ingest every minute, digest daily) and watches the inbox, since Prefect has no
file sensor: a new file submits an ingest run at once."""

from __future__ import annotations

import threading
import time

from prefect import serve
from prefect.deployments import run_deployment

from autoclerk.config import Settings, get_settings
from flows.digest import digest
from flows.enter_bill import enter_bill
from flows.ingest import inbox_files, ingest

INGEST_DEPLOYMENT = "ingest/inbox"


def watch_inbox(settings: Settings, stop: threading.Event, every: float = 2.0) -> None:
    """Submit one ingest run when files appear that the last run has not seen."""
    seen: set[str] = set()
    while not stop.wait(every):
        names = {p.name for p in inbox_files(settings)}
        if names - seen:
            try:
                run_deployment(INGEST_DEPLOYMENT, timeout=0)
            except Exception as e:  # the server may be restarting: try again next round
                print(f"inbox watcher: could not submit an ingest run: {e}", flush=True)
                continue
        seen = names


def main() -> None:
    settings = get_settings()
    stop = threading.Event()
    threading.Thread(target=watch_inbox, args=(settings, stop), daemon=True).start()
    try:
        serve(
            ingest.to_deployment(name="inbox", interval=settings.ingest_interval_seconds),
            digest.to_deployment(name="daily", cron=settings.digest_cron),
            enter_bill.to_deployment(name="erp"),
            limit=settings.flow_concurrency,
            print_starting_message=True,
        )
    finally:
        stop.set()
        time.sleep(0.1)


if __name__ == "__main__":
    main()
