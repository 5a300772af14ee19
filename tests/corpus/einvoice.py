"""Truth invoices as EN 16931 e-invoice XML (CII for Factur-X, UBL for bare files).

Uses the factur-x library's own generator, so the XML is what real tools produce."""

from __future__ import annotations

from typing import Any

import facturx

from autoclerk.invoice import Invoice, Party

# UN/ECE Rec. 20 unit codes, as e-invoices carry them: hours, else "one" (C62).
UNECE = {"h": "HUR", "hr": "HUR", "Std": "HUR", "u": "HUR", "kg": "KGM"}


def unece(unit: str | None) -> str:
    return UNECE.get(unit or "", "C62")


def as_xml_truth(inv: Invoice) -> Invoice:
    """What the XML says: the same invoice with its units as UN/ECE codes."""
    return inv.model_copy(
        update={"lines": [li.model_copy(update={"unit": unece(li.unit)}) for li in inv.lines]}
    )


def _party(p: Party, country: str) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "country_code": country}
    if p.tax_id:
        out["vat_identifier"] = p.tax_id
    if p.address:
        parts = p.address.split(", ")
        out["addr_l1"] = parts[0]
        if len(parts) > 1:
            out["postcode"], _, out["city"] = parts[1].partition(" ")
    return out


def en16931(inv: Invoice) -> dict[str, Any]:
    """The factur-x data dict (BT/BG keys) for an invoice."""
    s = lambda v: str(v)  # noqa: E731 - the library accepts decimals as strings
    data: dict[str, Any] = {
        "BT-1": inv.number,
        "BT-2": inv.issue_date,
        "BT-3": "380",
        "BT-5": inv.currency,
        "BT-72": inv.issue_date,
        "BG-4": _party(inv.supplier, (inv.supplier.tax_id or "FR")[:2]),
        "BG-7": _party(inv.buyer, (inv.buyer.tax_id or "DE")[:2]) if inv.buyer else None,
        "BG-25": [
            {
                "BT-126": str(i + 1),
                "BT-129": s(li.quantity),
                "BT-130": unece(li.unit),
                "BT-131": s(li.amount),
                "BT-146": s(li.unit_price),
                "BT-151": "S",
                "BT-152": s(li.tax_rate),
                "BT-153": li.description,
            }
            for i, li in enumerate(inv.lines)
        ],
        "BG-23": [
            {"BT-116": s(t.base), "BT-117": s(t.amount), "BT-118": "S", "BT-119": s(t.rate)}
            for t in inv.taxes
        ],
        "BT-106": s(inv.subtotal),
        "BT-109": s(inv.subtotal),
        "BT-110": s(inv.tax_total),
        "BT-112": s(inv.total),
        "BT-115": s(inv.total),
    }
    if inv.due_date:
        data["BT-9"] = inv.due_date
    if inv.po_number:
        data["BT-13"] = inv.po_number
    if inv.payment_reference:
        data["BT-83"] = inv.payment_reference
    if inv.iban:
        data["BT-81"] = "58"
        data["BT-84"] = inv.iban
    return {k: v for k, v in data.items() if v is not None}


def cii_xml(inv: Invoice) -> bytes:
    return facturx.generate_xml(
        en16931(inv), flavor="factur-x", level="en16931", check_schematron=False
    )


def ubl_xml(inv: Invoice) -> bytes:
    return facturx.generate_xml(
        en16931(inv), flavor="ubl-2.1", level="en16931", check_schematron=False
    )


def embed_facturx(pdf: bytes, inv: Invoice) -> bytes:
    """A Factur-X PDF: the visual PDF with the CII XML attached."""
    return facturx.generate_from_binary(
        pdf, cii_xml(inv), flavor="factur-x", level="en16931", check_xsd=True
    )
