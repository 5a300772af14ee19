"""Printing a truth `Invoice` as a PDF in one of the corpus layouts (reportlab).

Each layout is a `Spec` for the western renderer (labels, columns, arrangement) or the
Chinese 数电发票 renderer. `printed_truth` says which fields a layout actually prints."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from autoclerk.invoice import Invoice
from tests.corpus.cn_upper import to_upper

W, H = A4
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
}


def fmt_num(value: Decimal, style: str, places: int | None = 2) -> str:
    """`style`: 'en' 1,234.56 - 'eu' 1.234,56 - 'fr' 1 234,56."""
    s = f"{value.normalize():,f}" if places is None else f"{value:,.{places}f}"
    if style == "en":
        return s
    s = s.replace(",", "\x00").replace(".", ",")
    return s.replace("\x00", "." if style == "eu" else " ")


def fmt_date(d, fmt: str) -> str:  # type: ignore[no-untyped-def]
    if fmt == "us_long":
        return f"{MONTHS['en'].split()[d.month - 1]} {d.day}, {d.year}"
    if fmt == "fr_long":
        return f"{d.day} {MONTHS['fr'].split()[d.month - 1]} {d.year}"
    if fmt == "zh":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    return d.strftime(fmt)


@dataclass
class Spec:
    """How one western layout looks."""

    lang: str
    title: str
    num: str  # number style, see fmt_num
    date: str  # strftime format, or us_long / fr_long
    money: str  # how totals show the currency: "{}" is the figure
    labels: dict[str, str]
    columns: list[tuple[str, str, float, str]]  # kind, header, right edge or left x, align
    meta: str = "pair"  # pair: label and value cells on a line; inline: "Label: value"; stacked
    ruled: bool = False
    supplier_right: bool = False
    footer_ids: bool = False  # supplier tax id and IBAN in the page footer
    buyer_right: bool = False
    rows_per_page: int = 24
    rate_fmt: str = "{} %"


def _pct(rate: Decimal, spec: Spec) -> str:
    r = rate.normalize()
    txt = f"{r:f}" if spec.num == "en" else f"{r:f}".replace(".", ",")
    return spec.rate_fmt.format(txt)


SPECS: dict[str, Spec] = {
    "ruled_en": Spec(
        "en",
        "INVOICE",
        "en",
        "%d/%m/%Y",
        "£{}",
        {
            "number": "Invoice Number",
            "issue": "Invoice Date",
            "due": "Due Date",
            "po": "PO Number",
            "vat": "VAT Reg No:",
            "buyer": "Bill To",
            "buyer_vat": "VAT No:",
            "subtotal": "Subtotal",
            "tax": "VAT {rate}",
            "total": "Total",
            "page": "Page {n} of {m}",
        },
        [
            ("desc", "Description", 50, "l"),
            ("qty", "Qty", 300, "r"),
            ("unit", "Unit", 310, "l"),
            ("price", "Unit Price", 410, "r"),
            ("rate", "VAT %", 460, "r"),
            ("amount", "Amount", 545, "r"),
        ],
        ruled=True,
        rate_fmt="{}%",
    ),
    "unruled_nl": Spec(
        "nl",
        "FACTUUR",
        "eu",
        "%d-%m-%Y",
        "€ {}",
        {
            "number": "Factuurnummer:",
            "issue": "Factuurdatum:",
            "due": "Vervaldatum:",
            "po": "Uw referentie:",
            "vat": "BTW-nummer:",
            "buyer": "Factuuradres",
            "buyer_vat": "BTW-nr.:",
            "subtotal": "Subtotaal",
            "tax": "BTW {rate}",
            "total": "Totaal",
            "iban": "IBAN:",
            "page": "Pagina {n} van {m}",
        },
        [
            ("desc", "Omschrijving", 50, "l"),
            ("qty", "Aantal", 340, "r"),
            ("price", "Prijs", 440, "r"),
            ("amount", "Bedrag", 545, "r"),
        ],
        meta="inline",
        rate_fmt="{}%",
    ),
    "two_column_es": Spec(
        "es",
        "FACTURA",
        "eu",
        "%d/%m/%Y",
        "{} €",
        {
            "number": "Factura nº",
            "issue": "Fecha",
            "due": "Vencimiento",
            "po": "Pedido",
            "vat": "NIF:",
            "buyer": "Cliente",
            "buyer_vat": "NIF:",
            "subtotal": "Base imponible",
            "tax": "IVA {rate}",
            "total": "Total factura",
            "iban": "IBAN:",
            "page": "Página {n} de {m}",
        },
        [
            ("desc", "Descripción", 50, "l"),
            ("qty", "Cantidad", 290, "r"),
            ("unit", "Unidad", 300, "l"),
            ("price", "Precio unitario", 420, "r"),
            ("rate", "IVA", 465, "r"),
            ("amount", "Importe", 545, "r"),
        ],
        meta="stacked",
        buyer_right=True,
    ),
    "multipage_it": Spec(
        "it",
        "FATTURA",
        "eu",
        "%d/%m/%Y",
        "€ {}",
        {
            "number": "Fattura n.",
            "issue": "Data fattura",
            "due": "Scadenza",
            "po": "Ordine n.",
            "vat": "P.IVA:",
            "buyer": "Destinatario",
            "buyer_vat": "P.IVA:",
            "subtotal": "Imponibile",
            "tax": "IVA {rate}",
            "total": "Totale documento",
            "iban": "IBAN:",
            "page": "Pagina {n} di {m}",
            "cont": "segue alla pagina successiva",
        },
        [
            ("desc", "Descrizione", 50, "l"),
            ("qty", "Q.tà", 300, "r"),
            ("unit", "U.M.", 310, "l"),
            ("price", "Prezzo unitario", 420, "r"),
            ("rate", "IVA %", 465, "r"),
            ("amount", "Importo", 545, "r"),
        ],
        ruled=True,
        rows_per_page=22,
    ),
    "locale_de": Spec(
        "de",
        "RECHNUNG",
        "eu",
        "%d.%m.%Y",
        "{} €",
        {
            "number": "Rechnungsnummer",
            "issue": "Rechnungsdatum",
            "due": "Fällig am",
            "po": "Bestellnummer",
            "vat": "USt-IdNr.:",
            "buyer": "Kunde",
            "buyer_vat": "USt-IdNr.:",
            "subtotal": "Nettobetrag",
            "tax": "zzgl. {rate} USt.",
            "total": "Rechnungsbetrag",
            "iban": "IBAN:",
            "page": "Seite {n} von {m}",
        },
        [
            ("desc", "Bezeichnung", 50, "l"),
            ("qty", "Menge", 300, "r"),
            ("unit", "Einheit", 310, "l"),
            ("price", "Einzelpreis", 420, "r"),
            ("rate", "USt.", 465, "r"),
            ("amount", "Gesamt", 545, "r"),
        ],
        supplier_right=True,
        footer_ids=True,
    ),
    "locale_fr": Spec(
        "fr",
        "FACTURE",
        "fr",
        "fr_long",
        "{} €",
        {
            "number": "Facture N° :",
            "issue": "Date :",
            "due": "Échéance :",
            "po": "Commande :",
            "vat": "N° TVA :",
            "buyer": "Facturé à",
            "buyer_vat": "N° TVA :",
            "subtotal": "Total HT",
            "tax": "TVA {rate}",
            "total": "Total TTC",
            "iban": "IBAN :",
            "page": "Page {n} / {m}",
        },
        [
            ("desc", "Désignation", 50, "l"),
            ("qty", "Qté", 300, "r"),
            ("unit", "Unité", 310, "l"),
            ("price", "Prix unitaire HT", 425, "r"),
            ("rate", "TVA", 465, "r"),
            ("amount", "Montant HT", 545, "r"),
        ],
        meta="inline",
    ),
    "us": Spec(
        "us",
        "INVOICE",
        "en",
        "us_long",
        "${}",
        {
            "number": "Invoice #",
            "issue": "Date",
            "due": "Due Date",
            "po": "P.O. #",
            "vat": "EIN:",
            "buyer": "Bill To:",
            "buyer_vat": "Tax ID:",
            "subtotal": "Subtotal",
            "tax": "Sales Tax ({rate})",
            "total": "Total Due",
            "page": "Page {n} of {m}",
        },
        [
            ("desc", "Description", 50, "l"),
            ("qty", "Qty", 330, "r"),
            ("price", "Rate", 440, "r"),
            ("amount", "Amount", 545, "r"),
        ],
        rate_fmt="{}%",
    ),
}
SPECS["facturx"] = SPECS["locale_fr"]
LAYOUTS: dict[str, str] = {name: spec.lang for name, spec in SPECS.items()} | {"cn_vat": "zh"}


def printed_truth(inv: Invoice, layout: str) -> Invoice:
    """The truth as a reader can know it from this layout (columns it does not print -> None)."""
    if layout == "cn_vat":
        return inv
    kinds = {c[0] for c in SPECS[layout].columns}
    lines = [
        li.model_copy(update={"unit": li.unit if "unit" in kinds else None}) for li in inv.lines
    ]
    update: dict[str, object] = {"lines": lines}
    if "iban" not in SPECS[layout].labels:
        update["iban"] = None
    return inv.model_copy(update=update)


class _Doc:
    def __init__(self, path: Path) -> None:
        self.c = Canvas(str(path), pagesize=A4, pageCompression=1)
        self.c.setTitle(path.stem)

    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: float = 9,
        bold: bool = False,
        align: str = "l",
        font: str | None = None,
    ) -> None:
        self.c.setFont(font or ("Helvetica-Bold" if bold else "Helvetica"), size)
        if align == "r":
            self.c.drawRightString(x, y, s)
        else:
            self.c.drawString(x, y, s)


def _amount_cell(inv: Invoice, kind: str, li, spec: Spec) -> str:  # type: ignore[no-untyped-def]
    if kind == "qty":
        return fmt_num(li.quantity, spec.num, None)
    if kind == "unit":
        return li.unit or ""
    if kind == "price":
        return fmt_num(li.unit_price, spec.num)
    if kind == "rate":
        return _pct(li.tax_rate, spec)
    return fmt_num(li.amount, spec.num)


def render_western(inv: Invoice, spec: Spec, path: Path) -> int:
    """Render a western layout; return the number of pages."""
    d = _Doc(path)
    L = spec.labels
    date_s = lambda x: fmt_date(x, spec.date)  # noqa: E731
    rows: list[list[str]] = []  # description lines per item
    desc_x, desc_w = 50, spec.columns[1][2] - 50 - 45
    for li in inv.lines:
        rows.append(simpleSplit(li.description, "Helvetica", 9, desc_w))
    # paginate: a row never splits across pages
    pages: list[list[int]] = [[]]
    used = 0
    for i, r in enumerate(rows):
        if used + len(r) > spec.rows_per_page and pages[-1]:
            pages.append([])
            used = 0
        pages[-1].append(i)
        used += len(r)
    m = len(pages)
    for pno, item_idx in enumerate(pages, start=1):
        y = 800.0
        if pno == 1:
            sx = 350 if spec.supplier_right else 50
            d.text(sx, y, inv.supplier.name, 14, bold=True)
            y2 = y - 16
            for part in (inv.supplier.address or "").split(", "):
                if part:
                    d.text(sx, y2, part)
                    y2 -= 11
            if not spec.footer_ids and inv.supplier.tax_id:
                d.text(sx, y2, f"{L['vat']} {inv.supplier.tax_id}")
            d.text(
                50 if spec.supplier_right else 545,
                800,
                spec.title,
                16,
                bold=True,
                align="l" if spec.supplier_right else "r",
            )
            # invoice facts
            facts = [("number", inv.number), ("issue", date_s(inv.issue_date))]
            if inv.due_date:
                facts.append(("due", date_s(inv.due_date)))
            if inv.po_number:
                facts.append(("po", inv.po_number))
            if spec.meta == "stacked":
                for k, (key, val) in enumerate(facts):
                    d.text(50 + k * 120, 700, L[key], bold=True)
                    d.text(50 + k * 120, 688, val)
                by = 650
            elif spec.meta == "inline":
                for k, (key, val) in enumerate(facts):
                    d.text(350, 740 - k * 13, f"{L[key]} {val}")
                by = 690
            else:
                for k, (key, val) in enumerate(facts):
                    fy = (730 if spec.supplier_right else 760) - k * 13
                    d.text(350, fy, L[key], bold=True)
                    d.text(450, fy, val)
                by = 690
            if inv.buyer:
                bx = 350 if spec.buyer_right else 50
                if spec.buyer_right and spec.meta == "stacked":
                    by = 770
                d.text(bx, by, L["buyer"], bold=True)
                d.text(bx, by - 12, inv.buyer.name)
                yy = by - 24
                for part in (inv.buyer.address or "").split(", "):
                    if part:
                        d.text(bx, yy, part)
                        yy -= 11
                if inv.buyer.tax_id:
                    d.text(bx, yy, f"{L['buyer_vat']} {inv.buyer.tax_id}")
            y = 600.0
        else:
            d.text(50, 800, f"{inv.supplier.name} - {L['number']} {inv.number}", 8)
            y = 770.0
        # table header
        for _kind, head, x, align in spec.columns:
            d.text(x, y, head, bold=True, align=align)
        if spec.ruled:
            d.c.setLineWidth(0.6)
            d.c.line(45, y + 12, 550, y + 12)
            d.c.line(45, y - 4, 550, y - 4)
        y -= 16
        for i in item_idx:
            li = inv.lines[i]
            for k, part in enumerate(rows[i]):
                d.text(desc_x, y - 11 * k, part)
            for kind, _head, x, align in spec.columns[1:]:
                d.text(x, y, _amount_cell(inv, kind, li, spec), align=align)
            y -= 11 * len(rows[i]) + 4
            if spec.ruled:
                d.c.line(45, y + 8, 550, y + 8)
        if pno < m:
            if "cont" in L:
                d.text(545, y - 14, L["cont"], 8, align="r")
        else:
            y -= 14
            tot = [(L["subtotal"], inv.subtotal)]
            for t in inv.taxes:
                tot.append((L["tax"].format(rate=_pct(t.rate, spec)), t.amount))
            tot.append((L["total"], inv.total))
            for k, (label, value) in enumerate(tot):
                last = k == len(tot) - 1
                d.text(350, y, label, bold=last)
                d.text(545, y, spec.money.format(fmt_num(value, spec.num)), bold=last, align="r")
                y -= 14
            if inv.iban and "iban" in L and not spec.footer_ids:
                d.text(50, y - 10, f"{L['iban']} {inv.iban}")
        if spec.footer_ids:
            foot = f"{inv.supplier.name} · {L['vat']} {inv.supplier.tax_id}"
            if inv.iban:
                foot += f" · {L['iban']} {inv.iban}"
            d.text(50, 40, foot, 7)
        d.text(545, 28, L["page"].format(n=pno, m=m), 7, align="r")
        d.c.showPage()
    d.c.save()
    return m


def render_cn(inv: Invoice, path: Path) -> int:
    """A 数电发票-style page: one page, CJK text, amounts with 大写 total."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    d = _Doc(path)
    cn = "STSong-Light"
    d.text(200, 800, "电子发票（增值税专用发票）", 16, font=cn)
    d.text(400, 780, f"发票号码：{inv.number}", 9, font=cn)
    d.text(400, 766, f"开票日期：{fmt_date(inv.issue_date, 'zh')}", 9, font=cn)
    for x, head, party in ((40, "购买方信息", inv.buyer), (300, "销售方信息", inv.supplier)):
        assert party is not None
        d.text(x, 740, head, 9, font=cn)
        d.text(x + 55, 740, f"名称：{party.name}", 9, font=cn)
        d.text(x + 55, 726, f"统一社会信用代码/纳税人识别号：{party.tax_id}", 8, font=cn)
    cols = [
        ("项目名称", 40, "l"),
        ("规格型号", 190, "l"),
        ("单位", 250, "l"),
        ("数量", 320, "r"),
        ("单价", 385, "r"),
        ("金额", 450, "r"),
        ("税率/征收率", 500, "r"),
        ("税额", 560, "r"),
    ]
    y = 690.0
    for head, x, align in cols:
        d.text(x, y, head, 9, align=align, font=cn)
    y -= 16
    for k, li in enumerate(inv.lines):
        tax = (li.amount * li.tax_rate / 100).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
        vals = [
            li.description,
            f"M{k + 1:02d}",
            li.unit or "",
            fmt_num(li.quantity, "en", None),
            fmt_num(li.unit_price, "en", None).replace(",", ""),
            fmt_num(li.amount, "en").replace(",", ""),
            f"{li.tax_rate.normalize():f}%",
            fmt_num(tax, "en").replace(",", ""),
        ]
        for (_h, x, align), v in zip(cols, vals, strict=True):
            d.text(x, y, v, 9, align=align, font=cn)
        y -= 14
    y -= 6
    d.text(40, y, "合", 9, font=cn)
    d.text(70, y, "计", 9, font=cn)
    d.text(450, y, "¥" + fmt_num(inv.subtotal, "en").replace(",", ""), 9, align="r", font=cn)
    d.text(560, y, "¥" + fmt_num(inv.tax_total, "en").replace(",", ""), 9, align="r", font=cn)
    y -= 20
    d.text(40, y, "价税合计（大写）", 9, font=cn)
    d.text(130, y, "⊗" + to_upper(inv.total), 9, font=cn)
    d.text(400, y, "（小写）¥" + fmt_num(inv.total, "en").replace(",", ""), 9, font=cn)
    d.text(40, y - 30, "备注", 9, font=cn)
    d.text(40, y - 60, "开票人：王芳", 9, font=cn)
    d.c.showPage()
    d.c.save()
    return 1
