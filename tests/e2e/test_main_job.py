"""The main job on the real stack: engine, Prefect server, workers, approval app, outbox,
Tryton and Chromium, all started by `autoclerk up` in a data folder of its own."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from autoclerk import stack
from autoclerk.cli import app
from autoclerk.config import Settings, get_settings
from autoclerk.store import Document, get_store
from tests.conftest import free_port
from tests.fixtures_erp import SHARED_INSTALL

pytestmark = pytest.mark.integration
runner = CliRunner()


@pytest.fixture(scope="module")
def stack_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings of a whole stack on free ports; everything is stopped afterwards."""
    saved = dict(os.environ)
    os.environ.update(
        AUTOCLERK_DATA_DIR=str(tmp_path_factory.mktemp("stack")),
        AUTOCLERK_ENGINE_PORT=str(free_port()),
        AUTOCLERK_PREFECT_PORT=str(free_port()),
        AUTOCLERK_ERP_PORT=str(free_port()),
        AUTOCLERK_APPROVALS_PORT=str(free_port()),
        AUTOCLERK_OUTBOX_PORT=str(free_port()),
        AUTOCLERK_ERP_INSTALL_DIR=str(SHARED_INSTALL),
    )
    get_settings.cache_clear()
    settings = get_settings()
    try:
        yield settings
    finally:
        stack.down(settings)
        os.environ.clear()
        os.environ.update(saved)
        get_settings.cache_clear()


def states(settings: Settings) -> dict[str, str]:
    with get_store(settings).session() as s:
        return {d.filename: d.state for d in s.query(Document)}


def wait_for(check: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(2)
    raise AssertionError(f"timed out waiting for {what}")


def test_demo_end_to_end_then_again(stack_settings: Settings, artifacts_dir: Path) -> None:
    from erp.tryton import site_for
    from tests.fixtures_erp import TrytonInstance

    result = runner.invoke(app, ["demo", "--approve", "--timeout", "240"])
    assert result.exit_code == 0, result.output
    first = states(stack_settings)
    assert first["corrupt.pdf"] == "quarantined"
    # The UBL file is the Factur-X invoice again: whichever is read first is entered, the
    # other waits for review as a duplicate (both are read at the same time).
    assert sorted([first["ubl_dupont.xml"], first["facturx_dupont.pdf"]]) == [
        "entered",
        "needs_review",
    ]
    # Every approved bill is in the ERP: in EUR, GBP (Acme) and CNY (the Chinese e-invoice).
    for name in ("small_mueller.pdf", "large_mueller.pdf", "acme.pdf", "chinese_huaqiang.pdf"):
        assert first[name] == "entered", (name, result.output)
    assert "small_mueller (copy).pdf" not in first  # the same bytes: one document

    erp = TrytonInstance(stack_settings, site_for(stack_settings))
    for supplier, number in [
        ("Müller Bürobedarf GmbH", "RE-2024-0815"),
        ("Papeterie Dupont SARL", "FD-2024-0042"),
        ("Acme Office Supplies Ltd", "ACME-24-1187"),
        ("深圳市华强电子有限公司", "24442000000012345678"),
    ]:
        assert len(erp.bills(supplier, number)) == 1, (supplier, number)

    # Prefect saw every bot run.
    with httpx.Client(base_url=stack_settings.prefect_api_url, timeout=10) as p:
        runs = p.post("/flow_runs/filter", json={"limit": 200}).json()
        flows = {f["id"]: f["name"] for f in p.post("/flows/filter", json={}).json()}
    names = {flows[r["flow_id"]] for r in runs if r["state_type"] == "COMPLETED"}
    assert {"ingest", "enter_bill"} <= names

    # The digest reaches the admins (the local outbox).
    from notifications.outbox import read_messages

    before = time.time()
    with httpx.Client(base_url=stack_settings.prefect_api_url, timeout=10) as p:
        dep = p.get("/deployments/name/digest/daily").json()
        p.post(f"/deployments/{dep['id']}/create_flow_run", json={})
    wait_for(
        lambda: any("digest" in str(m["message"]) for m in read_messages(stack_settings, before)),
        120,
        "the digest in the outbox",
    )

    take_screenshots(stack_settings, artifacts_dir)

    # A second run: every file is known, nothing new anywhere.
    again = runner.invoke(app, ["demo", "--approve", "--timeout", "60"])
    assert again.exit_code == 0, again.output
    assert states(stack_settings) == first
    assert len(erp.bills("Müller Bürobedarf GmbH", "RE-2024-0815")) == 1


def test_restart_in_the_middle(stack_settings: Settings) -> None:
    """Stop everything after ingest, start again: the approval and the entry still happen,
    once."""
    from datetime import date
    from decimal import Decimal

    from autoclerk.cli.demo import _approve, _links
    from autoclerk.samples import SUPPLIERS
    from erp.tryton import site_for
    from notifications.outbox import read_messages
    from tests.corpus.generate import render
    from tests.corpus.model import BUYER, LOCALES, build_invoice
    from tests.fixtures_erp import TrytonInstance

    folder = stack_settings.data_dir / "restart"
    folder.mkdir()
    number = f"RS-{int(time.time())}"
    inv = build_invoice(
        LOCALES["de"],
        SUPPLIERS["mueller"].party,
        BUYER,
        number,
        date(2024, 6, 3),
        14,
        [("Aktenvernichter", Decimal(3), "Stk", Decimal("249.00"), Decimal(19))],
    )
    meta = render(inv, "locale_de", folder / "restart")
    before = time.time()
    assert stack.up(stack_settings)["phase"] == "ready"
    shutil_copy(folder / str(meta["file"]), stack_settings.inbox / "restart.pdf")
    wait_for(
        lambda: (
            states(stack_settings).get("restart.pdf") == "awaiting_approval"
            and _links(read_messages(stack_settings, before))
        ),
        180,
        "ingest and the approval message",
    )
    link = _links(read_messages(stack_settings, before))[0]

    stack.down(stack_settings)
    assert stack.health(stack_settings)["engine"] is False
    assert stack.up(stack_settings)["phase"] == "ready"

    assert _approve(link, "approved after a restart") == "approved"
    wait_for(lambda: states(stack_settings)["restart.pdf"] == "entered", 240, "the bill in the ERP")
    erp = TrytonInstance(stack_settings, site_for(stack_settings))
    assert len(erp.bills("Müller Bürobedarf GmbH", number)) == 1


def shutil_copy(src: Path, dst: Path) -> None:
    import shutil

    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}")
    shutil.copyfile(src, tmp)
    tmp.rename(dst)


def take_screenshots(settings: Settings, out: Path) -> None:
    """What the README shows: flow runs in the Prefect UI, the process in Cockpit, the bills
    in Tryton."""
    import json
    from urllib.parse import quote

    from playwright.sync_api import sync_playwright

    from autoclerk.browser import launch_options
    from erp.tryton import site_for

    site = site_for(settings)
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options(settings))
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{settings.prefect_ui_url}/runs", wait_until="networkidle")
            page.get_by_text("enter_bill").first.wait_for(timeout=30_000)
            page.screenshot(path=str(out / "prefect-flow-runs.png"))

            page.goto(f"{settings.engine_web_url}/cockpit/default/", wait_until="networkidle")
            page.get_by_placeholder("Username").fill(settings.engine_admin_user)
            page.get_by_placeholder("Password").fill(
                settings.engine_admin_password.get_secret_value()
            )
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state("networkidle")
            page.goto(
                f"{settings.engine_web_url}/cockpit/default/#/processes", wait_until="networkidle"
            )
            page.get_by_text("Invoice approval").first.click()
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1500)  # the diagram renders after the data arrives
            page.screenshot(path=str(out / "cockpit-invoice-approval.png"))

            page.goto(f"{site.url}/#{site.database}", wait_until="networkidle")
            page.locator("input#database").fill(site.database)
            page.get_by_label("User name").fill(settings.erp_user)
            page.get_by_role("button", name="Login").click()
            page.get_by_label(f"Password for {settings.erp_user}").fill(
                settings.erp_password.get_secret_value()
            )
            page.get_by_role("button", name="OK").click()
            page.locator("#user-preferences a[title]").wait_for()
            name = quote(json.dumps("Supplier Invoices"))
            domain = quote(json.dumps([["type", "=", "in"]]))
            page.goto(
                f"{site.url}/#{site.database}/model/account.invoice;name={name}&domain={domain}"
            )
            page.get_by_text("Müller Bürobedarf GmbH").first.wait_for(timeout=30_000)
            page.screenshot(path=str(out / "tryton-bills.png"))
        finally:
            browser.close()
