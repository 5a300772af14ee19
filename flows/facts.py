"""What the flows hand to the engine and read back: the invoice of a document, and the
process variables of its approval."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from autoclerk.config import Settings
from autoclerk.invoice import Invoice
from autoclerk.store.invoices import ExtractedInvoice


def load_invoice(s: Session, document_id: str) -> Invoice:
    """The invoice the reading bot found in a document."""
    row = s.scalar(select(ExtractedInvoice).where(ExtractedInvoice.document_id == document_id))
    if row is None:
        raise LookupError(f"document {document_id} has no extracted invoice; run ingest first")
    return Invoice.model_validate(row.data)


# The engine keeps a String variable in a 4,000-character column: a long invoice's lines are
# cut to what fits, with the count of the rest (the page shows the full first page anyway).
MAX_LINES_JSON = 3500


def _lines_that_fit(invoice: Invoice) -> tuple[list[dict[str, str]], int]:
    rows = [
        {
            "description": li.description,
            "quantity": str(li.quantity),
            "unitPrice": str(li.unit_price),
            "taxRate": str(li.tax_rate),
            "amount": str(li.amount),
        }
        for li in invoice.lines
    ]
    kept: list[dict[str, str]] = []
    size = 2
    for row in rows:
        size += len(json.dumps(row, ensure_ascii=False)) + 2
        if size > MAX_LINES_JSON:
            break
        kept.append(row)
    return kept, len(rows) - len(kept)


def approval_variables(
    document_id: str, invoice: Invoice, settings: Settings, warnings: list[str] | None = None
) -> dict[str, Any]:
    """The process variables `invoice_approval` (and `invoice_review`) start with."""
    lines, omitted = _lines_that_fit(invoice)
    return {
        "documentId": document_id,
        "supplierName": invoice.supplier.name,
        "supplierTaxId": invoice.supplier.tax_id or "",
        "invoiceNumber": invoice.number,
        "issueDate": invoice.issue_date.isoformat(),
        "dueDate": invoice.due_date.isoformat() if invoice.due_date else "",
        "total": invoice.total,
        "currency": invoice.currency,
        "costCentre": "",
        "submitter": settings.ingest_submitter,
        "lines": lines,
        "linesOmitted": omitted,
        "warnings": warnings or [],
    }
