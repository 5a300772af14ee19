"""A burst of invoices from the inbox to "approval message sent", on the whole local stack.

    .venv/bin/python bench/burst.py [--count 200]

Starts `autoclerk up` in a throwaway data folder on free ports, renders `count` invoices that
all need a manager (total >= 500), drops them into the inbox at once, and waits until every
one has its approval message in the local outbox. Prints invoices per minute and where the
time went, from the document store's audit trail and the delivery records. Measured, not
asserted."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from autoclerk.config import PROJECT_ROOT, get_settings  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def needing_a_manager(folder: Path, count: int) -> list[Path]:
    """Render invoices and keep `count` whose total needs an approver."""
    from tests.corpus.generate import generate

    picked: list[Path] = []
    seed = 7
    while len(picked) < count:
        for f in generate(folder / f"s{seed}", count, seed=seed):
            truth = json.loads(f.with_suffix(".json").read_text())
            if float(truth["invoice"]["total"]) >= 500 and len(picked) < count:
                picked.append(f)
        seed += 1
    return picked


def q(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--timeout", type=float, default=1800)
    args = ap.parse_args()

    data = Path(tempfile.mkdtemp(prefix="autoclerk-burst-"))
    os.environ.update(
        AUTOCLERK_DATA_DIR=str(data),
        AUTOCLERK_ENGINE_PORT=str(free_port()),
        AUTOCLERK_PREFECT_PORT=str(free_port()),
        AUTOCLERK_ERP_PORT=str(free_port()),
        AUTOCLERK_APPROVALS_PORT=str(free_port()),
        AUTOCLERK_OUTBOX_PORT=str(free_port()),
        AUTOCLERK_ERP_INSTALL_DIR=str(PROJECT_ROOT / "data" / "erp" / "install"),
    )
    get_settings.cache_clear()
    settings = get_settings()
    from autoclerk import stack
    from autoclerk.store import AuditEvent, Document, get_store
    from autoclerk.store.approvals import NotificationDelivery

    print(f"rendering {args.count} invoices that need a manager ...", flush=True)
    files = needing_a_manager(data / "corpus", args.count)
    print("starting the stack (autoclerk up) ...", flush=True)
    state = stack.up(settings)
    if state.get("phase") != "ready":
        sys.exit(f"stack did not start: {state}")
    try:
        settings.inbox.mkdir(parents=True, exist_ok=True)
        t0 = time.time()
        for f in files:  # copy under a dot-name, then rename: the watcher sees whole files
            tmp = settings.inbox / f".{f.name}"
            shutil.copyfile(f, tmp)
            tmp.rename(settings.inbox / f.name)
        store = get_store(settings)
        deadline = time.monotonic() + args.timeout
        sent: dict[str, float] = {}
        while time.monotonic() < deadline:
            with store.session() as s:
                rows = s.execute(
                    select(NotificationDelivery.document_id, NotificationDelivery.at).where(
                        NotificationDelivery.template == "approval_request",
                        NotificationDelivery.delivered.is_(True),
                    )
                ).all()
                docs = list(s.scalars(select(Document)))
            sent = {d: at.timestamp() for d, at in rows if d}
            settled = [d for d in docs if d.state not in ("received", "extracted")]
            waiting = [d for d in docs if d.state == "awaiting_approval"]
            print(
                f"\r{time.time() - t0:6.1f}s  documents {len(docs)}/{len(files)}  "
                f"past reading {len(settled)}  approval messages {len(sent)}/{len(waiting)}",
                end="",
                flush=True,
            )
            if len(settled) == len(files) and waiting and len(sent) >= len(waiting):
                break
            time.sleep(1)
        print()
        with store.session() as s:
            events = s.execute(
                select(AuditEvent.document_id, AuditEvent.action, AuditEvent.detail, AuditEvent.at)
            ).all()
            states = dict(s.execute(select(Document.id, Document.state)).all())
        marks: dict[str, dict[str, float]] = {}
        for doc_id, action, detail, at in events:
            key = action if action != "state" else str(detail.get("new"))
            marks.setdefault(doc_id, {}).setdefault(
                key, at.timestamp() if isinstance(at, datetime) else at
            )
        stages: dict[str, list[float]] = {
            "inbox -> recorded": [],
            "recorded -> read": [],
            "read -> process started": [],
            "process started -> message sent": [],
        }
        for doc_id, m in marks.items():
            if "received" in m:
                stages["inbox -> recorded"].append(m["received"] - t0)
            read_at = m.get("extracted") or m.get("needs_review") or m.get("quarantined")
            if read_at and "received" in m:
                stages["recorded -> read"].append(read_at - m["received"])
            if "awaiting_approval" in m and "extracted" in m:
                stages["read -> process started"].append(m["awaiting_approval"] - m["extracted"])
            if doc_id in sent and "awaiting_approval" in m:
                stages["process started -> message sent"].append(
                    sent[doc_id] - m["awaiting_approval"]
                )
        last = max(sent.values()) if sent else time.time()
        n = len(sent)
        by_state: dict[str, int] = {}
        for st in states.values():
            by_state[st] = by_state.get(st, 0) + 1
        rate = n / (last - t0) * 60
        print(f"\n{args.count} invoices dropped at once; states: {by_state}")
        print(f"approval messages sent: {n} in {last - t0:.1f}s = {rate:.0f} invoices/minute")
        print("where the time goes (seconds per document: p50 / p95 / max):")
        for name, vals in stages.items():
            if vals:
                print(
                    f"  {name:34s} {q(vals, 50):7.2f} / {q(vals, 95):7.2f} / {max(vals):7.2f}"
                    f"   (n={len(vals)})"
                )
        print(f"RESULT {rate:.0f} invoices/minute inbox -> approval message ({n} of {args.count})")
    finally:
        stack.down(settings)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
