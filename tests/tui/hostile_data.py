"""A hostile seed: every text a teacher, a student or an agent typed, rewritten to attack the
terminal that shows it.

Each value keeps the demo's own words first (so the scenes that search "Parcours de rentrée
5e" or "pix" still find their campaign) and appends Rich markup, ANSI and OSC escape
sequences, a C1 CSI, BEL/backspace/CR, a right-to-left override and stacked combining
accents. Columns keep their declared length (VARCHAR(255) filled to the brim, a title to
its 50); the TEXT columns — landing and result texts, reports, answers — get 5,000+
characters, among them one word too long for any line.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime

MARKUP = "[bold red]ROUGE[/]"
CUT = "[bold re"  # what a narrow column keeps of it before its "…"
LINK = "[link=http://evil]lien[/link]"
ANSI = "\x1b[31mANSI\x1b[0m"
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
C1_CSI = "\x9b2J"
CONTROLS = "\x07\x08\r"
RTL = "\u202eLTR"
COMBINING = "e\u0301\u0301\u0301"

ATTACK = f"{MARKUP} {LINK} {ANSI} {OSC52} {C1_CSI} {CONTROLS} {RTL} {COMBINING}"
LONG_WORD = "W" * 300  # no space to wrap at
LONG_TEXT = f"{ATTACK} {LONG_WORD} " + "bla " * 1200 + "fin"  # 5,000+ characters

# What must never reach the terminal from a data string: ESC, BEL, backspace, CR, the C1
# controls (CSI U+009B among them) and the bidi overrides.
FORBIDDEN = frozenset("\x1b\x07\x08\r") | {chr(c) for c in range(0x80, 0xA0)} | {"\u202e"}


def hostile(original: str, limit: int | None = 255) -> str:
    """`original` followed by the attack, padded with one long word up to `limit`."""
    text = f"{original} {ATTACK} "
    if limit is None:
        return text + LONG_WORD
    return (text + LONG_WORD)[:limit]


def _path(database_url: str) -> str:
    return database_url.split(":///", 1)[1]


def seed_hostile(database_url: str) -> None:
    """Rewrite every user-supplied text of the test's demo database (SQLite)."""
    with closing(sqlite3.connect(_path(database_url))) as db, db:
        db.create_function("hostile", 1, hostile, deterministic=True)
        db.create_function("hostile_title", 1, lambda v: hostile(v, 50), deterministic=True)
        db.execute("UPDATE organizations SET name = hostile(name), external_id = hostile('UAI')")
        db.execute(
            "UPDATE users SET first_name = hostile(first_name), last_name = hostile(last_name)"
        )
        db.execute("UPDATE campaigns SET name = hostile(name)")
        db.execute("UPDATE campaigns SET title = hostile_title(title) WHERE title IS NOT NULL")
        db.execute(
            "UPDATE campaigns SET custom_landing_page_text = ?, custom_result_page_text = ?, "
            "custom_result_page_button_text = hostile('Suite'), "
            "custom_result_page_button_url = 'https://pix.example/' || ? "
            "WHERE code IN ('RENTRE123', 'PROFIL456')",
            (LONG_TEXT, LONG_TEXT, OSC52),
        )
        db.execute(
            "UPDATE campaigns SET external_id_label = hostile('Numéro INE'), "
            "external_id_type = 'STRING' WHERE code = 'PROFIL456'"
        )
        db.execute("UPDATE campaign_participations SET participant_external_id = hostile('INE')")
        db.execute(
            "UPDATE feedbacks SET content = ?, answer = ?, category = hostile(category)",
            (LONG_TEXT, LONG_TEXT),
        )
        # Free answers (QROC/QROCM) keep their shape only where it is a plain text.
        db.execute(
            "UPDATE answers SET value = ? WHERE value NOT LIKE '%:%' "
            "AND value NOT GLOB '[0-9]*' AND value <> '#ABAND#'",
            (LONG_TEXT,),
        )
        _add_audit_entry(db)


def _add_audit_entry(db: sqlite3.Connection) -> None:
    """An agent with a hostile name renamed RENTRE123 to a hostile name (the Historique)."""
    campaign_id, name = db.execute(
        "SELECT id, name FROM campaigns WHERE code = 'RENTRE123'"
    ).fetchone()
    db.execute(
        "INSERT INTO admin_audit_entries (created_at, admin_user_id, admin_name, action, "
        "campaign_id, before, after) VALUES (?, NULL, ?, 'UPDATE_CAMPAIGN', ?, ?, ?)",
        (
            datetime(2025, 3, 18, 10, 0).isoformat(sep=" "),
            hostile("Agent", 511),
            campaign_id,
            json.dumps({"name": LONG_TEXT, "title": hostile("Ancien titre", 50)}),
            json.dumps({"name": name, "custom-landing-page-text": LONG_TEXT}),
        ),
    )


def forbidden_in(text: str) -> set[str]:
    """The forbidden characters `text` holds."""
    return {char for char in text if char in FORBIDDEN}
