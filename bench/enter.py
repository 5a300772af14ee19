"""Benchmark of the bill-entry bot against a local Tryton: seconds per bill, warm.

It starts its own Tryton (throwaway database copied from the seeded template, free port),
logs the contexts in first (not counted), then enters N bills of 3 lines each on 1 context
and N more on 2 contexts in parallel, and prints seconds per bill and the speed-up. The
baseline is a cold bot: a few bills each entered by a bot of its own (browser start + login).

    .venv/bin/python bench/enter.py [--bills 6] [--lines 3] [--cold 2]
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autoclerk.config import Settings  # noqa: E402
from autoclerk.store import Store  # noqa: E402
from bench.cpu import tree_cpu  # noqa: E402
from bots.enter import BillEntry, EntryResult  # noqa: E402
from erp import tryton  # noqa: E402
from tests.bots.enter.bills import make_bill  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def print_steps(bot: BillEntry, n: int) -> None:
    """Seconds per bill spent in each recipe step (summed over its runs, e.g. per line)."""
    rows = sorted(bot.step_seconds.items(), key=lambda kv: -sum(kv[1]))
    total = sum(sum(v) for _, v in rows)
    print(f"  steps: {total / n:.2f} s per bill in recipe steps")
    for (section, name), secs in rows:
        print(
            f"  {sum(secs) / n:6.3f} s/bill  {len(secs) / n:4.1f}x  max {max(secs):.3f}  "
            f"{section} / {name}"
        )


def print_cpu(cpu: Counter[str], n: int, elapsed: float) -> None:
    """CPU seconds per bill in each kind of process, and how many cores that kept busy."""
    total = sum(cpu.values())
    print(
        f"  CPU: {total / n:.2f} s per bill in all processes, "
        f"{total / elapsed:.2f} of {os.cpu_count()} cores busy on average"
    )
    for kind, secs in cpu.most_common():
        if secs / n >= 0.01:
            print(f"  {secs / n:6.2f} s/bill  {kind}")


def run(
    settings: Settings,
    store: Store,
    contexts: int,
    n: int,
    lines: int,
    tag: str,
    steps: bool = False,
) -> float:
    bills = [(f"bench-{tag}-{i}", make_bill(i, f"B{tag}", lines=lines)) for i in range(n)]
    with BillEntry(settings, store=store, contexts=contexts) as bot:
        bot.login()
        bot.step_seconds.clear()
        cpu0, t0 = tree_cpu(), time.perf_counter()
        results = bot.enter_many(bills)
        elapsed = time.perf_counter() - t0
        cpu = tree_cpu() - cpu0
        if steps:
            print_steps(bot, n)
        print_cpu(cpu, n, elapsed)
    failed = [r for r in results if not isinstance(r, EntryResult)]
    if failed:
        raise SystemExit(f"{len(failed)} bills failed, first: {failed[0]}")
    if any(r.already_present for r in results if isinstance(r, EntryResult)):
        raise SystemExit("some bills were already present: the benchmark needs fresh numbers")
    return elapsed / n


def run_cold(settings: Settings, store: Store, n: int, lines: int) -> float:
    """Seconds per bill when every bill gets a bot of its own: a browser start and a login
    each time (what a process that does not keep its bot pays)."""
    t0 = time.perf_counter()
    for i in range(n):
        with BillEntry(settings, store=store) as bot:
            bot.enter(f"bench-cold-{i}", make_bill(i, "Bcold", lines=lines))
    return (time.perf_counter() - t0) / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bills", type=int, default=6, help="bills per run")
    ap.add_argument("--lines", type=int, default=3, help="lines per bill")
    ap.add_argument("--steps", action="store_true", help="print seconds per recipe step")
    ap.add_argument("--one-only", action="store_true", help="skip the 2-context run")
    ap.add_argument("--cold", type=int, default=2, help="bills entered with a bot each (0: skip)")
    args = ap.parse_args()
    base = Settings()
    install = base.erp_install_dir or base.erp_dir / "install"
    with tempfile.TemporaryDirectory() as tmp:
        settings = base.model_copy(
            update={
                "data_dir": Path(tmp),
                "erp_install_dir": install,
                "erp_port": free_port(),
                "erp_db_name": f"bench_{uuid.uuid4().hex[:6]}",
                "erp_url": None,
            }
        )
        site = tryton.site_for(settings)
        print(f"starting Tryton at {site.url} (database {site.database})", flush=True)
        tryton.start(settings, site, die_with_parent=True)
        try:
            store = Store(settings.store_sqlalchemy_url)
            one = run(settings, store, 1, args.bills, args.lines, "one", args.steps)
            print(f"1 context : {one:.2f} s per bill ({args.bills} bills, {args.lines} lines)")
            if args.cold:
                cold = run_cold(settings, store, args.cold, args.lines)
                print(
                    f"cold      : {cold:.2f} s per bill with a new browser and login each "
                    f"({args.cold} bills): the kept bot is {cold / one:.2f}x faster"
                )
            if args.one_only:
                return
            two = run(settings, store, 2, args.bills, args.lines, "two", args.steps)
            print(f"2 contexts: {two:.2f} s per bill ({args.bills} bills, {args.lines} lines)")
            print(f"speed-up  : {one / two:.2f}x")
        finally:
            tryton.stop(settings, site)


if __name__ == "__main__":
    main()
