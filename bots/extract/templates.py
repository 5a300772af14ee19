"""Vendor templates in invoice2data's YAML format, run by invoice2data's own template engine
on the text we already extracted (no pdftotext, no second pass over the file)."""

from __future__ import annotations

import logging
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from invoice2data.extract.invoice_template import InvoiceTemplate
from invoice2data.extract.loader import read_templates
from invoice2data.input import pdfium as pdfium_input

from autoclerk.invoice import FieldOrigin, Invoice, LineItem, Party, Source, TaxLine
from bots.extract.numbers import parse_amount

CONFIDENCE = 0.95
log = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def load(folder: str) -> list[InvoiceTemplate]:
    """The templates of a folder, highest priority first (read once per process)."""
    templates = read_templates(folder)
    return sorted(templates, key=lambda t: t.get("priority", 5), reverse=True)


def _dec(v: Any) -> Decimal | None:
    if v is None or v == "":
        return None
    if isinstance(v, float):  # invoice2data types amounts as float: back to exact cents
        return Decimal(repr(v))
    return parse_amount(str(v))


def _date(v: Any) -> date | None:
    return v.date() if isinstance(v, datetime) else v if isinstance(v, date) else None


def read_template(path: Path, text: str, folder: Path) -> tuple[Invoice, str] | None:
    """(invoice, template name) if a vendor template matches the text, else None."""
    for t in load(str(folder)):
        if not t.matches_input(text):
            continue
        try:
            out = t.extract(t.prepare_input(text), str(path), pdfium_input)
        except ValueError as exc:
            log.info("template %s matched %s but failed: %s", t["template_name"], path.name, exc)
            continue
        return _to_invoice(out), str(t["template_name"])
    return None


def _to_invoice(o: dict[str, Any]) -> Invoice:
    lines = [
        LineItem(
            description=str(li.get("name", "")).strip(),
            quantity=_dec(li.get("qty")) or 1,
            unit=li.get("uom"),
            unit_price=_dec(li.get("price_unit")) or Decimal(0),
            tax_rate=_dec(li.get("line_tax_percent")) or Decimal(0),
            amount=_dec(li.get("price_subtotal")) or Decimal(0),
        )
        for li in o.get("lines", [])
    ]
    total = _dec(o["amount"]) or Decimal(0)
    tax = _dec(o.get("amount_tax")) or Decimal(0)
    subtotal = _dec(o.get("amount_untaxed")) or total - tax
    rates = sorted({li.tax_rate for li in lines})
    taxes = [TaxLine(rate=rates[0], base=subtotal, amount=tax)] if len(rates) == 1 else []
    inv = Invoice(
        supplier=Party(name=o.get("partner_name") or o["issuer"], tax_id=o.get("vat")),
        buyer=Party(name=o["buyer_name"], tax_id=o.get("buyer_vat"))
        if o.get("buyer_name")
        else None,
        number=str(o["invoice_number"]),
        issue_date=_date(o["date"]) or date.min,
        due_date=_date(o.get("date_due")),
        currency=o.get("currency", "EUR"),
        lines=lines,
        subtotal=subtotal,
        taxes=taxes,
        tax_total=tax,
        total=total,
        iban=o.get("iban"),
        payment_reference=o.get("payment_reference"),
        po_number=o.get("po_number"),
    )
    conf = FieldOrigin(source=Source.template, confidence=CONFIDENCE)
    inv.provenance = {
        k: conf
        for k in (
            "supplier.name",
            "number",
            "issue_date",
            "total",
            "subtotal",
            "tax_total",
            "currency",
        )
    }
    return inv
