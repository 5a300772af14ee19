"""E-invoice XML (Factur-X / ZUGFeRD / XRechnung CII, and UBL) to an Invoice, confidence 1.

Parsing is the factur-x library's EN 16931 mapping; this module only maps its BT/BG terms."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from autoclerk.invoice import FieldOrigin, Invoice, LineItem, Party, Source, TaxLine
from bots.extract.errors import BadEInvoice

XML_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "zugferd.xml")


def flavor_name(flavor: str) -> str:
    return "ubl" if flavor.startswith("ubl") else "factur-x"


def _d(value: Any, default: str = "0") -> Decimal:
    return Decimal(str(value if value not in (None, "") else default))


def _party(d: dict[str, Any] | None) -> Party | None:
    if not d or not d.get("name"):
        return None
    addr = ", ".join(
        x
        for x in (d.get("addr_l1"), " ".join(filter(None, (d.get("postcode"), d.get("city")))))
        if x
    )
    return Party(
        name=d["name"],
        tax_id=d.get("vat_identifier") or d.get("tax_identifier"),
        address=addr or None,
    )


def parse_xml(path: Path, xml: bytes) -> tuple[Invoice, str]:
    """(invoice, 'factur-x' or 'ubl') from CII or UBL bytes; BadEInvoice if neither."""
    import facturx  # heavy (pypdf, schemas): loaded only for e-invoices

    try:
        flavor = facturx.get_flavor(_root(xml))
        data = facturx.parse_ubl_cii_xml(xml, check_xsd=False)
    except Exception as exc:
        raise BadEInvoice(path, f"the XML is not a readable CII/UBL e-invoice ({exc})") from None
    try:
        inv = _to_invoice(data)
    except (KeyError, ValueError, ArithmeticError) as exc:
        raise BadEInvoice(path, f"the e-invoice lacks a required term ({exc})") from None
    return inv, flavor_name(flavor)


def _root(xml: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(xml, parser)


def _to_invoice(data: dict[str, Any]) -> Invoice:
    lines = [
        LineItem(
            description=li.get("BT-153", ""),
            quantity=_d(li.get("BT-129")),
            unit=li.get("BT-130"),
            unit_price=_d(li.get("BT-146")),
            tax_rate=_d(li.get("BT-152")),
            amount=_d(li.get("BT-131")),
        )
        for li in data.get("BG-25", [])
    ]
    taxes = [
        TaxLine(rate=_d(t.get("BT-119")), base=_d(t.get("BT-116")), amount=_d(t.get("BT-117")))
        for t in data.get("BG-23", [])
    ]
    supplier = _party(data.get("BG-4"))
    if supplier is None:
        raise KeyError("seller name BT-27")
    iban = data.get("BT-84")
    inv = Invoice(
        supplier=supplier,
        buyer=_party(data.get("BG-7")),
        number=data["BT-1"],
        issue_date=data["BT-2"],
        due_date=data.get("BT-9"),
        currency=data.get("BT-5", "EUR"),
        lines=lines,
        subtotal=_d(data.get("BT-109", data.get("BT-106"))),
        taxes=taxes,
        tax_total=_d(data.get("BT-110")),
        total=_d(data["BT-112"]),
        iban=iban[0] if isinstance(iban, list) else iban,
        payment_reference=data.get("BT-83"),
        po_number=data.get("BT-13"),
    )
    exact = FieldOrigin(source=Source.xml, confidence=1.0)
    fields = [
        "supplier.name",
        "supplier.tax_id",
        "number",
        "issue_date",
        "due_date",
        "currency",
        "subtotal",
        "tax_total",
        "total",
        "iban",
        "payment_reference",
        "po_number",
    ]
    if inv.buyer:
        fields += ["buyer.name", "buyer.tax_id"]
    fields += [f"lines.{i}" for i in range(len(lines))] + [f"taxes.{i}" for i in range(len(taxes))]
    inv.provenance = {f: exact for f in fields}
    return inv


def find_attached_xml(attachments: list[tuple[str, bytes]]) -> bytes | None:
    """The e-invoice among a PDF's attachments: known names first, then any .xml."""
    named = [a for a in attachments if a[0].lower() in XML_NAMES]
    others = [a for a in attachments if a[0].lower().endswith(".xml") and a not in named]
    for _name, data in named + others:
        if b"CrossIndustryInvoice" in data or b"urn:oasis:names:specification:ubl" in data:
            return data
    return None
