"""The ingest tasks' logic, called through `.fn` (no Prefect run needed)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

from autoclerk.config import Settings
from autoclerk.engine import to_variables
from autoclerk.invoice import Invoice, LineItem, Party
from autoclerk.store import Document, get_store
from flows.facts import approval_variables
from flows.ingest import inbox_files, read, record


def test_inbox_ignores_partial_and_hidden_files(inbox: Path) -> None:
    (inbox / "a.pdf").write_bytes(b"%PDF a")
    (inbox / "b.pdf.part").write_bytes(b"%PDF b")
    (inbox / ".c.pdf").write_bytes(b"%PDF c")
    try:
        assert [p.name for p in inbox_files_of(inbox)] == ["a.pdf"]
    finally:
        for p in inbox.iterdir():
            p.unlink()


def inbox_files_of(inbox: Path) -> list[Path]:
    from autoclerk.config import get_settings

    assert get_settings().inbox == inbox
    return inbox_files(get_settings())


def test_same_file_twice_is_one_document_and_leaves_the_inbox(
    inbox: Path, samples: dict[str, Path], isolated_settings: Settings
) -> None:
    # Bytes of our own (a PDF comment after the end), so other tests' documents don't count.
    data = samples["small"].read_bytes() + f"\n% {uuid.uuid4()}\n".encode()
    first = inbox / "one.pdf"
    first.write_bytes(data)
    doc1, created1 = record.fn(str(first), True)
    assert not first.exists()  # stored first, then removed from the inbox
    second = inbox / "again.pdf"
    second.write_bytes(data)
    doc2, created2 = record.fn(str(second), True)
    assert (doc1, created1, created2) == (doc2, True, False)
    with get_store(isolated_settings).session() as s:
        doc = s.get(Document, doc1)
        assert doc is not None
        assert Path(doc.stored_path).read_bytes() == data


def test_corrupt_file_is_quarantined_with_its_own_name(
    samples: dict[str, Path], isolated_settings: Settings
) -> None:
    doc_id, _ = record.fn(str(samples["corrupt"]), False)
    assert read.fn(doc_id) == "quarantined"
    with get_store(isolated_settings).session() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None and doc.state_reason
        assert "corrupt.pdf" in doc.state_reason
        assert "damaged" in doc.state_reason
    assert read.fn(doc_id) == "quarantined"  # reading again changes nothing


def test_approval_variables_carry_money_as_numbers(isolated_settings: Settings) -> None:
    inv = Invoice(
        supplier=Party(name="Acme", tax_id="GB1"),
        number="A-1",
        issue_date=date(2024, 1, 2),
        due_date=date(2024, 2, 1),
        lines=[
            LineItem(
                description="chair",
                quantity=Decimal(2),
                unit_price=Decimal("10.50"),
                tax_rate=Decimal(20),
                amount=Decimal("21.00"),
            )
        ],
        subtotal=Decimal("21.00"),
        tax_total=Decimal("4.20"),
        total=Decimal("25.20"),
    )
    v = to_variables(approval_variables("doc1", inv, isolated_settings, warnings=["w"]))
    assert v["total"] == {"value": 25.2, "type": "Double"}
    assert v["dueDate"]["value"] == "2024-02-01"
    assert v["submitter"]["value"] == isolated_settings.ingest_submitter
    assert '"unitPrice": "10.50"' in v["lines"]["value"]
    assert v["warnings"]["value"] == '["w"]'


def test_a_long_invoice_is_cut_to_what_the_engine_stores(isolated_settings: Settings) -> None:
    line = LineItem(
        description="Evidenziatori assortiti, confezione da dodici, colori fluorescenti",
        quantity=Decimal(10),
        unit_price=Decimal("18.10"),
        tax_rate=Decimal(22),
        amount=Decimal("181.00"),
    )
    inv = Invoice(
        supplier=Party(name="Cartoleria Rossi"),
        number="IT-45",
        issue_date=date(2024, 1, 2),
        lines=[line] * 45,
        subtotal=Decimal("8145.00"),
        tax_total=Decimal("1791.90"),
        total=Decimal("9936.90"),
    )
    v = approval_variables("doc2", inv, isolated_settings)
    assert 0 < len(v["lines"]) < 45
    assert v["linesOmitted"] == 45 - len(v["lines"])
    typed = to_variables(v)  # fits the engine's 4,000-character String column
    assert len(typed["lines"]["value"]) <= 4000


def test_too_long_a_string_is_refused_with_its_name() -> None:
    import pytest

    with pytest.raises(ValueError, match="'note' is 4001 characters"):
        to_variables({"note": "x" * 4001})
