"""The entry journal: states move submitting -> entered, attempts are counted."""

from __future__ import annotations

from pathlib import Path

from autoclerk.store import Store
from autoclerk.store.entry_journal import EntryState, get_entry, mark, unsettled


def test_journal_moves_and_counts(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    keys = {"erp": "tryton-8.0", "supplier": "Müller Bürobedarf GmbH", "invoice_number": "RE-1"}
    with store.session() as s:
        mark(s, "d1", EntryState.submitting, **keys)
    with store.session() as s:
        assert [r.document_id for r in unsettled(s)] == ["d1"]
        mark(s, "d1", EntryState.submitting, **keys)
    with store.session() as s:
        mark(s, "d1", EntryState.entered, erp_reference="42", **keys)
    with store.session() as s:
        row = get_entry(s, "d1")
        assert row is not None
        assert (row.state, row.erp_reference, row.attempts) == ("entered", "42", 2)
        assert unsettled(s) == []
        assert get_entry(s, "d2") is None
