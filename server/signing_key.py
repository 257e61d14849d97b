"""The JWT signing secret: configured, or generated once and shared through the database."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from server.models import ServerSecret
from server.security import generate_secret

JWT_SECRET_KEY = "jwt_secret"


class JwtSecretSource:
    """Gives the signing secret, loading it (or creating it) on first use.

    Every worker and every pix-tui process over one database must sign and check tokens with
    the same key: when none is configured the first one to need it inserts a random key, a
    concurrent loser of that race gets a unique-key violation and reads the winner's key.
    """

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], configured: str | None = None
    ) -> None:
        self._sessionmaker = sessionmaker
        self._secret = configured

    async def get(self) -> str:
        if self._secret is None:
            self._secret = await self._load_or_create()
        return self._secret

    async def _load_or_create(self) -> str:
        async with self._sessionmaker() as session:
            existing = await session.get(ServerSecret, JWT_SECRET_KEY)
            if existing is not None:
                return existing.value
            session.add(ServerSecret(key=JWT_SECRET_KEY, value=generate_secret()))
            try:
                await session.commit()
            except IntegrityError:
                await session.rollback()
            stored = await session.scalar(
                select(ServerSecret.value).where(ServerSecret.key == JWT_SECRET_KEY)
            )
            assert stored is not None
            return stored
