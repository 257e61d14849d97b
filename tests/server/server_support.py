"""Helpers for the server tests (module name kept unique across the tests tree)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import update

from server.db import Database

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT.parent / "shared" / "pix-api" / "fixtures"

E3_FORBIDDEN = {
    "errors": [
        {"code": 403, "title": "Forbidden access", "detail": "Missing or insufficient permissions."}
    ]
}
E5_UNAUTHORIZED = {"statusCode": 401, "error": "Unauthorized", "message": "Missing authentication"}
WRONG_CREDENTIALS = {
    "errors": [
        {
            "status": "401",
            "title": "Unauthorized",
            "detail": "L'adresse e-mail et/ou le mot de passe saisis sont incorrects.",
        }
    ]
}


def load_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


async def update_rows(database_url: str, model: Any, where: Any, **values: Any) -> None:
    """Change rows behind the server's back (e.g. to let time pass on a block)."""
    database = Database.connect(database_url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            await session.execute(update(model).where(where).values(**values))
    finally:
        await database.dispose()


async def scalar(database_url: str, statement: Any) -> Any:
    database = Database.connect(database_url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            return await session.scalar(statement)
    finally:
        await database.dispose()
