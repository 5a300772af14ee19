"""A PNG of a document's first page, for the approval page (pypdfium2), cached on disk."""

from __future__ import annotations

import logging
from pathlib import Path

import pypdfium2 as pdfium

from autoclerk.config import Settings
from autoclerk.store import get_store
from autoclerk.store.tables import Document

log = logging.getLogger(__name__)
WIDTH_PX = 900  # sharp on a phone at 2-3x, small enough to load over mobile data


def preview_png(settings: Settings, document_id: str | None) -> Path | None:
    """The first page of the document's stored PDF as PNG; None if there is none to show."""
    if not document_id:
        return None
    with get_store(settings).session() as s:
        doc = s.get(Document, document_id)
        stored = Path(doc.stored_path) if doc else None
    if stored is None or not stored.exists() or stored.suffix.lower() != ".pdf":
        return None
    out = settings.data_dir / "previews" / f"{document_id}.png"
    if out.exists() and out.stat().st_mtime >= stored.stat().st_mtime:
        return out
    try:
        pdf = pdfium.PdfDocument(stored)
        try:
            page = pdf[0]
            scale = WIDTH_PX / page.get_width()
            image = page.render(scale=scale).to_pil()
        finally:
            pdf.close()
    except (pdfium.PdfiumError, IndexError, ZeroDivisionError) as e:
        log.warning("no preview for document %s (%s): %s", document_id, stored, e)
        return None
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.png")
    image.save(tmp, format="PNG", optimize=True)
    tmp.replace(out)
    return out
