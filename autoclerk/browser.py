"""Which Chromium Playwright drives, and how it is launched on this kind of machine."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from autoclerk.config import Settings

# No sandbox (root in CI), no GPU, and no background calls home: the network is closed.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def chromium_executable(settings: Settings) -> Path | None:
    """A system Chromium if there is one (Debian's), else None: Playwright's own browser."""
    if settings.chromium_path:
        return settings.chromium_path
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def launch_options(settings: Settings, headless: bool = True) -> dict[str, Any]:
    """Keyword arguments for `playwright.chromium.launch(...)`."""
    opts: dict[str, Any] = {"headless": headless, "args": CHROMIUM_ARGS}
    exe = chromium_executable(settings)
    if exe:
        opts["executable_path"] = str(exe)
    return opts
