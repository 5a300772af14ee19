"""The local Tryton: running, seeded as the demo needs, setup idempotent and quick."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from autoclerk.cli import app
from erp import tryton as erp
from erp.seed import SUPPLIER_TAXES, SUPPLIERS
from tests.fixtures_erp import TrytonInstance

pytestmark = pytest.mark.integration


def test_running_and_status(tryton: TrytonInstance) -> None:
    assert erp.status(tryton.settings, tryton.site) == tryton.url
    assert erp.answers(tryton.site)
    result = CliRunner().invoke(app, ["erp", "status"])
    assert result.exit_code == 0, result.output
    assert tryton.url in result.output


def test_seeded_company_suppliers_taxes(tryton: TrytonInstance) -> None:
    from proteus import Model

    cfg = tryton.proteus()
    (company,) = Model.get("company.company", config=cfg).find([])
    assert company.currency.code == "EUR"
    names = {p.name for p in Model.get("party.party", config=cfg).find([])}
    assert {name for name, _ in SUPPLIERS} <= names
    taxes = {t.name: t.rate for t in Model.get("account.tax", config=cfg).find([])}
    assert taxes == {name: Decimal(rate) / 100 for rate, name in SUPPLIER_TAXES.items()}
    items = Model.get("ir.module.config_wizard.item", config=cfg).find([("state", "!=", "done")])
    assert items == []


def test_setup_again_is_quick_and_keeps_the_database(tryton: TrytonInstance) -> None:
    before = tryton.site.db_file.stat().st_mtime_ns
    t0 = time.monotonic()
    assert erp.setup(tryton.settings, tryton.site) == tryton.url
    assert time.monotonic() - t0 < 2
    assert tryton.site.db_file.stat().st_mtime_ns == before
