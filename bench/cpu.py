"""CPU seconds per process: what the benchmarks print beside their figures, so a reader sees
which process a speed limit sits in."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import psutil


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) a process has used so far; 0 if it is gone."""
    if pid is None:
        return 0.0
    try:
        t = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return 0.0
    return float(t.user + t.system)


def _label(proc: psutil.Process, cmd: list[str]) -> str:
    exe = Path(cmd[0]).name if cmd else proc.name()
    if "chrom" in exe:
        kind = next((a for a in cmd if a.startswith("--type=")), "--type=browser")
        kind = kind.removeprefix("--type=")
        return "chromium renderer" if kind == "renderer" else f"chromium {kind}"
    if any("trytond" in a for a in cmd):
        return "trytond (ERP server)"
    if exe == "node" or any("playwright" in a for a in cmd):
        return "playwright driver (node)"
    if proc.pid == psutil.Process().pid:
        return "this process (bot)"
    return exe or "other"


def tree_cpu() -> Counter[str]:
    """CPU seconds so far of this process and all its descendants, summed per kind."""
    me = psutil.Process()
    totals: Counter[str] = Counter()
    for proc in [me, *me.children(recursive=True)]:
        try:
            totals[_label(proc, proc.cmdline())] += process_cpu(proc.pid)
        except psutil.Error:
            continue  # ended meanwhile
    return totals
