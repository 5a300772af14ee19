from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from autoclerk.store import AuditEvent, Document, DocumentState, Store, record_document, set_state
from autoclerk.store.tables import AuditIsAppendOnly


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'store.db'}")


def test_same_file_twice_is_one_document(store: Store, tmp_path: Path) -> None:
    a = tmp_path / "a.pdf"
    a.write_bytes(b"%PDF-1.4 one")
    b = tmp_path / "copy-of-a.pdf"
    b.write_bytes(a.read_bytes())
    with store.session() as s:
        d1, created1 = record_document(s, a, tmp_path / "originals")
    with store.session() as s:
        d2, created2 = record_document(s, b, tmp_path / "originals")
    assert created1 and not created2
    assert d1.id == d2.id
    assert Path(d1.stored_path).read_bytes() == a.read_bytes()
    with store.session() as s:
        assert s.scalar(select(sa.func.count()).select_from(Document)) == 1


def test_state_changes_are_audited(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "x.pdf"
    f.write_bytes(b"%PDF-1.4 x")
    with store.session() as s:
        doc, _ = record_document(s, f, tmp_path / "o")
        set_state(s, doc, DocumentState.quarantined, "ingest", reason="not a PDF")
    with store.session() as s:
        doc = s.get(Document, doc.id)
        assert doc is not None and doc.state == "quarantined"
        assert doc.state_reason == "not a PDF"
        actions = [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["received", "state"]


def test_audit_trail_is_append_only(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "x.pdf"
    f.write_bytes(b"%PDF-1.4 y")
    with store.session() as s:
        record_document(s, f, tmp_path / "o")
    with pytest.raises(AuditIsAppendOnly), store.session() as s:
        ev = s.scalars(select(AuditEvent)).first()
        assert ev is not None
        ev.actor = "someone else"
    # Also below the ORM: the database's own trigger refuses.
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), store.engine.begin() as c:
        c.execute(sa.text("DELETE FROM audit_events"))


def test_reopening_keeps_data_and_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    f = tmp_path / "x.pdf"
    f.write_bytes(b"%PDF-1.4 z")
    with Store(url).session() as s:
        doc, _ = record_document(s, f, tmp_path / "o")
    with Store(url).session() as s:  # migrating again is a no-op, the row survives
        assert s.get(Document, doc.id) is not None
