"""Key/value tables the server keeps about itself."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base


class ServerSecret(Base):
    """Secrets generated once per database (e.g. the JWT signing key)."""

    __tablename__ = "server_secrets"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ServerMeta(Base):
    """Non-secret markers, e.g. which version of the demo data was seeded."""

    __tablename__ = "server_meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
