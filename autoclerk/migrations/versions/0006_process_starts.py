"""Process starts per document (the claim that makes starting a process idempotent).

Revision ID: 0006
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "process_starts",
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("process_key", sa.String(128), nullable=False),
        sa.Column("instance_id", sa.String(64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("process_starts")
