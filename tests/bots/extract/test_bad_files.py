"""Bad files end in one clear error type with a message naming the file and what to do."""

from __future__ import annotations

import io
import random
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pydantic import SecretStr
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from bots.extract import (
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    ExtractionError,
    FileTooLarge,
    MissingFields,
    NeedsOcr,
    NotAPdf,
    read_invoice,
    read_one,
)
from tests.corpus.model import random_invoice
from tests.corpus.render import SPECS, render_western


def _encrypted(path: Path, password: str) -> Path:
    inv = random_invoice(random.Random(3), "en")
    plain = path.with_name("plain.pdf")
    render_western(inv, SPECS["ruled_en"], plain)
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(plain))
    w.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-128")
    with path.open("wb") as f:
        w.write(f)
    return path


def test_corrupt_pdf(demo, settings):
    with pytest.raises(CorruptPdf) as e:
        read_invoice(demo["corrupt"], settings)
    assert "corrupt.pdf" in str(e.value) and "damaged" in str(e.value)


def test_truncated_pdf_is_corrupt_or_read_but_never_crashes(corpus, settings, tmp_path):
    src = corpus[0].read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(src[: len(src) // 3])
    item = read_one(cut, settings)
    assert item.result is not None or item.error_kind in (
        "corrupt_pdf",
        "needs_ocr",
        "missing_fields",
    )


def test_encrypted_without_password(tmp_path, settings):
    path = _encrypted(tmp_path / "locked.pdf", "s3cret")
    with pytest.raises(EncryptedPdf) as e:
        read_invoice(path, settings)
    assert "encrypted" in str(e.value) and "AUTOCLERK_EXTRACT_PDF_PASSWORD" in str(e.value)


def test_encrypted_with_wrong_password(tmp_path, settings):
    path = _encrypted(tmp_path / "locked.pdf", "s3cret")
    settings.extract_pdf_password = SecretStr("wrong")
    with pytest.raises(EncryptedPdf) as e:
        read_invoice(path, settings)
    assert "configured password does not open it" in str(e.value)
    assert "wrong" not in str(e.value)  # the secret never reaches a message


def test_encrypted_with_configured_password(tmp_path, settings):
    path = _encrypted(tmp_path / "locked.pdf", "s3cret")
    settings.extract_pdf_password = SecretStr("s3cret")
    result = read_invoice(path, settings)
    assert result.invoice.number == random_invoice(random.Random(3), "en").number


def test_image_only_needs_ocr(tmp_path, settings):
    img = Image.new("RGB", (600, 800), "white")
    for x in range(100, 500):
        img.putpixel((x, 100), (0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    path = tmp_path / "scan.pdf"
    c = Canvas(str(path))
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, 595, 842)
    c.showPage()
    c.save()
    with pytest.raises(NeedsOcr) as e:
        read_invoice(path, settings)
    assert "needs OCR" in str(e.value)


def test_zero_byte(tmp_path, settings):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile, match="empty"):
        read_invoice(path, settings)


@pytest.mark.parametrize(
    ("data", "what"),
    [(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "PNG image"), (b"Dear supplier, " * 20, "not a PDF")],
)
def test_not_a_pdf(tmp_path, settings, data, what):
    path = tmp_path / "invoice.pdf"
    path.write_bytes(data)
    with pytest.raises(NotAPdf, match=what):
        read_invoice(path, settings)


def test_too_large_by_bytes(corpus, settings):
    settings.extract_max_bytes = 1000
    with pytest.raises(FileTooLarge, match="limit is 1,000"):
        read_invoice(corpus[0], settings)


def test_too_large_by_pages(corpus, settings, tmp_path):
    multi = next(f for f in corpus if "multipage" in f.name)
    settings.extract_max_pages = 1
    with pytest.raises(FileTooLarge, match="pages, the limit is 1"):
        read_invoice(shutil.copy(multi, tmp_path / "m.pdf"), settings)


def test_text_pdf_that_is_no_invoice_goes_to_review(tmp_path, settings):
    path = tmp_path / "letter.pdf"
    c = Canvas(str(path))
    c.drawString(50, 800, "Dear Sir or Madam, thank you for your letter.")
    c.showPage()
    c.save()
    with pytest.raises(MissingFields) as e:
        read_invoice(path, settings)
    assert e.value.review and "invoice number" in str(e.value)


def test_every_error_is_an_extraction_error():
    for cls in (CorruptPdf, EncryptedPdf, NeedsOcr, EmptyFile, NotAPdf, FileTooLarge):
        assert issubclass(cls, ExtractionError) and not cls.review
