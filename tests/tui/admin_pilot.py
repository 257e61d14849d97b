"""Driving Pix Admin like a support agent: log in, search, open a campaign, act — and the
demo database changed behind the server's back (a participant made stuck, dates fixed).

Demo: support@ SUPPORT, superadmin@ SUPER_ADMIN, metier@ METIER. RENTRE123 (Collège Pix
(DEMO), owner Claire Moreau) has 20 participants, 3 still "En cours" (eleve04 Hugo Thomas,
eleve11 Camille Laurent, eleve17 Zoé Vincent) who answered in the last 3 days; ARCHIV789
is archived (owner Julien Bernard). The collège's members are Claire Moreau and Julien
Bernard.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pilot_support import sign_in, text_of, wait_until
from student_db import execute, query
from textual.pilot import Pilot
from textual.widgets import Input

from tui.screens.admin.admin_table import AdminTable
from tui.screens.admin.home import AdminHomeScreen
from tui.screens.admin.search_results import SearchResults
from tui.screens.admin.triage import CampaignTriageScreen

SUPPORT = "support@example.net"
SUPER_ADMIN = "superadmin@example.net"
METIER = "metier@example.net"
COLLEGE = "Collège Pix (DEMO)"
LYCEE = "Lycée Pix (DEMO)"
NBSP = "\u00a0"


# -- the screens ----------------------------------------------------------------------------


async def admin_home(pilot: Pilot[None], email: str = SUPPORT) -> AdminHomeScreen:
    """Logged in, on the Pix Admin home, the agent's role known."""
    await sign_in(pilot, email)
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, AdminHomeScreen) and pilot.app.screen.member is not None
        ),
        "the Admin home",
    )
    screen = pilot.app.screen
    assert isinstance(screen, AdminHomeScreen)
    return screen


def _searching(pilot: Pilot[None]) -> bool:
    return any(
        worker.group == "admin-search" and not worker.is_finished for worker in pilot.app.workers
    )


async def search(pilot: Pilot[None], text: str, *, organizations: bool = False) -> None:
    """Type `text` in the search field (after `o` for organisations) and press Entrée; wait
    for the answer (results shown, or a campaign opened)."""
    screen = pilot.app.screen
    assert isinstance(screen, AdminHomeScreen)
    screen.set_focus(None)  # the letter keys are the screen's, not the field's
    await pilot.pause()
    await pilot.press("o" if organizations else "c")
    field = screen.query_one("#campaign-search", Input)
    assert field.has_focus
    field.value = ""
    await pilot.press(*text, "enter")
    await wait_until(
        pilot,
        lambda: (
            not _searching(pilot)
            and (
                isinstance(pilot.app.screen, CampaignTriageScreen)
                or screen.query_one(SearchResults).shown is not None
                or screen.query_one("#results-status").display
            )
        ),
        f"the answer to {text!r}",
    )


def rows(pilot: Pilot[None], selector: str) -> list[list[str]]:
    """The cells of a table as the user reads them (one list of texts per row)."""
    table = pilot.app.screen.query_one(selector, AdminTable)
    return [
        [str(cell).strip() for cell in table.get_row_at(index)] for index in range(table.row_count)
    ]


def column(pilot: Pilot[None], selector: str, key: str) -> list[str]:
    table = pilot.app.screen.query_one(selector, AdminTable)
    return [str(cell).strip() for cell in table.get_column(key)]


def triage(pilot: Pilot[None]) -> CampaignTriageScreen:
    screen = pilot.app.screen
    assert isinstance(screen, CampaignTriageScreen), screen
    return screen


def _loading(pilot: Pilot[None]) -> bool:
    return any(
        (worker.group or "").startswith("triage-") and not worker.is_finished
        for worker in pilot.app.workers
    )


async def wait_for_triage(pilot: Pilot[None], code: str) -> CampaignTriageScreen:
    """The campaign screen of `code`, everything loaded."""
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, CampaignTriageScreen)
            and pilot.app.screen.campaign is not None
            and pilot.app.screen.campaign.code == code
            and not _loading(pilot)
        ),
        f"the campaign {code}",
    )
    return triage(pilot)


async def open_campaign(
    pilot: Pilot[None], code: str, email: str = SUPPORT
) -> CampaignTriageScreen:
    """From the login form to the campaign screen of `code` (typed as is: opens directly)."""
    await admin_home(pilot, email)
    await search(pilot, code)
    return await wait_for_triage(pilot, code)


async def settle_triage(pilot: Pilot[None]) -> None:
    await wait_until(pilot, lambda: not _loading(pilot), "the campaign's lists")


async def show_tab(pilot: Pilot[None], key: str) -> None:
    await pilot.press(key)
    await settle_triage(pilot)


def plain(text: str) -> str:
    """What a sentence reads like, non-breaking spaces as spaces."""
    return text.replace(NBSP, " ")


def dialog_text(pilot: Pilot[None]) -> str:
    """The title and the text of the confirmation on screen."""
    return plain(
        " ".join([text_of(pilot, ".dialog-title"), text_of(pilot, ".dialog-text")]).replace(
            "\n", " "
        )
    )


# -- the database, behind the server's back -------------------------------------------------


def _stamp(moment: datetime) -> str:
    # How the server stores its UTC datetimes in SQLite.
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def participation_id(database_url: str, code: str, email: str) -> int:
    ((found,),) = query(
        database_url,
        "SELECT p.id FROM campaign_participations p JOIN campaigns c ON c.id = p.campaign_id "
        "JOIN users u ON u.id = p.user_id WHERE c.code = ? AND u.email = ? "
        "ORDER BY p.id DESC LIMIT 1",
        code,
        email,
    )
    return int(found)


def set_activity(database_url: str, participation: int, started: datetime) -> None:
    """The participation started at `started` and its answers came in the minutes after."""
    execute(
        database_url,
        "UPDATE campaign_participations SET created_at = ? WHERE id = ?",
        _stamp(started),
        participation,
    )
    answers = query(
        database_url,
        "SELECT a.id FROM answers a JOIN assessments s ON s.id = a.assessment_id "
        "WHERE s.campaign_participation_id = ? ORDER BY a.id",
        participation,
    )
    for index, (answer_id,) in enumerate(answers):
        execute(
            database_url,
            "UPDATE answers SET created_at = ? WHERE id = ?",
            _stamp(started + timedelta(minutes=2 * (index + 1))),
            answer_id,
        )


def make_stuck(database_url: str, email: str, days: int, code: str = "RENTRE123") -> int:
    """`email`'s participation in `code` went quiet `days` days ago (and a bit): stuck."""
    participation = participation_id(database_url, code, email)
    set_activity(database_url, participation, datetime.now(UTC) - timedelta(days=days, minutes=40))
    return participation


def rename_campaign(database_url: str, code: str, name: str) -> None:
    execute(database_url, "UPDATE campaigns SET name = ? WHERE code = ?", name, code)


def campaign_row(database_url: str, code: str) -> tuple[object, ...]:
    """(owner e-mail, archived_at) of a campaign, as stored."""
    return query(
        database_url,
        "SELECT u.email, c.archived_at FROM campaigns c JOIN users u ON u.id = c.owner_id "
        "WHERE c.code = ?",
        code,
    )[0]


def deleted_at(database_url: str, participation: int) -> object:
    ((value,),) = query(
        database_url,
        "SELECT deleted_at FROM campaign_participations WHERE id = ?",
        participation,
    )
    return value


def disable_membership(database_url: str, email: str, organization: str) -> None:
    execute(
        database_url,
        "UPDATE memberships SET disabled_at = ? WHERE user_id = "
        "(SELECT id FROM users WHERE email = ?) AND organization_id = "
        "(SELECT id FROM organizations WHERE name = ?)",
        _stamp(datetime.now(UTC)),
        email,
        organization,
    )
