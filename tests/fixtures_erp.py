"""A real local Tryton for tests: one per session, free port, throwaway database.

Use it from any conftest with `from tests.fixtures_erp import tryton  # noqa: F401` (or list
`tests.fixtures_erp` in the root conftest's `pytest_plugins`). The fixture also points
AUTOCLERK_ERP_* at the test Tryton, so code calling `get_settings()` types into it.

The web client and the seeded template come from the shared install folder (built once by
`autoclerk erp setup`, else here on first use); the test database is a copy of the template."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from autoclerk.config import PROJECT_ROOT, Settings, get_settings
from erp import tryton as erp

SHARED_INSTALL = PROJECT_ROOT / "data" / "erp" / "install"


@dataclass
class TrytonInstance:
    """A running test Tryton and how to reach it."""

    settings: Settings
    site: erp.Site

    @property
    def url(self) -> str:
        return self.site.client_url

    def proteus(self) -> Any:
        """A proteus config talking XML-RPC to this Tryton (read-back in tests, not entry)."""
        from proteus import config

        pw = self.settings.erp_password.get_secret_value()
        return config.set_xmlrpc(
            f"http://{self.settings.erp_user}:{pw}@{self.site.host}:{self.site.port}/{self.site.database}/rpc/"
        )

    def bills(self, supplier: str | None = None, number: str | None = None) -> list[Any]:
        """Supplier invoices in the ERP, optionally for one supplier and/or number."""
        from proteus import Model

        cfg = self.proteus()
        domain: list[Any] = [("type", "=", "in")]
        if supplier is not None:
            domain.append(("party.name", "=", supplier))
        if number is not None:
            domain.append(("reference", "=", number))
        return list(Model.get("account.invoice", config=cfg).find(domain))

    def totals(self, bill: Any) -> tuple[Decimal, Decimal, Decimal]:
        return bill.untaxed_amount, bill.tax_amount, bill.total_amount


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_INSTANCE: TrytonInstance | None = None


@pytest.fixture(scope="session")
def tryton(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrytonInstance]:
    """Start one Tryton for the session (a copy of the seeded template) and stop it after."""
    global _INSTANCE
    if _INSTANCE is not None:
        yield _INSTANCE
        return
    install = Path(os.environ.get("AUTOCLERK_ERP_INSTALL_DIR") or SHARED_INSTALL)
    home = tmp_path_factory.mktemp("erp")
    env = {
        "AUTOCLERK_ERP_PORT": str(_free_port()),
        "AUTOCLERK_ERP_DB_NAME": f"test_{uuid.uuid4().hex[:8]}",
        "AUTOCLERK_ERP_INSTALL_DIR": str(install),
        "AUTOCLERK_ERP_URL": "",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    get_settings.cache_clear()
    settings = get_settings().model_copy(update={"erp_url": None})
    if not settings.erp_dir.is_relative_to(tmp_path_factory.getbasetemp()):
        settings = settings.model_copy(update={"data_dir": home})  # never the user's data
    site = erp.site_for(settings)  # where `autoclerk erp status` and the bot look too
    erp.start(settings, site, die_with_parent=True)
    _INSTANCE = TrytonInstance(settings, site)
    try:
        yield _INSTANCE
    finally:
        erp.stop(settings, site)
        _INSTANCE = None
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        get_settings.cache_clear()
