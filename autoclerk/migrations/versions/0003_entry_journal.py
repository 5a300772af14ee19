"""The bill-entry journal (never type a bill twice).

Revision ID: 0003
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entry_journal",
        sa.Column("document_id", sa.String(64), primary_key=True),
        sa.Column("erp", sa.String(128), nullable=False),
        sa.Column("supplier", sa.String(255), nullable=False),
        sa.Column("invoice_number", sa.String(128), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("erp_reference", sa.String(128), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_entry_journal_state", "entry_journal", ["state"])


def downgrade() -> None:
    op.drop_table("entry_journal")
