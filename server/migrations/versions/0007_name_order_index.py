"""Users by name, case-insensitively: the order of every Pix Orga participants table.

The participants page of a crowded campaign sorted all its participations by
`lower(last_name), lower(first_name)` to show ten (10,000 rows joined and sorted, ~20 ms on
PostgreSQL). With this index the database walks users in that order and stops after the
page: the page costs the same with 20 participants or 10,000.

Revision ID: 0007
Revises: 0006
Create Date: 2025-02-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_users_lower_last_first_name",
        "users",
        [sa.func.lower(sa.column("last_name")), sa.func.lower(sa.column("first_name"))],
    )


def downgrade() -> None:
    op.drop_index("ix_users_lower_last_first_name", table_name="users")
