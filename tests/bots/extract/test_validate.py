"""Each validation check, failing and passing, with its words; the duplicate check on a store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from autoclerk.samples import BUYER, SUPPLIERS
from autoclerk.store import Store, record_document
from bots.extract import read_invoice, record, validate
from tests.corpus.model import LOCALES, build_invoice

D = Decimal


@pytest.fixture
def inv():  # type: ignore[no-untyped-def]
    return build_invoice(
        LOCALES["de"],
        SUPPLIERS["mueller"].party,
        BUYER,
        "RE-1",
        date(2024, 3, 5),
        14,
        [("Papier", D(3), "Pkt", D("4.99"), D(19)), ("Buch", D(1), "Stk", D("39.90"), D(7))],
    )


def check(result, name):  # type: ignore[no-untyped-def]
    return next(c for c in result.checks if c.name == name)


def test_a_correct_invoice_passes_every_check(inv):
    result = validate(inv)
    assert result.ok, result.failed
    assert {c.name for c in result.checks} == {
        "required fields",
        "line arithmetic",
        "lines sum",
        "tax",
        "total",
        "due date",
        "currency",
    }


def test_line_arithmetic(inv):
    inv.lines[0].amount = D("15.00")
    c = check(validate(inv), "line arithmetic")
    assert not c.ok and c.message == "line 1 (Papier): 3 × 4.99 = 14.97, printed 15.00"


def test_line_arithmetic_accepts_either_rounding(inv):
    inv.lines[0].quantity, inv.lines[0].unit_price, inv.lines[0].amount = (
        D(1),
        D("0.125"),
        D("0.12"),
    )
    assert check(validate(inv), "line arithmetic").ok
    inv.lines[0].amount = D("0.13")
    assert check(validate(inv), "line arithmetic").ok
    inv.lines[0].amount = D("0.14")
    assert not check(validate(inv), "line arithmetic").ok


def test_lines_sum_to_subtotal(inv):
    inv.subtotal += D("1.00")
    c = check(validate(inv), "lines sum")
    assert not c.ok and "lines add up to 54.87, subtotal is 55.87 (off by 1.00)" in c.message


def test_subtotal_plus_tax_is_total(inv):
    inv.total = D("246.00")
    c = check(validate(inv), "total")
    assert not c.ok and c.message == "subtotal 54.87 + tax 5.63 = 60.50, total is 246.00"


def test_tax_is_rate_times_base(inv):
    inv.taxes[0].amount += D("0.50")
    c = check(validate(inv), "tax")
    assert not c.ok
    assert "19 % of 14.97 is 2.84, printed 3.34" in c.message
    assert "taxes per rate add up to" in c.message


def test_due_date_not_before_issue(inv):
    inv.due_date = date(2024, 3, 1)
    c = check(validate(inv), "due date")
    assert not c.ok and c.message == "due 2024-03-01 is before issue date 2024-03-05"


def test_currency_known(inv):
    inv.currency = "EUX"
    c = check(validate(inv), "currency")
    assert not c.ok and c.message == "EUX is not an ISO 4217 currency"


def test_required_fields(inv):
    inv.supplier.tax_id = None
    inv.number = ""
    c = check(validate(inv), "required fields")
    assert not c.ok and c.message == "missing: invoice number, supplier tax id"


def test_duplicate_against_the_document_store(tmp_path, demo, settings):
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    first = demo["small"]
    copy = tmp_path / "same_invoice_again.pdf"
    copy.write_bytes(first.read_bytes() + b"\n% scanned again\n")  # other bytes, same invoice
    with store.session() as s:
        doc1, _ = record_document(s, first, tmp_path / "originals")
        doc2, _ = record_document(s, copy, tmp_path / "originals")
    r1 = read_invoice(first, settings, store=store, document_id=doc1.id)
    assert check(r1.validation, "duplicate").ok
    record(store, doc1.id, r1.invoice)
    # reading the same document again is not a duplicate of itself
    assert check(
        read_invoice(first, settings, store=store, document_id=doc1.id).validation, "duplicate"
    ).ok
    r2 = read_invoice(copy, settings, store=store, document_id=doc2.id)
    dup = check(r2.validation, "duplicate")
    assert not dup.ok and doc1.id in dup.message and "RE-2024-0815" in dup.message
    assert r2.needs_review and any(r.startswith("duplicate:") for r in r2.reasons)


def test_low_confidence_sends_to_review(demo, settings):
    settings.extract_min_confidence = 0.95  # layout values are 0.9 at best
    result = read_invoice(demo["small"], settings)
    assert result.validation.ok and result.needs_review
    assert result.reasons[-1].startswith("low confidence (< 0.95) in: ")
