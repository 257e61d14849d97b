"""Query pieces every follow-up page shares: which participations count, the latest shared
one of each learner, the name search and the name order of Pix Orga's tables."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Subquery, func, or_, select

from server.engine.rounding import lodash_round
from server.models import CampaignParticipation, ParticipationStatus, User

CP = CampaignParticipation


def current_participations(campaign_id: int) -> list[ColumnElement[bool]]:
    """Each learner's current participation: not superseded by a retry, not deleted."""
    return [CP.campaign_id == campaign_id, CP.is_improved.is_(False), CP.deleted_at.is_(None)]


def latest_shared(campaign_id: int) -> Subquery:
    """Per learner: the id of the latest shared participation, and how many were shared.

    What the results tab, the collective results and the average show (Pix's
    `getLatestParticipationSharedForOneLearner`). A learner shares an attempt before
    starting the next, so the latest shared is the one with the highest id.
    """
    return (
        select(
            CP.user_id.label("user_id"),
            func.max(CP.id).label("participation_id"),
            func.count(CP.id).label("shared_count"),
        )
        .where(
            CP.campaign_id == campaign_id,
            CP.status == ParticipationStatus.SHARED,
            CP.deleted_at.is_(None),
        )
        .group_by(CP.user_id)
        .subquery("latest_shared")
    )


def _escape_like(text: str) -> str:
    # A teacher searching "100%" means the characters, not a wildcard.
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column: Any, text: str) -> ColumnElement[bool]:
    return func.lower(column).like(f"%{_escape_like(text)}%", escape="\\")


def name_search(search: str) -> ColumnElement[bool]:
    """`filter[search]`: a piece of the first name, the last name, or of "first last".

    Pix adds a trigram distance (pg_trgm) to forgive typos; "last first" is matched here
    instead, which finds what teachers type from a class list ("Martin Emma").
    """
    text = " ".join(search.split()).lower()
    return or_(
        _contains(User.first_name, text),
        _contains(User.last_name, text),
        _contains(User.first_name + " " + User.last_name, text),
        _contains(User.last_name + " " + User.first_name, text),
    )


def by_name() -> list[ColumnElement[Any]]:
    """Pix Orga's order: last name, then first name, case-insensitive (the id breaks ties
    so that pages never overlap)."""
    return [func.lower(User.last_name), func.lower(User.first_name), CP.id.asc()]


def pix_mastery_rate(rate: float | None) -> float | None:
    """A mastery rate as Pix stores it (`decimal(3,2)`): two decimals, halves up."""
    return None if rate is None else lodash_round(rate, 2)


def evolution(current: float | None, previous: float | None) -> str | None:
    """`increase` / `decrease` / `stable` against the learner's previous shared result."""
    if current is None or previous is None:
        return None
    if current > previous:
        return "increase"
    if current < previous:
        return "decrease"
    return "stable"
