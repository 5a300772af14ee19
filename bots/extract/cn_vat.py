"""Chinese VAT e-invoices (数电发票 / 增值税发票) as text PDFs.

Reads 发票号码, 开票日期, 购买方 / 销售方 名称 and 统一社会信用代码/纳税人识别号, the item table
(项目名称 规格型号 单位 数量 单价 金额 税率 税额), 合计, and 价税合计 with its 大写 cross-check."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from autoclerk.invoice import FieldOrigin, Invoice, LineItem, Party, Source, TaxLine
from bots.extract.cn_amount import parse_upper
from bots.extract.errors import MissingFields
from bots.extract.numbers import parse_amount, parse_date, parse_percent
from bots.extract.pdf import Cell, Page
from bots.extract.result import Check
from bots.extract.table import find_table

MARKERS = ("发票号码", "价税合计")
LABEL = 0.9


def is_cn_vat(text: str) -> bool:
    return all(m in text for m in MARKERS)


def _parties(page: Page) -> dict[str, Party]:
    """名称 and tax id cells belong to the 购买方 or 销售方 label left of them on the line."""
    out: dict[str, dict[str, str]] = {"buyer": {}, "seller": {}}
    anchors: list[tuple[Cell, str]] = []
    for line in page.lines:
        for c in line:
            if "购买方" in c.text or c.text == "购":
                anchors.append((c, "buyer"))
            elif "销售方" in c.text or c.text == "销":
                anchors.append((c, "seller"))
    for c in page.cells:
        t = c.text.replace(":", "：")
        key = "name" if t.startswith("名称：") else "tax_id" if "纳税人识别号：" in t else None
        if key is None:
            continue
        value = t.split("：", 1)[1].strip()
        left = [a for a in anchors if a[0].x0 <= c.x0 and a[0].top <= c.bottom]
        side = max(left, key=lambda a: a[0].x0)[1] if left else "buyer"
        out[side].setdefault(key, value)
    return {k: Party(name=v["name"], tax_id=v.get("tax_id")) for k, v in out.items() if "name" in v}


def read_cn_vat(path: Path, pages: list[Page]) -> tuple[Invoice, list[Check]]:
    """Read a Chinese VAT e-invoice; the 大写 / 小写 comparison comes back as a check.

    Figures on these invoices always use a decimal point (单价 may have 3 or more places)."""
    text = "\n".join(p.text for p in pages)
    flat = text.replace(" ", "")
    number = re.search(r"发票号码[:：]?(\d{8,20})", flat)
    issued = re.search(r"开票日期[:：]?(\d{4}年\d{1,2}月\d{1,2}日)", flat)
    parties = _parties(pages[0])
    table = find_table(pages, comma=False)
    lines, taxes_by_rate = [], {}
    for row in table.rows if table else []:
        c = row.cells
        amount = parse_amount(c["amount"], False) or Decimal(0)
        rate = parse_percent(c.get("rate", "")) or Decimal(0)
        qty = parse_amount(c.get("qty", ""), False) or Decimal(1)
        lines.append(
            LineItem(
                description=c.get("desc", ""),
                quantity=qty,
                unit=c.get("unit") or None,
                unit_price=parse_amount(c.get("price", ""), False) or amount / qty,
                tax_rate=rate,
                amount=amount,
            )
        )
        base, tax = taxes_by_rate.get(rate, (Decimal("0.00"), Decimal("0.00")))
        taxes_by_rate[rate] = (
            base + amount,
            tax + (parse_amount(c.get("tax_amount", ""), False) or 0),
        )
    sums = re.search(r"合计[¥￥]?([\d,]+\.\d{2})[¥￥]?([\d,]+\.\d{2})", flat)
    lower = re.search(r"（小写）[¥￥]?([\d,]+\.\d{2})", flat)
    upper = re.search(r"（大写）[⊗ⓧ]?([零壹贰叁肆伍陆柒捌玖拾佰仟万亿圆元角分整正]+)", flat)
    total = parse_amount(lower.group(1), False) if lower else None
    missing = [
        n
        for n, v in (
            ("发票号码", number),
            ("开票日期", issued),
            ("价税合计（小写）", total),
            ("销售方名称", parties.get("seller")),
        )
        if v is None
    ]
    if missing or number is None or issued is None or total is None:
        raise MissingFields(path, missing, {})
    subtotal = (
        parse_amount(sums.group(1), False) if sums else sum((li.amount for li in lines), Decimal(0))
    )
    tax_total = parse_amount(sums.group(2), False) if sums else total - subtotal
    checks = []
    stated = parse_upper(upper.group(1)) if upper else None
    checks.append(
        Check(
            name="amount in words",
            ok=stated == total,
            message=(
                f"价税合计 大写 {upper.group(1) if upper else '(not printed)'} = {stated} "
                f"{'matches' if stated == total else 'does not match'} 小写 {total}"
            ),
        )
    )
    date_value = parse_date(issued.group(1))
    assert date_value is not None
    inv = Invoice(
        supplier=parties["seller"],
        buyer=parties.get("buyer"),
        number=number.group(1),
        issue_date=date_value,
        currency="CNY",
        lines=lines,
        subtotal=subtotal or Decimal(0),
        taxes=[
            TaxLine(rate=r, base=b, amount=t)
            for r, (b, t) in sorted(taxes_by_rate.items(), reverse=True)
        ],
        tax_total=tax_total or Decimal(0),
        total=total,
    )
    conf = FieldOrigin(source=Source.layout, confidence=LABEL)
    fields = [
        "supplier.name",
        "supplier.tax_id",
        "number",
        "issue_date",
        "currency",
        "subtotal",
        "tax_total",
        "total",
    ] + [f"lines.{i}" for i in range(len(lines))]
    if inv.buyer:
        fields += ["buyer.name", "buyer.tax_id"]
    inv.provenance = {f: conf for f in fields}
    return inv, checks
