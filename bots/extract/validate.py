"""Checking an invoice: arithmetic, dates, currency, required fields, duplicates.

Each check comes back in words; a failed check sends the invoice to review, never blocks it."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from iso4217 import Currency

from autoclerk.invoice import Invoice
from bots.extract.result import Check, ValidationResult

if TYPE_CHECKING:
    from autoclerk.store import Store

CENT = Decimal("0.01")


def _rounds_to(exact: Decimal, printed: Decimal) -> bool:
    """Either common rounding of the exact value gives the printed cents."""
    return printed in (exact.quantize(CENT, ROUND_HALF_UP), exact.quantize(CENT, ROUND_HALF_EVEN))


def check_lines(inv: Invoice) -> Check:
    bad = [
        f"line {i + 1} ({li.description[:30]}): {li.quantity} × {li.unit_price} = "
        f"{(li.quantity * li.unit_price).quantize(CENT, ROUND_HALF_UP)}, printed {li.amount}"
        for i, li in enumerate(inv.lines)
        if not _rounds_to(li.quantity * li.unit_price, li.amount)
    ]
    if bad:
        return Check(name="line arithmetic", ok=False, message="; ".join(bad))
    return Check(
        name="line arithmetic",
        ok=True,
        message=f"quantity × unit price = amount on all {len(inv.lines)} lines",
    )


def check_subtotal(inv: Invoice) -> Check:
    if not inv.lines:
        return Check(name="lines sum", ok=False, message="no line items were read")
    s = sum((li.amount for li in inv.lines), Decimal("0.00"))
    ok = s == inv.subtotal
    return Check(
        name="lines sum",
        ok=ok,
        message=f"lines add up to {s}, subtotal is "
        f"{inv.subtotal}" + ("" if ok else f" (off by {inv.subtotal - s})"),
    )


def check_total(inv: Invoice) -> Check:
    s = inv.subtotal + inv.tax_total
    ok = s == inv.total
    return Check(
        name="total",
        ok=ok,
        message=f"subtotal {inv.subtotal} + tax {inv.tax_total} = {s}, total is {inv.total}",
    )


def check_taxes(inv: Invoice) -> Check:
    problems = []
    if inv.taxes and sum((t.amount for t in inv.taxes), Decimal(0)) != inv.tax_total:
        problems.append(
            f"taxes per rate add up to {sum(t.amount for t in inv.taxes)}, "
            f"tax total is {inv.tax_total}"
        )
    for t in inv.taxes:
        n = sum(1 for li in inv.lines if li.tax_rate == t.rate) or 1
        expected = t.base * t.rate / 100
        if abs(expected - t.amount) > max(CENT, CENT / 2 * n):  # per-line rounding allowed
            problems.append(
                f"{t.rate} % of {t.base} is {expected.quantize(CENT)}, printed {t.amount}"
            )
    if not inv.taxes and inv.tax_total:
        problems.append(f"tax total {inv.tax_total} but no tax rate was read")
    if problems:
        return Check(name="tax", ok=False, message="; ".join(problems))
    rates = ", ".join(f"{t.rate} %" for t in inv.taxes) or "none"
    return Check(name="tax", ok=True, message=f"tax = rate × base for every rate ({rates})")


def check_dates(inv: Invoice) -> Check:
    if inv.due_date is None:
        return Check(name="due date", ok=True, message="no due date printed")
    ok = inv.due_date >= inv.issue_date
    return Check(
        name="due date",
        ok=ok,
        message=f"due {inv.due_date} is "
        f"{'on or after' if ok else 'before'} issue date {inv.issue_date}",
    )


def check_currency(inv: Invoice) -> Check:
    try:
        Currency(inv.currency)
        ok = True
    except ValueError:
        ok = False
    return Check(
        name="currency",
        ok=ok,
        message=f"{inv.currency} is {'a known' if ok else 'not an ISO 4217'} currency",
    )


def check_required(inv: Invoice) -> Check:
    missing = [
        name
        for name, v in (
            ("supplier name", inv.supplier.name),
            ("invoice number", inv.number),
            ("supplier tax id", inv.supplier.tax_id),
            ("total", inv.total),
        )
        if v in (None, "")
    ]
    if missing:
        return Check(name="required fields", ok=False, message="missing: " + ", ".join(missing))
    return Check(
        name="required fields",
        ok=True,
        message="supplier, tax id, number, dates and total are present",
    )


def check_duplicate(inv: Invoice, store: Store, document_id: str | None) -> Check:
    from autoclerk.store.invoices import same_invoice

    with store.session() as s:
        others = same_invoice(s, inv, exclude_document=document_id)
    if others:
        return Check(
            name="duplicate",
            ok=False,
            message=f"invoice {inv.number} from "
            f"{inv.supplier.name} was already read in document(s) {', '.join(others)}",
        )
    return Check(
        name="duplicate", ok=True, message=f"no other invoice {inv.number} from {inv.supplier.name}"
    )


def validate(
    invoice: Invoice,
    store: Store | None = None,
    document_id: str | None = None,
    extra: list[Check] | None = None,
) -> ValidationResult:
    """Run every check; with a `store`, also look for the same supplier + number elsewhere
    (`document_id` is the invoice's own document, not counted as a duplicate)."""
    checks = [
        check_required(invoice),
        check_lines(invoice),
        check_subtotal(invoice),
        check_taxes(invoice),
        check_total(invoice),
        check_dates(invoice),
        check_currency(invoice),
        *(extra or []),
    ]
    if store is not None:
        checks.append(check_duplicate(invoice, store, document_id))
    return ValidationResult(checks=checks)


def record(store: Store, document_id: str, invoice: Invoice) -> None:
    """Remember an extracted invoice for a document, for later duplicate checks."""
    from autoclerk.store.invoices import record_invoice

    with store.session() as s:
        record_invoice(s, document_id, invoice)
