"""Campaign follow-up: when each participation last changed, for cheap conditional requests.

`campaign_participations.updated_at` (set on every write) and an index on
(campaign_id, updated_at) let the server answer "has anything of this campaign changed?"
from the index alone, before building a page (ETag / If-None-Match).

Revision ID: 0005
Revises: 0004
Create Date: 2025-02-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)
INDEX = "ix_campaign_participations_campaign_updated"


def upgrade() -> None:
    with op.batch_alter_table("campaign_participations") as batch:
        batch.add_column(sa.Column("updated_at", TIMESTAMP, nullable=True))
    # Existing rows last changed when they were shared, or else created.
    op.execute("UPDATE campaign_participations SET updated_at = COALESCE(shared_at, created_at)")
    with op.batch_alter_table("campaign_participations") as batch:
        batch.alter_column("updated_at", existing_type=TIMESTAMP, nullable=False)
        batch.create_index(INDEX, ["campaign_id", "updated_at"])


def downgrade() -> None:
    with op.batch_alter_table("campaign_participations") as batch:
        batch.drop_index(INDEX)
        batch.drop_column("updated_at")
