"""CPU seconds per process, from /proc (Linux): what the benchmarks print beside their figures,
so a reader sees which process a speed limit sits in."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) a process has used so far; 0 if it is gone."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _label(pid: int) -> str:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "gone"
    cmd = b" ".join(argv).decode(errors="replace")
    if "chrom" in Path(argv[0].decode(errors="replace")).name:
        kind = next((a for a in cmd.split() if a.startswith("--type=")), "--type=browser")
        kind = kind.removeprefix("--type=")
        return "chromium renderer" if kind == "renderer" else f"chromium {kind}"
    if "trytond" in cmd:
        return "trytond (ERP server)"
    if "node" in Path(argv[0].decode(errors="replace")).name or "playwright" in cmd:
        return "playwright driver (node)"
    if pid == os.getpid():
        return "this process (bot)"
    return Path(argv[0].decode(errors="replace")).name or "other"


def tree_cpu() -> Counter[str]:
    """CPU seconds so far of this process and all its descendants, summed per kind."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    totals: Counter[str] = Counter()
    stack = [os.getpid()]
    while stack:
        pid = stack.pop()
        totals[_label(pid)] += process_cpu(pid)
        stack.extend(children.get(pid, []))
    return totals
