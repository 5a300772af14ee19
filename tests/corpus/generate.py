"""Generate test invoices with ground truth: `python -m tests.corpus.generate OUT --count N`.

Writes `<name>.pdf` (or `.xml` for bare e-invoices) and `<name>.json` with the truth beside it.
`demo_set(out_dir)` writes the small named set the demo and the ingest flow use."""

from __future__ import annotations

import argparse
import json
import random
from datetime import date
from decimal import Decimal
from pathlib import Path

from autoclerk.invoice import Invoice
from autoclerk.samples import BUYER, BUYER_CN, SUPPLIERS
from tests.corpus.einvoice import as_xml_truth, embed_facturx, ubl_xml
from tests.corpus.model import LOCALES, build_invoice, random_invoice
from tests.corpus.render import LAYOUTS, SPECS, printed_truth, render_cn, render_western

ALL_LAYOUTS = [*LAYOUTS, "ubl_xml"]


def render(inv: Invoice, layout: str, path: Path) -> dict[str, object]:
    """Write one invoice in a layout to `path` (suffix set by layout) and its truth beside it."""
    if layout == "ubl_xml":
        path = path.with_suffix(".xml")
        path.write_bytes(ubl_xml(inv))
        pages, truth = 0, as_xml_truth(inv)
    else:
        path = path.with_suffix(".pdf")
        if layout == "cn_vat":
            pages = render_cn(inv, path)
        else:
            pages = render_western(inv, SPECS[layout], path)
        if layout == "facturx":
            path.write_bytes(embed_facturx(path.read_bytes(), inv))
        truth = as_xml_truth(inv) if layout == "facturx" else printed_truth(inv, layout)
    meta = {
        "file": path.name,
        "layout": layout,
        "pages": pages,
        "invoice": truth.model_dump(mode="json", exclude={"provenance"}),
    }
    path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    return meta


def layout_lang(layout: str) -> str:
    return "fr" if layout == "ubl_xml" else LAYOUTS[layout]


def generate(out_dir: Path, count: int, seed: int = 1) -> list[Path]:
    """`count` invoices cycling through every layout; returns the invoice files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files = []
    for i in range(count):
        layout = ALL_LAYOUTS[i % len(ALL_LAYOUTS)]
        lines = rng.randint(30, 45) if layout == "multipage_it" else None
        inv = random_invoice(rng, layout_lang(layout), lines)
        meta = render(inv, layout, out_dir / f"{i:04d}_{layout}")
        files.append(out_dir / str(meta["file"]))
    return files


def demo_set(out_dir: Path) -> dict[str, Path]:
    """The named demo invoices: small (144.77 EUR, auto-approves), large (6,045.20 EUR, needs
    a manager), acme (1,592.40 GBP), Chinese, Factur-X, a bare UBL XML, and a corrupt PDF.
    Suppliers are the canonical ones of autoclerk.samples."""
    out_dir.mkdir(parents=True, exist_ok=True)
    D = Decimal
    mueller, dupont, acme, hq = (SUPPLIERS[k] for k in ("mueller", "dupont", "acme", "huaqiang"))
    small = build_invoice(
        LOCALES["de"],
        mueller.party,
        BUYER,
        "RE-2024-0815",
        date(2024, 3, 5),
        14,
        [
            ("Kopierpapier A4 80g", D(10), "Pkt", D("4.99"), D(19)),
            ("Fachbuch Steuerrecht", D(2), "Stk", D("39.90"), D(7)),
        ],
        iban=mueller.iban,
        po_number="PO-1001",
    )
    large = build_invoice(
        LOCALES["de"],
        mueller.party,
        BUYER,
        "RE-2024-0816",
        date(2024, 3, 8),
        30,
        [
            ("Schreibtischlampe LED", D(40), "Stk", D("89.00"), D(19)),
            (
                "Wartung Drucker vor Ort inklusive Anfahrt und Verschleißteile",
                D(16),
                "Std",
                D("95.00"),
                D(19),
            ),
        ],
        iban=mueller.iban,
        po_number="PO-1002",
    )
    acme_inv = build_invoice(
        LOCALES["en"],
        acme.party,
        BUYER,
        "ACME-24-1187",
        date(2024, 3, 11),
        30,
        [
            (
                "Ergonomic office chair with adjustable armrests and lumbar support",
                D(2),
                "pcs",
                D("389.00"),
                D(20),
            ),
            ("Standing desk 160x80", D(1), "pcs", D("549.00"), D(20)),
        ],
        po_number="PO-1003",
    )
    facturx_inv = build_invoice(
        LOCALES["fr"],
        dupont.party,
        BUYER,
        "FD-2024-0042",
        date(2024, 3, 12),
        30,
        [
            ("Papier A4 80g", D(20), "lot", D("4.20"), D(20)),
            ("Stylos bille bleus", D(5), "lot", D("6.50"), D(20)),
        ],
        iban=dupont.iban,
        payment_reference="FD-2024-0042",
    )
    chinese = build_invoice(
        LOCALES["zh"],
        hq.party,
        BUYER_CN,
        "24442000000012345678",
        date(2024, 3, 15),
        None,
        [
            ("*电子元件*贴片电阻", D(1000), "个", D("0.05"), D(13)),
            ("*计算机配套产品*键盘", D(4), "个", D("198.00"), D(13)),
        ],
        per_line_tax=True,
    )
    out = {
        "small": render(small, "locale_de", out_dir / "small_mueller"),
        "large": render(large, "locale_de", out_dir / "large_mueller"),
        "acme": render(acme_inv, "ruled_en", out_dir / "acme"),
        "facturx": render(facturx_inv, "facturx", out_dir / "facturx_dupont"),
        "ubl": render(facturx_inv, "ubl_xml", out_dir / "ubl_dupont"),
        "chinese": render(chinese, "cn_vat", out_dir / "chinese_huaqiang"),
    }
    paths = {k: out_dir / str(v["file"]) for k, v in out.items()}
    corrupt = out_dir / "corrupt.pdf"
    corrupt.write_bytes(
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n" + bytes(range(256)) * 4
    )
    paths["corrupt"] = corrupt
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--count", type=int, default=len(ALL_LAYOUTS))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--demo", action="store_true", help="write the named demo set instead")
    args = ap.parse_args()
    if args.demo:
        for name, path in demo_set(args.out_dir).items():
            print(f"{name}: {path}")
        return
    files = generate(args.out_dir, args.count, args.seed)
    print(f"wrote {len(files)} invoices with truth to {args.out_dir}")


if __name__ == "__main__":
    main()
