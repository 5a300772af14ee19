"""Invoices with known truth: the figures are computed here, the layouts only print them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from autoclerk.invoice import Invoice, LineItem, Party, TaxLine
from autoclerk.samples import BUYER, BUYER_CN, SUPPLIERS

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Locale:
    """What a layout's country prints: language, money, rates, the parties it uses."""

    lang: str
    currency: str
    rates: tuple[Decimal, ...]
    units: tuple[str, ...]
    words: tuple[str, ...]
    legal: tuple[str, ...]
    tax_prefix: str


_NAMES = ("Becker", "Moreau", "Rossi", "Janssen", "García", "Walker", "Novak", "Lindqvist")
_TRADES = {
    "en": ("Office Supplies", "Print Works", "Stationery"),
    "de": ("Bürobedarf", "Drucktechnik", "Papierwaren"),
    "fr": ("Fournitures", "Imprimerie", "Papeterie"),
    "es": ("Suministros", "Papelería", "Imprenta"),
    "it": ("Forniture", "Cartoleria", "Tipografia"),
    "nl": ("Kantoorartikelen", "Drukwerk", "Papierhandel"),
    "us": ("Office Depot", "Paper Co", "Supply House"),
    "zh": ("电子", "科技", "贸易"),
}
_WORDS_EN = (
    "Copy paper A4 80g",
    "Ballpoint pens blue",
    "Lever arch file",
    "Toner cartridge black",
    "Desk organiser",
    "Sticky notes 76x76",
    "Stapler heavy duty",
    "Whiteboard markers set",
    "Ergonomic office chair with adjustable armrests and lumbar support",
    "Laminating pouches",
    "Printer maintenance service, on-site visit including travel time and parts",
    "Envelopes C4",
)
LOCALES: dict[str, Locale] = {
    "en": Locale("en", "GBP", (Decimal(20),), ("pcs", "box", "h"), _WORDS_EN, ("Ltd",), "GB"),
    "us": Locale(
        "us", "USD", (Decimal("8.25"),), ("ea", "box", "hr"), _WORDS_EN, ("Inc.", "LLC"), "US"
    ),
    "de": Locale(
        "de",
        "EUR",
        (Decimal(19), Decimal(7)),
        ("Stk", "Pkt", "Std"),
        (
            "Kopierpapier A4 80g",
            "Kugelschreiber blau",
            "Ordner 8 cm",
            "Tonerkartusche schwarz",
            "Fachbuch Steuerrecht",
            "Haftnotizen gelb",
            "Heftgerät",
            "Wartung Drucker vor Ort inklusive Anfahrt und Verschleißteile",
            "Schreibtischlampe LED",
            "Briefumschläge DIN lang",
        ),
        ("GmbH", "AG", "KG"),
        "DE",
    ),
    "fr": Locale(
        "fr",
        "EUR",
        (Decimal(20),),
        ("pce", "lot", "h"),
        (
            "Papier A4 80g",
            "Stylos bille bleus",
            "Classeur à levier",
            "Cartouche de toner noir",
            "Bloc-notes quadrillé",
            "Agrafeuse",
            "Intervention de maintenance sur site, déplacement et pièces détachées compris",
            "Enveloppes C4",
            "Surligneurs assortis",
        ),
        ("SARL", "SAS"),
        "FR",
    ),
    "es": Locale(
        "es",
        "EUR",
        (Decimal(21),),
        ("ud", "caja", "h"),
        (
            "Papel A4 80g",
            "Bolígrafos azules",
            "Archivador de palanca",
            "Cartucho de tóner negro",
            "Grapadora",
            "Notas adhesivas",
            "Sobres C4",
            "Servicio de mantenimiento de impresoras con desplazamiento y piezas incluidas",
        ),
        ("S.L.", "S.A."),
        "ES",
    ),
    "it": Locale(
        "it",
        "EUR",
        (Decimal(22),),
        ("pz", "conf", "h"),
        (
            "Carta A4 80g",
            "Penne a sfera blu",
            "Raccoglitore ad anelli",
            "Cartuccia toner nero",
            "Cucitrice",
            "Foglietti adesivi",
            "Buste C4",
            "Servizio di manutenzione stampanti presso la sede del cliente, trasferta inclusa",
            "Evidenziatori assortiti",
        ),
        ("S.r.l.", "S.p.A."),
        "IT",
    ),
    "nl": Locale(
        "nl",
        "EUR",
        (Decimal(21),),
        ("st", "doos", "u"),
        (
            "Kopieerpapier A4 80g",
            "Balpennen blauw",
            "Ordner 80 mm",
            "Tonercartridge zwart",
            "Nietmachine",
            "Memoblaadjes",
            "Enveloppen C4",
            "Onderhoud printers op locatie inclusief voorrijkosten en onderdelen",
        ),
        ("B.V.",),
        "NL",
    ),
    "zh": Locale(
        "zh",
        "CNY",
        (Decimal(13), Decimal(6)),
        ("个", "台", "套"),
        (
            "*电子元件*贴片电阻",
            "*电子元件*陶瓷电容",
            "*计算机配套产品*键盘",
            "*信息技术服务*软件维护费",
            "*电子元件*集成电路",
            "*计算机配套产品*显示器",
        ),
        ("有限公司",),
        "",
    ),
}


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def tax_id(rng: random.Random, prefix: str) -> str:
    if prefix == "US":
        return f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}"
    if prefix == "":
        return f"91{rng.randint(100000, 999999)}MA{rng.randint(10000000, 99999999)}X"
    digits = {"GB": 9, "DE": 9, "FR": 11, "IT": 11}.get(prefix, 0)
    if prefix == "ES":
        return f"ESB{rng.randint(10000000, 99999999)}"
    if prefix == "NL":
        return f"NL{rng.randint(100000000, 999999999)}B01"
    return prefix + str(rng.randint(10 ** (digits - 1), 10**digits - 1))


def random_party(rng: random.Random, loc: Locale) -> Party:
    if loc.lang == "zh":
        city = rng.choice(("深圳市", "广州市", "杭州市"))
        brand = rng.choice(("华信", "海川", "恒达", "金桥"))
        name = f"{city}{brand}{rng.choice(_TRADES['zh'])}有限公司"
    else:
        trade = rng.choice(_TRADES[loc.lang])
        name = f"{rng.choice(_NAMES)} {trade} {rng.choice(loc.legal)}"
    return Party(name=name, tax_id=tax_id(rng, loc.tax_prefix))


def build_invoice(
    loc: Locale,
    supplier: Party,
    buyer: Party,
    number: str,
    issue: date,
    due_days: int | None,
    items: list[tuple[str, Decimal, str | None, Decimal, Decimal]],
    iban: str | None = None,
    po_number: str | None = None,
    payment_reference: str | None = None,
    per_line_tax: bool = False,
) -> Invoice:
    """The truth for one invoice: items are (description, quantity, unit, unit price, rate)."""
    lines = [
        LineItem(description=d, quantity=q, unit=u, unit_price=p, tax_rate=r, amount=money(q * p))
        for d, q, u, p, r in items
    ]
    taxes = []
    for rate in sorted({li.tax_rate for li in lines}, reverse=True):
        at_rate = [li for li in lines if li.tax_rate == rate]
        base = sum((li.amount for li in at_rate), Decimal("0.00"))
        if per_line_tax:  # Chinese invoices print and add up a tax per line
            amount = sum((money(li.amount * rate / 100) for li in at_rate), Decimal("0.00"))
        else:
            amount = money(base * rate / 100)
        taxes.append(TaxLine(rate=rate, base=base, amount=amount))
    subtotal = sum((li.amount for li in lines), Decimal("0.00"))
    tax_total = sum((t.amount for t in taxes), Decimal("0.00"))
    return Invoice(
        supplier=supplier,
        buyer=buyer,
        number=number,
        issue_date=issue,
        due_date=issue + timedelta(days=due_days) if due_days is not None else None,
        currency=loc.currency,
        lines=lines,
        subtotal=subtotal,
        taxes=taxes,
        tax_total=tax_total,
        total=subtotal + tax_total,
        iban=iban,
        payment_reference=payment_reference,
        po_number=po_number,
    )


def random_items(
    rng: random.Random, loc: Locale, n: int
) -> list[tuple[str, Decimal, str | None, Decimal, Decimal]]:
    items = []
    for _ in range(n):
        q = Decimal(rng.choice((1, 1, 2, 3, 5, 10, 12, 25, 100)))
        if rng.random() < 0.15:
            q = Decimal(rng.choice(("1.5", "2.5", "0.5", "7.25")))
        decimals = 4 if loc.lang == "zh" and rng.random() < 0.3 else 2
        price = Decimal(rng.randint(50, 250000)) / 100
        if decimals == 4:
            price = Decimal(rng.randint(5000, 900000)) / 10000
        items.append(
            (rng.choice(loc.words), q, rng.choice(loc.units), price, rng.choice(loc.rates))
        )
    return items


def random_invoice(rng: random.Random, lang: str, lines: int | None = None) -> Invoice:
    """A random invoice in a locale: random supplier and buyer, 1-8 lines (or `lines`)."""
    loc = LOCALES[lang]
    if loc.lang == "zh":
        supplier = SUPPLIERS["huaqiang"].party if rng.random() < 0.3 else random_party(rng, loc)
        buyer = BUYER_CN
        number = str(rng.randint(10**19, 10**20 - 1))
    else:
        supplier = random_party(rng, loc)
        buyer = BUYER if rng.random() < 0.5 else random_party(rng, loc)
        number = rng.choice(("INV-", "RE-", "F", "", "2024/")) + str(rng.randint(100, 999999))
    issue = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    ibans = ("DE89370400440532013000", "FR7630006000011234567890189", "NL91ABNA0417164300")
    return build_invoice(
        loc,
        supplier,
        buyer,
        number,
        issue,
        None if loc.lang == "zh" else rng.choice((14, 30, 30, 60)),
        random_items(rng, loc, lines or rng.randint(1, 8)),
        iban=None if loc.lang in ("zh", "us", "en") else rng.choice(ibans),
        po_number=f"PO-{rng.randint(1000, 99999)}" if rng.random() < 0.5 and lang != "zh" else None,
        payment_reference=None,
        per_line_tax=loc.lang == "zh",
    )
