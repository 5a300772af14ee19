"""Sample bills for the entry tests: several lines, 19 % and 7 %, arithmetic that adds up."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from autoclerk.invoice import Invoice, LineItem, Party, TaxLine

CENT = Decimal("0.01")

SUPPLIERS = [
    Party(name="Müller Bürobedarf GmbH", tax_id="DE123456789"),
    Party(name="Papeterie Dupont SARL", tax_id="FR12345678901"),
    Party(name="Acme Office Supplies Ltd", tax_id="GB123456789"),
    Party(name="深圳市华强电子有限公司"),
]

ITEMS = [
    ("Kopierpapier A4, 500 Blatt", "12", "4.35", "19"),
    ("Kaffee, 1 kg", "3", "13.99", "7"),
    ("Toner HP 59A", "2", "89.90", "19"),
    ("Mineralwasser, Kiste", "5", "6.49", "7"),
    ("Ordner breit, blau", "25", "2.19", "19"),
    ("USB-C cable 1 m", "4", "7.25", "19"),
]


def make_bill(n: int, prefix: str, supplier: Party | None = None, lines: int = 3) -> Invoice:
    """Bill number `prefix-n` with `lines` lines cycling through both tax rates."""
    items = [ITEMS[(n + i) % len(ITEMS)] for i in range(lines)]
    if {rate for *_, rate in items} != {"19", "7"}:
        items[-1] = ITEMS[1]
    line_items = []
    for desc, qty, price, rate in items:
        amount = (Decimal(qty) * Decimal(price)).quantize(CENT, ROUND_HALF_UP)
        line_items.append(
            LineItem(
                description=desc,
                quantity=Decimal(qty),
                unit_price=Decimal(price),
                tax_rate=Decimal(rate),
                amount=amount,
            )
        )
    taxes = []
    for rate in sorted({li.tax_rate for li in line_items}, reverse=True):
        base = sum((li.amount for li in line_items if li.tax_rate == rate), Decimal(0))
        taxes.append(
            TaxLine(rate=rate, base=base, amount=(base * rate / 100).quantize(CENT, ROUND_HALF_UP))
        )
    subtotal = sum((li.amount for li in line_items), Decimal(0))
    tax_total = sum((t.amount for t in taxes), Decimal(0))
    issued = date.today().replace(day=1) - timedelta(days=10 * n)
    return Invoice(
        supplier=supplier or SUPPLIERS[n % len(SUPPLIERS)],
        number=f"{prefix}-{n:03d}",
        issue_date=issued,
        due_date=issued + timedelta(days=30),
        lines=line_items,
        subtotal=subtotal,
        taxes=taxes,
        tax_total=tax_total,
        total=subtotal + tax_total,
    )
