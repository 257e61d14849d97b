"""The lists of the campaign triage screen, and how each page is asked of the server:
participations (with the status filter and the stuck threshold), reported problems, history,
and the number of stuck participations at the agent's threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from api_client import PixClient

DEFAULT_THRESHOLD = 7
"""Days without activity before a participation in progress is "stuck" (the server's too)."""
PARTICIPATION_STATUSES = ("STARTED", "TO_SHARE", "SHARED")

# The status filter: (value, label); "stuck" asks the server for the quiet ones.
STATUS_FILTERS: tuple[tuple[str, str], ...] = (
    ("all", "Tous les statuts"),
    ("STARTED", "En cours"),
    ("stuck", "⚠ Bloqués"),
    ("TO_SHARE", "En attente d'envoi"),
    ("SHARED", "Résultats reçus"),
)

ListKind = Literal["participations", "feedbacks", "history", "stuck-count"]
LISTS: tuple[ListKind, ...] = ("participations", "feedbacks", "history")


@dataclass(frozen=True, slots=True)
class ListRequest:
    """One page of one of the campaign's lists."""

    kind: ListKind
    campaign_id: str
    page: int = 1
    page_size: int = 10
    status: str = "all"
    threshold: int = DEFAULT_THRESHOLD


@dataclass(frozen=True, slots=True)
class RoleLoaded:
    role: str | None


async def fetch_list(client: PixClient, request: ListRequest) -> Any:
    """The page `request` asks for (for "stuck-count", how many are stuck)."""
    admin = client.admin
    if request.kind == "feedbacks":
        return await admin.feedbacks(
            request.campaign_id, page=request.page, page_size=request.page_size
        )
    if request.kind == "history":
        return await admin.audit_log(
            request.campaign_id, page=request.page, page_size=request.page_size
        )
    if request.kind == "stuck-count":
        quiet = await admin.participations(
            request.campaign_id, stuck_after_days=request.threshold, page_size=1
        )
        return quiet.meta.row_count
    status = request.status
    return await admin.participations(
        request.campaign_id,
        status=status if status in PARTICIPATION_STATUSES else None,  # type: ignore[arg-type]
        stuck_after_days=request.threshold if status == "stuck" else None,
        page=request.page,
        page_size=request.page_size,
    )
