"""Extracted invoices (for the duplicate check: same supplier + number).

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "extracted_invoices",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("supplier_key", sa.String(255), nullable=False),
        sa.Column("number", sa.String(128), nullable=False),
        sa.Column("total", sa.String(32), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_extracted_invoices_document_id", "extracted_invoices", ["document_id"], unique=True
    )
    op.create_index("ix_extracted_invoices_supplier_key", "extracted_invoices", ["supplier_key"])
    op.create_index("ix_extracted_invoices_number", "extracted_invoices", ["number"])


def downgrade() -> None:
    op.drop_table("extracted_invoices")
