"""The template-free reader: labels paired with values by geometry, the item table, totals.

A value sits after its label in the same cell, in the next cell on the same line, or in the
cell just below. Confidence says how the value was found: 0.9 for a label, less for a guess."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from stdnum import iban

from autoclerk.invoice import FieldOrigin, Invoice, LineItem, Party, Source, TaxLine
from bots.extract.errors import MissingFields
from bots.extract.labels import LEGAL_FORMS, is_title, match_label
from bots.extract.numbers import decimal_comma, parse_amount, parse_date, parse_percent
from bots.extract.pdf import Cell, Page
from bots.extract.table import Table, find_table

IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
CURRENCIES = {"€": "EUR", "£": "GBP", "$": "USD", "¥": "CNY", "￥": "CNY", "元": "CNY"}
ISO_CURRENCY = re.compile(r"\b(EUR|USD|GBP|CHF|CNY|RMB|JPY|SEK|DKK|NOK|PLN|CZK)\b")
LABEL, NEAR, GUESS = 0.9, 0.8, 0.6


def find_iban(text: str) -> str | None:
    """The first IBAN in the text whose check digits are right (VAT ids look alike)."""
    for m in IBAN_RE.finditer(text):
        candidate = m.group(0).replace(" ", "")
        if iban.is_valid(candidate):
            return candidate
    return None


class Found(dict[str, Any]):
    """Values found so far, with their confidence in `origin`."""

    def __init__(self) -> None:
        super().__init__()
        self.origin: dict[str, float] = {}

    def put(self, key: str, value: Any, confidence: float) -> None:
        if value is not None and key not in self:
            self[key] = value
            self.origin[key] = confidence


def detect_currency(text: str) -> tuple[str, float] | None:
    codes = ISO_CURRENCY.findall(text)
    if codes:
        code = max(set(codes), key=codes.count)
        return ("CNY" if code == "RMB" else code), LABEL
    symbols = [CURRENCIES[ch] for ch in text if ch in CURRENCIES]
    if symbols:
        return max(set(symbols), key=symbols.count), NEAR
    return None


class Geometry:
    """Neighbourhood queries over the cells of the pages."""

    def __init__(self, pages: list[Page], skip: set[int]) -> None:
        self.pages = pages
        self.skip = skip
        self.labels: set[int] = set()

    def right_of(self, page: Page, cell: Cell) -> Cell | None:
        for line in page.lines:
            if cell in line:
                after = [c for c in line if c.x0 >= cell.x1 - 1 and c is not cell]
                if after and after[0].x0 - cell.x1 < 140 and id(after[0]) not in self.labels:
                    return after[0]
        return None

    def below(self, page: Page, cell: Cell) -> Cell | None:
        best = None
        for c in page.cells:
            if (
                c.top > cell.bottom - 1
                and c.top - cell.bottom < 16
                and c.x0 < cell.x1
                and (c.x1 > cell.x0)
            ) and (best is None or c.top < best.top):
                best = c
        return best if best is not None and id(best) not in self.labels else None


def _check(kind: str, value: str, month_first: bool) -> Any:
    if kind in ("issue_date", "due_date"):
        return parse_date(value, month_first)
    if kind == "iban":
        return find_iban(value.upper())
    if kind in ("number", "po_number", "payment_reference"):
        v = value.strip(" :#")
        return v if re.search(r"\d", v) and len(v) <= 40 else None
    return value.strip() or None


def read_fields(pages: list[Page], table: Table | None, month_first: bool) -> Found:
    """Pair labels with values; return the labelled fields and where parties sit."""
    found = Found()
    geo = Geometry(pages, table.used if table else set())
    hits: list[tuple[Page, Cell, str, str]] = []
    for page in pages:
        for c in page.cells:
            if id(c) in geo.skip:
                continue
            if m := match_label(c.text):
                geo.labels.add(id(c))
                hits.append((page, c, m[0], m[1]))
    tax_ids: list[tuple[Page, Cell, str]] = []
    for page, cell, kind, rest in hits:
        if kind in ("buyer", "supplier"):
            target = (_check(kind, rest, month_first) and rest) or None
            conf = LABEL
            if not target and (below := geo.below(page, cell)):
                target = below.text
                found.setdefault(f"_{kind}_cell", (page, below))
            if target:
                found.put(f"{kind}.name", target, conf)
                found.setdefault(f"_{kind}_label", (page, cell))
            continue
        candidates = [(rest, LABEL)] if rest else []
        if r := geo.right_of(page, cell):
            candidates.append((r.text, LABEL))
        if b := geo.below(page, cell):
            candidates.append((b.text, NEAR))
        for text, conf in candidates:
            value = _check(kind, text, month_first)
            if value is not None:
                if kind == "tax_id":
                    tax_ids.append((page, cell, value))
                else:
                    found.put(kind, value, conf)
                break
    found["_tax_ids"] = tax_ids
    return found


def _supplier(pages: list[Page], found: Found) -> Cell | None:
    """The supplier is named by a label, or is the most prominent name atop page 1."""
    if "supplier.name" in found:
        return found.get("_supplier_cell", (None, None))[1]
    page = pages[0]
    tops = [
        c
        for c in page.cells
        if c.top < page.height * 0.3
        and not is_title(c.text)
        and not match_label(c.text)
        and re.search(r"[^\W\d_]{2}", c.text)
    ]
    if not tops:
        return None
    best = max(tops, key=lambda c: (round(c.bottom - c.top, 1), -c.top))
    found.put("supplier.name", best.text, NEAR if LEGAL_FORMS.search(best.text) else GUESS)
    return best


def _assign_tax_ids(found: Found, sup: Cell | None, table: Table | None) -> None:
    buyer = found.get("_buyer_label")
    for page, cell, value in found.pop("_tax_ids", []):

        def under(anchor: Cell | None, page=page, cell=cell) -> bool:  # type: ignore[no-untyped-def]
            return (
                anchor is not None
                and abs(cell.x0 - anchor.x0) < 30
                and (0 < cell.top - anchor.top < 90)
            )

        if page.number == 1 and buyer and buyer[0] is page and under(buyer[1]):
            found.put("buyer.tax_id", value, LABEL)
        elif page.number == 1 and under(sup):
            found.put("supplier.tax_id", value, LABEL)
        elif table and (
            page.number > table.end_page
            or (page.number == table.end_page and cell.top > table.end_y)
        ):
            found.put("supplier.tax_id", value, NEAR)  # footers carry the supplier's ids
        else:
            found.put("supplier.tax_id", value, GUESS)


def _address(page: Page, name: Cell | None, stop: set[int]) -> str | None:
    if name is None:
        return None
    parts, y = [], name.bottom
    for line in page.lines:
        for c in line:
            if c.top >= y - 1 and c.top - y < 6 and abs(c.x0 - name.x0) < 3 and c is not name:
                if match_label(c.text) or id(c) in stop:
                    return ", ".join(parts) or None
                parts.append(c.text)
                y = c.bottom
    return ", ".join(parts) or None


def read_totals(pages: list[Page], table: Table | None, comma: bool) -> Found:
    """Subtotal, taxes per rate and total from the lines below the table."""
    found = Found()
    taxes: list[tuple[Decimal | None, Decimal]] = []
    for page in pages:
        if table and page.number < table.end_page:
            continue
        for line in page.lines:
            if table and page.number == table.end_page and line[0].top <= table.end_y:
                continue
            if len(line) < 2 or match_label(line[0].text):
                continue
            label = " ".join(c.text for c in line[:-1])
            m = match_label(label, "totals")
            value = parse_amount(line[-1].text, comma)
            if not m or value is None:
                continue
            if m[0] == "tax":
                taxes.append((parse_percent(label), value))
            else:
                found.put(m[0], value, LABEL)
    found["_taxes"] = taxes
    return found


def read_layout(path: Path, pages: list[Page]) -> Invoice:
    """Read an invoice from the positioned text of its pages, without a template."""
    text = "\n".join(p.text for p in pages)
    comma = decimal_comma(text)
    cur = detect_currency(text)
    month_first = cur is not None and cur[0] == "USD"
    table = find_table(pages, comma)
    found = read_fields(pages, table, month_first)
    sup = _supplier(pages, found)
    _assign_tax_ids(found, sup, table)
    found.put("supplier.address", _address(pages[0], sup, table.used if table else set()), GUESS)
    totals = read_totals(pages, table, comma)
    if cur:
        found.put("currency", cur[0], cur[1])
    if "iban" not in found:
        found.put("iban", find_iban(text), NEAR)
    return assemble(path, found, totals, table, comma, Source.layout)


def _lines(
    table: Table | None, comma: bool, rates: list[Decimal]
) -> tuple[list[LineItem], dict[str, float]]:
    items, origin = [], {}
    for i, row in enumerate(table.rows if table else []):
        c = row.cells
        qty = parse_amount(c.get("qty", ""), comma)
        price = parse_amount(c.get("price", ""), comma)
        amount = parse_amount(c["amount"], comma) or Decimal(0)
        conf = LABEL
        if qty is None:
            qty, conf = Decimal(1), GUESS
        if price is None:
            price, conf = (amount / qty if qty else amount), GUESS
        rate = parse_percent(c.get("rate", "") + ("" if "%" in c.get("rate", "%") else "%"))
        rate_conf = LABEL
        if rate is None:
            rate, rate_conf = (rates[0], NEAR) if len(rates) == 1 else (Decimal(0), GUESS)
        items.append(
            LineItem(
                description=c.get("desc", "").strip(),
                quantity=qty,
                unit=c.get("unit") or None,
                unit_price=price,
                tax_rate=rate,
                amount=amount,
            )
        )
        for f in ("description", "quantity", "unit", "unit_price", "amount"):
            origin[f"lines.{i}.{f}"] = conf
        origin[f"lines.{i}.tax_rate"] = rate_conf
    return items, origin


def assemble(
    path: Path, found: Found, totals: Found, table: Table | None, comma: bool, source: Source
) -> Invoice:
    """Build the Invoice from what was found; derive what the arithmetic allows."""
    raw_taxes: list[tuple[Decimal | None, Decimal]] = totals.get("_taxes", [])
    rates = [r for r, _ in raw_taxes if r is not None]
    lines, line_origin = _lines(table, comma, rates)
    origin = {**found.origin, **totals.origin, **line_origin}
    taxes = []
    for k, (rate, amount) in enumerate(raw_taxes):
        if rate is None:
            rate = rates[0] if len(set(rates)) == 1 else Decimal(0)
        base = sum((li.amount for li in lines if li.tax_rate == rate), Decimal("0.00"))
        if not lines or len(raw_taxes) == 1:
            base = totals.get("subtotal", base)
        taxes.append(TaxLine(rate=rate, base=base, amount=amount))
        origin[f"taxes.{k}"] = LABEL
    tax_total = sum((t.amount for t in taxes), Decimal("0.00"))
    subtotal, total = totals.get("subtotal"), totals.get("total")
    if subtotal is None and lines:
        subtotal = sum((li.amount for li in lines), Decimal("0.00"))
        origin["subtotal"] = GUESS
    if total is None and subtotal is not None:
        total = subtotal + tax_total
        origin["total"] = GUESS
    if subtotal is None and total is not None:
        subtotal = total - tax_total
        origin["subtotal"] = GUESS
    missing = [
        n
        for n, v in (
            ("invoice number", found.get("number")),
            ("issue date", found.get("issue_date")),
            ("total", total),
            ("supplier name", found.get("supplier.name")),
        )
        if v is None
    ]
    if missing or subtotal is None or total is None:
        raise MissingFields(
            path, missing, {k: v for k, v in found.items() if not k.startswith("_")}
        )
    origin.setdefault("tax_total", origin.get("total", LABEL))
    buyer = None
    if "buyer.name" in found:
        buyer = Party(name=found["buyer.name"], tax_id=found.get("buyer.tax_id"))
    inv = Invoice(
        supplier=Party(
            name=found["supplier.name"],
            tax_id=found.get("supplier.tax_id"),
            address=found.get("supplier.address"),
        ),
        buyer=buyer,
        number=found["number"],
        issue_date=found["issue_date"],
        due_date=found.get("due_date"),
        currency=found.get("currency", "EUR"),
        lines=lines,
        subtotal=subtotal,
        taxes=taxes,
        tax_total=tax_total,
        total=total,
        iban=found.get("iban"),
        payment_reference=found.get("payment_reference"),
        po_number=found.get("po_number"),
    )
    if "currency" not in found:
        origin["currency"] = GUESS
    inv.provenance = {k: FieldOrigin(source=source, confidence=v) for k, v in origin.items()}
    return inv
