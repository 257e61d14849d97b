"""Failed logins per network address, so that one address cannot try passwords without end.

Kept in the database (not in a worker's memory) so that every worker and every server process
over the same database counts the same failures (see usecases/login_throttle.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base

MAX_ADDRESS_LENGTH = 64  # an IPv6 address is at most 45 characters


class LoginFailure(Base):
    """One failed password login (wrong password or unknown account) from `address`."""

    __tablename__ = "login_failures"
    __table_args__ = (
        # "How many failures from this address lately?" on every login attempt.
        Index("ix_login_failures_address_failed_at", "address", "failed_at"),
        # Purging the expired rows of every address.
        Index("ix_login_failures_failed_at", "failed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(MAX_ADDRESS_LENGTH))
    failed_at: Mapped[datetime]
