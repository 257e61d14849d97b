"""Helpers of the campaign tests: open the campaign list, wait for it, count its requests,
and shape the test's own copy of the demo database (an empty organisation, a member leaving).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from contextlib import closing
from typing import Any

from pilot_support import app_of, sign_in, wait_until
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from api_client import ASGITransport, AsyncBaseTransport, PixClient
from api_client._http import ConnectError, Request, Response
from tui.launcher import DEMO_BASE_URL, Launcher
from tui.screens.orga.campaign_creation import CampaignCreationScreen
from tui.screens.orga.campaign_detail import CampaignDetailScreen
from tui.screens.orga.campaign_list import CampaignList, CampaignTable
from tui.screens.orga.home import OrgaHomeScreen

EMPTY_ORGANIZATION = "École Jules Ferry (DEMO)"


def campaign_list(pilot: Pilot[None]) -> CampaignList:
    return pilot.app.screen.query_one(CampaignList)


def list_ready(pilot: Pilot[None]) -> bool:
    """The Orga home shows the answer to the last question asked, nothing pending."""
    screen = pilot.app.screen
    if not isinstance(screen, OrgaHomeScreen) or screen.prescriber is None:
        return False
    listing = screen.query_one(CampaignList)
    busy = any(
        worker.group == "campaign-list" and not worker.is_finished for worker in pilot.app.workers
    )
    return listing.asked is not None and listing._shown == listing.asked and not busy


async def wait_for_list(pilot: Pilot[None], what: str = "the campaign list") -> CampaignList:
    await wait_until(pilot, lambda: list_ready(pilot), what)
    return campaign_list(pilot)


async def open_campaigns(pilot: Pilot[None], email: str = "prof@example.net") -> CampaignList:
    """Log in as a teacher and wait for her campaign list."""
    await sign_in(pilot, email)
    return await wait_for_list(pilot)


def table(pilot: Pilot[None]) -> CampaignTable:
    return pilot.app.screen.query_one(CampaignTable)


def shown_names(pilot: Pilot[None]) -> list[str]:
    """The names in the table, in order (what the user reads, "…" included)."""
    grid = table(pilot)
    if not grid.display:
        return []
    return [str(grid.get_cell_at((row, 0))).strip() for row in range(grid.row_count)]


def shown_column(pilot: Pilot[None], key: str) -> list[str]:
    grid = table(pilot)
    return [str(grid.get_cell(row_key, key)).strip() for row_key in grid.rows]


def tab_label(pilot: Pilot[None], tab_id: str) -> str:
    return str(pilot.app.screen.query_one(f"#{tab_id}").label)  # type: ignore[attr-defined]


def count_list_requests(pilot: Pilot[None]) -> list[dict[str, Any]]:
    """Record every campaign-list request the app sends from now on (its arguments)."""
    client = app_of(pilot).client
    assert client is not None
    calls: list[dict[str, Any]] = []
    original: Callable[..., Awaitable[Any]] = client.campaigns.list

    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return await original(*args, **kwargs)

    client.campaigns.list = counted  # type: ignore[method-assign]
    return calls


async def open_detail(pilot: Pilot[None], name: str) -> CampaignDetailScreen:
    """From the list, search a campaign by name and open it with Entrée."""
    # Set at once (typing is tested where it matters); the search goes after its pause.
    pilot.app.screen.query_one("#search-name", Input).value = name
    await wait_until(
        pilot,
        lambda: list_ready(pilot) and any(n.startswith(name[:15]) for n in shown_names(pilot)),
        f"the campaign {name!r} in the list",
    )
    grid = table(pilot)
    names = shown_names(pilot)
    grid.focus()
    grid.move_cursor(row=next(i for i, n in enumerate(names) if n.startswith(name[:15])))
    await pilot.press("enter")
    return await wait_for_detail(pilot)


async def wait_for_detail(pilot: Pilot[None]) -> CampaignDetailScreen:
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, CampaignDetailScreen)
            and pilot.app.screen.campaign is not None
            and not _busy(pilot, "campaign-detail", "campaign-archive")
        ),
        "the campaign detail",
    )
    screen = pilot.app.screen
    assert isinstance(screen, CampaignDetailScreen)
    return screen


async def open_creation_form(pilot: Pilot[None]) -> CampaignCreationScreen:
    await pilot.press("c")
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, CampaignCreationScreen) and pilot.app.screen._form_loaded
        ),
        "the creation form with its members and target profiles",
    )
    screen = pilot.app.screen
    assert isinstance(screen, CampaignCreationScreen)
    return screen


def _busy(pilot: Pilot[None], *groups: str) -> bool:
    return any(worker.group in groups and not worker.is_finished for worker in pilot.app.workers)


def text(pilot: Pilot[None], selector: str) -> str:
    widget = pilot.app.screen.query_one(selector, Static)
    return str(widget.render()).strip()


def owner_choice(pilot: Pilot[None]) -> object:
    return pilot.app.screen.query_one("#campaign-owner", Select).value


# -- the test's database ----------------------------------------------------------------------


def _path(database_url: str) -> str:
    return database_url.removeprefix("sqlite+aiosqlite:///")


def add_empty_organization(database_url: str, email: str) -> None:
    """An organisation without any campaign, where `email` is ADMIN and which is current."""
    with closing(sqlite3.connect(_path(database_url))) as db, db:
        user_id = db.execute("SELECT id FROM users WHERE email = ?", (email,)).fetchone()[0]
        created = "2024-09-02 08:00:00.000000"
        cursor = db.execute(
            "INSERT INTO organizations (name, type, external_id, is_managing_students, credit,"
            " features, created_at) VALUES (?, 'SCO', '0759999Z', 1, 0, '{}', ?)",
            (EMPTY_ORGANIZATION, created),
        )
        organization_id = cursor.lastrowid
        db.execute(
            "INSERT INTO memberships (user_id, organization_id, organization_role, created_at)"
            " VALUES (?, ?, 'ADMIN', ?)",
            (user_id, organization_id, created),
        )
        db.execute("DELETE FROM user_orga_settings WHERE user_id = ?", (user_id,))
        db.execute(
            "INSERT INTO user_orga_settings (user_id, current_organization_id) VALUES (?, ?)",
            (user_id, organization_id),
        )


def disable_membership(database_url: str, email: str, organization: str) -> None:
    """`email` leaves `organization` (Pix disables the membership)."""
    with closing(sqlite3.connect(_path(database_url))) as db, db:
        db.execute(
            "UPDATE memberships SET disabled_at = '2025-06-30 08:00:00.000000'"
            " WHERE user_id = (SELECT id FROM users WHERE email = ?)"
            " AND organization_id = (SELECT id FROM organizations WHERE name = ?)",
            (email, organization),
        )


def give_campaign_to(database_url: str, campaign_code: str, email: str) -> None:
    """An administrator handed the campaign over to `email` (behind the screen's back)."""
    with closing(sqlite3.connect(_path(database_url))) as db, db:
        db.execute(
            "UPDATE campaigns SET owner_id = (SELECT id FROM users WHERE email = ?) WHERE code = ?",
            (email, campaign_code),
        )


def campaigns_named(database_url: str, name: str) -> int:
    with closing(sqlite3.connect(_path(database_url))) as db:
        return int(
            db.execute("SELECT count(*) FROM campaigns WHERE name = ?", (name,)).fetchone()[0]
        )


def user_id(database_url: str, email: str) -> str:
    """A user's id as the API writes it (a string)."""
    with closing(sqlite3.connect(_path(database_url))) as db:
        return str(db.execute("SELECT id FROM users WHERE email = ?", (email,)).fetchone()[0])


# -- a connection that loses answers ---------------------------------------------------------


class LostAnswers(AsyncBaseTransport):
    """Lets every request reach the server, but loses the answers of those `lost` matches
    (a connection cut after the server acted): the fault a retry must survive."""

    def __init__(self, inner: AsyncBaseTransport) -> None:
        self.inner = inner
        self.lost: tuple[str, str] | None = None
        self.seen: list[Request] = []

    async def handle_async_request(self, request: Request) -> Response:
        response = await self.inner.handle_async_request(request)
        self.seen.append(request)
        if self.lost is not None and (request.method, request.url.path) == self.lost:
            await response.aread()
            raise ConnectError("connection reset by peer", request=request)
        return response


class LossyLauncher(Launcher):
    """The embedded demo behind `LostAnswers` (fault injection only: the server is real)."""

    transport: LostAnswers

    def create_client(self) -> PixClient:
        self.transport = LostAnswers(ASGITransport(app=self._asgi_app))
        return PixClient(DEMO_BASE_URL, transport=self.transport, token_store=self._token_store)

    def lose_answers(self, method: str | None, path: str = "") -> None:
        """Lose the answers to `method path` from now on (None: lose nothing)."""
        self.transport.lost = (method, path) if method is not None else None

    def idempotency_keys(self, method: str, path: str) -> list[str]:
        """The Idempotency-Key of each `method path` request sent so far."""
        return [
            request.headers.get("Idempotency-Key", "")
            for request in self.transport.seen
            if (request.method, request.url.path) == (method, path)
        ]
