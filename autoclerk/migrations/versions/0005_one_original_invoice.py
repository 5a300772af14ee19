"""At most one original per supplier + invoice number: the database settles duplicate races.

Two ingest runs reading the same invoice at the same moment both find no earlier copy; the
partial unique index lets only one of them record it as the original, the other becomes a
duplicate (and goes to review) instead of a second approval.

Revision ID: 0005
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHERE = sa.text("duplicate_of IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("extracted_invoices") as batch:
        batch.add_column(sa.Column("duplicate_of", sa.String(32), nullable=True))
    op.create_index(
        "uq_extracted_invoices_original",
        "extracted_invoices",
        ["supplier_key", "number"],
        unique=True,
        sqlite_where=WHERE,
        postgresql_where=WHERE,
    )


def downgrade() -> None:
    op.drop_index("uq_extracted_invoices_original", "extracted_invoices")
    with op.batch_alter_table("extracted_invoices") as batch:
        batch.drop_column("duplicate_of")
