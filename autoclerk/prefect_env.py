"""The environment every Prefect process of autoclerk runs with: local, offline, quiet."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from autoclerk.config import Settings


def prefect_environment(settings: Settings) -> dict[str, str]:
    """PREFECT_* variables for the server, the flow runner and any client in autoclerk."""
    home = settings.data_dir / "prefect"
    return {
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": settings.prefect_api_url,
        "PREFECT_UI_API_URL": settings.prefect_api_url,
        "PREFECT_SERVER_API_HOST": settings.prefect_host,
        "PREFECT_SERVER_API_PORT": str(settings.prefect_port),
        "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
        # The network is closed to anything but registries: no telemetry, no update checks.
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
        # Pick up scheduled and submitted runs within two seconds, not ten.
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        "PREFECT_LOGGING_TO_API_BATCH_INTERVAL": "1",
    }


def apply_prefect_environment(settings: Settings) -> None:
    """Make this process a client of the local Prefect server (call before importing flows
    runs anything). Values the user exported themselves win."""
    for key, value in prefect_environment(settings).items():
        os.environ.setdefault(key, value)


@contextmanager
def prefect_client(settings: Settings) -> Iterator[None]:
    """Within: Prefect clients in this process talk to the local server of `settings`.

    Prefect reads its environment once, when first imported, so the environment alone does
    not reach a process that imported Prefect earlier (a test run, a long-lived shell). The
    server's URL is therefore also set in Prefect's own settings for the block's duration;
    without it, Prefect would quietly fall back to a temporary server of its own."""
    apply_prefect_environment(settings)
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: settings.prefect_api_url}):
        yield
