"""The entry bot against a real local Tryton: typed through sao, read back through proteus."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from autoclerk.store import Store
from autoclerk.store.entry_journal import EntryState, get_entry
from bots.enter import ApplicationError, BillEntry, BusinessError, EntryResult, parse_recipe
from tests.bots.enter.bills import make_bill
from tests.fixtures_erp import TrytonInstance

pytestmark = pytest.mark.integration


def fresh_store(tmp_path: Path, name: str = "store") -> Store:
    return Store(f"sqlite:///{tmp_path / name}.db")


def test_five_bills_entered_once_with_exact_totals(tryton: TrytonInstance, tmp_path: Path) -> None:
    bills = [(f"doc-five-{n}", make_bill(n, "FIVE", lines=2 + n % 3)) for n in range(5)]
    store = fresh_store(tmp_path)
    with BillEntry(tryton.settings, store=store) as bot:
        results = [bot.enter(doc, inv) for doc, inv in bills]
    assert all(isinstance(r, EntryResult) and not r.already_present for r in results)
    for (doc, inv), result in zip(bills, results, strict=True):
        (bill,) = tryton.bills(inv.supplier.name, inv.number)
        assert str(bill.id) == result.erp_reference
        assert tryton.totals(bill) == (inv.subtotal, inv.tax_total, inv.total), inv.number
        assert len(bill.lines) == len(inv.lines)
        assert sorted(line.description for line in bill.lines) == sorted(
            li.description for li in inv.lines
        )
        with store.session() as s:
            row = get_entry(s, doc)
            assert row is not None and row.state == EntryState.entered
            assert row.erp_reference == result.erp_reference

    before = len(tryton.bills())
    # The same five again: the journal knows them...
    with BillEntry(tryton.settings, store=store) as bot:
        again = [bot.enter(doc, inv) for doc, inv in bills]
    # ...and with an empty journal (another machine), the ERP search finds them.
    with BillEntry(tryton.settings, store=fresh_store(tmp_path, "other")) as bot:
        searched = [bot.enter(doc, inv) for doc, inv in bills]
    assert all(r.already_present for r in again + searched)
    assert [r.erp_reference for r in searched] == [r.erp_reference for r in results]
    assert len(tryton.bills()) == before


def test_browser_killed_between_save_and_readback(tryton: TrytonInstance, tmp_path: Path) -> None:
    doc, inv = "doc-kill-1", make_bill(7, "KILL")
    store = fresh_store(tmp_path)
    killed: list[int] = []

    def kill_after_save(document_id: str, section: str, step: str) -> None:
        if (section, step) == ("save", "saved") and not killed:  # the ERP said "saved"
            pid = bot.browser_pid()
            assert pid is not None, "no browser process found to kill"
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    bot = BillEntry(tryton.settings, store=store, on_step=kill_after_save)
    with bot, pytest.raises(ApplicationError) as crash:
        bot.enter(doc, inv)
    assert killed
    assert crash.value.artifacts, "a failure names its artifacts"
    with store.session() as s:
        row = get_entry(s, doc)
        assert row is not None and row.state == EntryState.submitting

    with BillEntry(tryton.settings, store=store) as bot2:
        result = bot2.enter(doc, inv)
    assert result.already_present
    (bill,) = tryton.bills(inv.supplier.name, inv.number)
    assert str(bill.id) == result.erp_reference
    assert bill.total_amount == inv.total
    with store.session() as s:
        row = get_entry(s, doc)
        assert row is not None and row.state == EntryState.entered
        assert row.erp_reference == result.erp_reference


def test_unknown_supplier_is_a_business_error(tryton: TrytonInstance, tmp_path: Path) -> None:
    from autoclerk.invoice import Party

    inv = make_bill(1, "UNKNOWN", supplier=Party(name="Nobody Trading GmbH"))
    store = fresh_store(tmp_path)
    with BillEntry(tryton.settings, store=store) as bot, pytest.raises(BusinessError) as err:
        bot.enter("doc-unknown", inv)
    assert "Nobody Trading GmbH" in str(err.value)
    assert "unknown in the ERP" in str(err.value)
    shots = [p for p in err.value.artifacts if p.suffix == ".png"]
    assert shots and shots[0].exists()
    assert shots[0].is_relative_to(tryton.settings.artifacts_dir / "doc-unknown")
    assert tryton.bills(number=inv.number) == []
    with store.session() as s:
        row = get_entry(s, "doc-unknown")
        assert row is not None and row.state == EntryState.failed


def test_stale_selector_names_the_step_and_a_screenshot(
    tryton: TrytonInstance, tmp_path: Path
) -> None:
    data = yaml.safe_load(tryton.settings.erp_recipe.read_text())
    for step in data["create"]:
        if step["name"] == "supplier invoice number":
            step["fill"] = {"label": "Supplier Ref (renamed in v9):"}
            step["timeout"] = 3
    recipe = parse_recipe(data, "stale.yaml")
    inv = make_bill(2, "STALE")
    with (
        BillEntry(tryton.settings, recipe, store=fresh_store(tmp_path)) as bot,
        pytest.raises(ApplicationError) as err,
    ):
        bot.enter("doc-stale", inv)
    assert "supplier invoice number" in str(err.value)
    shots = [p for p in err.value.artifacts if p.suffix == ".png"]
    assert shots and shots[0].exists()
    assert str(shots[0]) in str(err.value)
    assert any(p.name.endswith(".trace.zip") and p.exists() for p in err.value.artifacts)
    assert tryton.bills(number=inv.number) == []


def test_threads_share_contexts_that_log_in_once(tryton: TrytonInstance, tmp_path: Path) -> None:
    """A worker process's threads hand bills to one bot: each bill takes a free context, each
    context logs in once, and every bill is in the ERP once with its totals."""
    bills = [(f"doc-threads-{n}", make_bill(n, "THREADS")) for n in range(4)]
    with (
        BillEntry(tryton.settings, store=fresh_store(tmp_path), contexts=2) as bot,
        ThreadPoolExecutor(4) as pool,
    ):
        results = list(pool.map(lambda b: bot.enter(*b), bills))
        assert bot.logins == 2
    assert not any(r.already_present for r in results)
    for (_, inv), result in zip(bills, results, strict=True):
        (bill,) = tryton.bills(inv.supplier.name, inv.number)
        assert str(bill.id) == result.erp_reference
        assert tryton.totals(bill) == (inv.subtotal, inv.tax_total, inv.total)


def test_bot_outlives_its_browser(tryton: TrytonInstance, tmp_path: Path) -> None:
    """The browser dies between two bills (out of memory, killed): the same bot launches a
    new one, logs in again and enters the next bill."""
    first, second = (
        ("doc-outlive-1", make_bill(1, "OUTLIVE")),
        ("doc-outlive-2", make_bill(2, "OUTLIVE")),
    )
    with BillEntry(tryton.settings, store=fresh_store(tmp_path)) as bot:
        bot.enter(*first)
        pid = bot.browser_pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while bot.browser_connected() and time.monotonic() < deadline:
            time.sleep(0.05)  # Playwright learns of the death a moment later
        result = bot.enter(*second)
        assert bot.browser_pid() not in (None, pid)
        assert bot.logins == 2
    assert not result.already_present
    (bill,) = tryton.bills(second[1].supplier.name, second[1].number)
    assert str(bill.id) == result.erp_reference
    assert len(tryton.bills(first[1].supplier.name, first[1].number)) == 1


def test_kept_context_logs_in_again_after_a_while(tryton: TrytonInstance, tmp_path: Path) -> None:
    """A context kept longer than `erp_relogin_after` starts a fresh session before its next
    bill, instead of finding out mid-bill that the ERP ended the old one."""
    settings = tryton.settings.model_copy(update={"erp_relogin_after": 0.0})
    with BillEntry(settings, store=fresh_store(tmp_path)) as bot:
        results = [bot.enter(f"doc-relogin-{n}", make_bill(n, "RELOGIN")) for n in range(2)]
        assert bot.logins == 2
    assert not any(r.already_present for r in results)
