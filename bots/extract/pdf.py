"""Opening a file safely and reading its text layer with PDFium (fast), as positioned cells.

Every way a file can be unusable ends here in one `ExtractionError` subclass, so callers
never see a library's own exception."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from bots.extract.errors import (
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    FileTooLarge,
    NeedsOcr,
    NotAPdf,
)

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"GIF8": "a GIF image",
}


@dataclass(slots=True)
class Cell:
    """One run of text on a page, in top-down coordinates (points)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Page:
    number: int
    width: float
    height: float
    cells: list[Cell] = field(default_factory=list)

    @cached_property
    def lines(self) -> list[list[Cell]]:
        """Cells grouped into visual lines, top to bottom, each left to right."""
        rows: list[list[Cell]] = []
        for c in sorted(self.cells, key=lambda c: (c.mid_y, c.x0)):
            if rows and abs(rows[-1][0].mid_y - c.mid_y) <= 3.0:
                rows[-1].append(c)
            else:
                rows.append([c])
        return [sorted(r, key=lambda c: c.x0) for r in rows]

    @cached_property
    def text(self) -> str:
        return "\n".join(" ".join(c.text for c in line) for line in self.lines)


_SEPARATOR = re.compile(r"\s+[·|•]\s+")


def _split(text: str, x0: float, x1: float, top: float, bottom: float) -> list[Cell]:
    """One run holding `a · b · c` (a footer) becomes one cell per part, x estimated."""
    parts = _SEPARATOR.split(text)
    if len(parts) == 1:
        return [Cell(text, x0, x1, top, bottom)]
    per_char = (x1 - x0) / max(len(text), 1)
    cells, pos = [], 0
    for part in parts:
        start = text.index(part, pos)
        pos = start + len(part)
        cells.append(Cell(part, x0 + start * per_char, x0 + pos * per_char, top, bottom))
    return cells


def kind_of(head: bytes) -> str:
    """What a file looks like from its first bytes: 'pdf', 'xml' or a description."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        return "xml"
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return what
    return "not a PDF"


def check_file(path: Path, max_bytes: int) -> str:
    """Refuse empty, oversized and unknown files early; return 'pdf' or 'xml'."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise CorruptPdf(path, "the file does not exist", "check the path") from None
    if size == 0:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    if size > max_bytes:
        raise FileTooLarge(path, f"the file has {size:,} bytes, the limit is {max_bytes:,}")
    with path.open("rb") as f:
        head = f.read(1024)
    kind = kind_of(head)
    if kind not in ("pdf", "xml"):
        raise NotAPdf(path, f"this is {kind}, not a PDF or an e-invoice XML")
    return kind


class PdfFile:
    """A PDF opened with PDFium: its attachments and its pages as cells."""

    def __init__(self, path: Path, password: str | None = None, max_pages: int = 500) -> None:
        self.path = path
        try:
            self.doc = pdfium.PdfDocument(str(path), password=password)
        except pdfium.PdfiumError as exc:
            if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                problem = (
                    "the PDF is encrypted and the configured password does not open it"
                    if password
                    else "the PDF is encrypted (password protected)"
                )
                raise EncryptedPdf(path, problem) from None
            raise CorruptPdf(path, f"the PDF is damaged and cannot be opened ({exc})") from None
        self.page_count = len(self.doc)
        if self.page_count == 0:
            self.close()
            raise CorruptPdf(path, "the PDF has no readable pages")
        if self.page_count > max_pages:
            self.close()
            raise FileTooLarge(
                path, f"the PDF has {self.page_count} pages, the limit is {max_pages}"
            )

    def attachments(self) -> list[tuple[str, bytes]]:
        """Embedded files as (name, bytes); damaged attachments are skipped."""
        out = []
        for i in range(self.doc.count_attachments()):
            try:
                att = self.doc.get_attachment(i)
                out.append((att.get_name(), bytes(att.get_data())))
            except pdfium.PdfiumError:
                continue
        return out

    @cached_property
    def pages(self) -> list[Page]:
        pages = []
        try:
            for n in range(self.page_count):
                pdf_page = self.doc[n]
                width, height = pdf_page.get_size()
                tp = pdf_page.get_textpage()
                cells = []
                for r in range(tp.count_rects()):
                    left, bottom, right, top = tp.get_rect(r)
                    text = tp.get_text_bounded(left, bottom, right, top).strip()
                    if text:
                        cells.extend(_split(text, left, right, height - top, height - bottom))
                tp.close()
                pdf_page.close()
                pages.append(Page(n + 1, width, height, cells))
        except pdfium.PdfiumError as exc:
            raise CorruptPdf(self.path, f"page {len(pages) + 1} cannot be read ({exc})") from None
        if not any(p.cells for p in pages):
            raise NeedsOcr(
                self.path, f"needs OCR: none of its {len(pages)} page(s) has a text layer"
            )
        return pages

    @property
    def text(self) -> str:
        return "\n\f".join(p.text for p in self.pages)

    def close(self) -> None:
        self.doc.close()
