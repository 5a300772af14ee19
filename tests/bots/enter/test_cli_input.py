"""`autoclerk enter` input: JSON from `extract --json` or a bare Invoice; bad input is named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autoclerk.cli.enter import InvoiceInputError, read_input
from tests.bots.enter.bills import make_bill


def test_reads_extract_json_and_bare_invoice(tmp_path: Path) -> None:
    inv = make_bill(1, "CLI")
    wrapped = tmp_path / "extract.json"
    wrapped.write_text(json.dumps([{"path": "x.pdf", "invoice": inv.model_dump(mode="json")}]))
    bare = tmp_path / "bare.json"
    bare.write_text(inv.model_dump_json())
    assert read_input(wrapped) == inv
    assert read_input(bare) == inv


def test_bad_input_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"number": "x"}')
    with pytest.raises(InvoiceInputError, match="bad.json: not an invoice"):
        read_input(bad)
    two = tmp_path / "two.json"
    two.write_text("[{}, {}]")
    with pytest.raises(InvoiceInputError, match="holds 2 invoices"):
        read_input(two)
    with pytest.raises(InvoiceInputError, match="no such file"):
        read_input(tmp_path / "missing.json")
