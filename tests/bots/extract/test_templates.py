"""Vendor templates (invoice2data YAML) run by invoice2data's engine on our own text pass."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from autoclerk.samples import BUYER, SUPPLIERS
from bots.extract import read_invoice
from tests.corpus.generate import render
from tests.corpus.model import LOCALES, build_invoice
from tests.corpus.score import compare

TEMPLATES = Path(__file__).parent / "templates"
D = Decimal


def acme_invoice(tmp_path: Path) -> tuple[Path, dict]:
    inv = build_invoice(
        LOCALES["en"],
        SUPPLIERS["acme"].party,
        BUYER,
        "ACME-24-0007",
        date(2024, 4, 2),
        30,
        [
            ("Copy paper A4 80g", D(10), "box", D("24.50"), D(20)),
            ("Toner cartridge black", D(2), "pcs", D("1189.00"), D(20)),
        ],
        po_number="PO-1003",
    )
    meta = render(inv, "ruled_en", tmp_path / "acme")
    return tmp_path / str(meta["file"]), meta["invoice"]  # type: ignore[return-value]


def test_matching_template_reads_every_field(tmp_path, settings):
    path, truth = acme_invoice(tmp_path)
    settings.extract_templates_dir = TEMPLATES
    result = read_invoice(path, settings)
    assert result.reader == "template:acme.yml"
    n, wrong = compare(truth, result.invoice)
    assert n > 25 and wrong == []
    assert {o.source for o in result.invoice.provenance.values()} == {"template"}
    assert result.validation.ok and not result.needs_review


def test_without_templates_the_layout_reader_reads_it(tmp_path, settings):
    path, truth = acme_invoice(tmp_path)
    result = read_invoice(path, settings)
    assert result.reader == "layout"
    assert compare(truth, result.invoice)[1] == []


def test_other_vendors_fall_through_to_layout(demo, settings):
    settings.extract_templates_dir = TEMPLATES
    assert read_invoice(demo["small"], settings).reader == "layout"
