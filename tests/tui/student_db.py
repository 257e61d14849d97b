"""Looking into the test's demo database directly, as a second witness of what the screens
claim (answers recorded, participations shared)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

STUDENT = "eleve@example.net"


def db_path(database_url: str) -> Path:
    return Path(database_url.split(":///", 1)[1])


def query(database_url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db_path(database_url))) as db:
        return db.execute(sql, params).fetchall()


def execute(database_url: str, sql: str, *params: Any) -> None:
    with closing(sqlite3.connect(db_path(database_url))) as db, db:
        db.execute(sql, params)


def campaign_code(database_url: str, name: str) -> str:
    (code,) = query(database_url, "SELECT code FROM campaigns WHERE name = ?", name)[0]
    return str(code)


def participations(
    database_url: str, code: str, email: str = STUDENT
) -> list[tuple[int, str, str | None]]:
    """(id, status, shared_at) of a student's participations in a campaign, oldest first."""
    return [
        (int(row[0]), str(row[1]), row[2])
        for row in query(
            database_url,
            "SELECT p.id, p.status, p.shared_at FROM campaign_participations p "
            "JOIN campaigns c ON c.id = p.campaign_id JOIN users u ON u.id = p.user_id "
            "WHERE c.code = ? AND u.email = ? ORDER BY p.id",
            code,
            email,
        )
    ]


def answers(database_url: str, code: str, email: str = STUDENT) -> list[tuple[str, str, Any]]:
    """(challenge id, result, timeout) of every answer a student gave in a campaign."""
    return [
        (str(row[0]), str(row[1]), row[2])
        for row in query(
            database_url,
            "SELECT a.challenge_id, a.result, a.timeout FROM answers a "
            "JOIN assessments s ON s.id = a.assessment_id "
            "JOIN campaign_participations p ON p.id = s.campaign_participation_id "
            "JOIN campaigns c ON c.id = p.campaign_id JOIN users u ON u.id = p.user_id "
            "WHERE c.code = ? AND u.email = ? ORDER BY a.id",
            code,
            email,
        )
    ]
