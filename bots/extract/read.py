"""`read_invoice`: one file to a validated invoice, trying the readers in order.

1. e-invoice XML (attached to the PDF, or a bare .xml) - exact;
2. a vendor template (invoice2data YAML) if a template folder is configured;
3. Chinese VAT e-invoice reader, when the page is one;
4. the template-free layout reader."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from autoclerk.config import Settings, get_settings
from autoclerk.invoice import Invoice
from bots.extract.cn_vat import is_cn_vat, read_cn_vat
from bots.extract.einvoice import find_attached_xml, parse_xml
from bots.extract.errors import BadEInvoice
from bots.extract.layout import read_layout
from bots.extract.pdf import PdfFile, check_file
from bots.extract.result import Check, ExtractionResult
from bots.extract.validate import validate

if TYPE_CHECKING:
    from autoclerk.store import Store


def _read(path: Path, settings: Settings) -> tuple[Invoice, str, int, list[Check]]:
    kind = check_file(path, settings.extract_max_bytes)
    if kind == "xml":
        inv, flavor = parse_xml(path, path.read_bytes())
        return inv, flavor, 0, []
    pw = settings.extract_pdf_password
    pdf = PdfFile(path, pw.get_secret_value() if pw else None, settings.extract_max_pages)
    try:
        if xml := find_attached_xml(pdf.attachments()):
            try:
                inv, flavor = parse_xml(path, xml)
                return inv, flavor, pdf.page_count, []
            except BadEInvoice:
                pass  # a broken attachment: the printed page still counts
        pages = pdf.pages
        if settings.extract_templates_dir:
            from bots.extract.templates import read_template  # only when configured

            hit = read_template(path, pdf.text, settings.extract_templates_dir)
            if hit:
                return hit[0], f"template:{hit[1]}", pdf.page_count, []
        if is_cn_vat(pages[0].text):
            inv, checks = read_cn_vat(path, pages)
            return inv, "cn-vat", pdf.page_count, checks
        return read_layout(path, pages), "layout", pdf.page_count, []
    finally:
        pdf.close()


def read_invoice(
    path: Path,
    settings: Settings | None = None,
    store: Store | None = None,
    document_id: str | None = None,
) -> ExtractionResult:
    """Read and validate one invoice file. Raises an `ExtractionError` subclass for files that
    cannot be read (corrupt, encrypted, image-only, empty, not a PDF, too large, fields missing).
    With a `store`, also checks for a duplicate (same supplier + number in another document)."""
    settings = settings or get_settings()
    path = Path(path)
    inv, reader, pages, extra = _read(path, settings)
    result = validate(inv, store=store, document_id=document_id, extra=extra)
    reasons = [f"{c.name}: {c.message}" for c in result.failed]
    unsure = sorted(
        (k for k, o in inv.provenance.items() if o.confidence < settings.extract_min_confidence)
    )
    if unsure:
        reasons.append(
            f"low confidence (< {settings.extract_min_confidence}) in: " + ", ".join(unsure)
        )
    return ExtractionResult(
        path=str(path),
        reader=reader,
        pages=pages,
        invoice=inv,
        validation=result,
        needs_review=bool(reasons),
        reasons=reasons,
    )
