"""`client.campaign_follow`: a teacher follows a campaign in Pix Orga (CONTRACT §5, §6).

The pages a screen polls (participants, results, collective results, statistics) are
*conditional*: the client remembers each answer with its `ETag` and asks again with
`If-None-Match`; a server that answers 304 costs no body and the remembered copy is given
back (marked `unchanged`). Pix itself sends no ETag: everything is then simply fetched.
"""

from __future__ import annotations

import asyncio
import builtins
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from api_client._core import decode_json
from api_client._http import Response, TimeoutException, TransportError
from api_client.errors import NetworkError, NetworkTimeoutError, UnexpectedResponseError
from api_client.exports import (
    AtomicFileWriter,
    CsvRecordCounter,
    ExportResult,
    ProgressCallback,
    export_target,
    file_name_from_disposition,
)
from api_client.jsonapi import Document, R
from api_client.models.campaign_follow import (
    STATUSES,
    AssessmentResultRow,
    CampaignProfile,
    CollectiveResult,
    MasteryRateCount,
    ParticipantActivity,
    ParticipantAssessment,
    ParticipantResults,
    ParticipationAttempt,
    ParticipationsByDay,
    ParticipationsByStatus,
    ParticipationStatistics,
    ProfilesCollectionParticipation,
    ResultDistribution,
    normalize_status,
)
from api_client.models.campaigns import Campaign
from api_client.pagination import DEFAULT_PAGE_SIZE, Page, page_query
from api_client.resources._base import SpaceResource
from api_client.spaces import Space

T = TypeVar("T")
V = TypeVar("V")

CACHE_SIZE = 128
"""Conditional answers remembered (pages of all filters and campaigns together)."""
ASSESSMENT_EXPORT = "csv-assessment-results"
PROFILES_EXPORT = "csv-profiles-collection-results"


@dataclass(frozen=True, slots=True)
class FollowPage(Page[T], Generic[T]):
    """A page of a follow-up table. `unchanged` is True when the server said it had not
    changed since the last time (304): the same items as before, nothing to redraw."""

    unchanged: bool = False


@dataclass(frozen=True, slots=True)
class Fresh(Generic[V]):
    """A conditional answer: the value, and whether it is the remembered one (304)."""

    value: V
    unchanged: bool


class _ConditionalCache:
    """The last answer of each (path, query) with its ETag, least recently used dropped."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[str, tuple[tuple[str, str], ...]], tuple[str, Any]] = (
            OrderedDict()
        )

    @staticmethod
    def key(path: str, params: Mapping[str, Any] | None) -> tuple[str, tuple[tuple[str, str], ...]]:
        return path, tuple(sorted((name, str(value)) for name, value in (params or {}).items()))

    def get(self, key: tuple[str, tuple[tuple[str, str], ...]]) -> tuple[str, Any] | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: tuple[str, tuple[tuple[str, str], ...]], etag: str, value: Any) -> None:
        self._entries[key] = (etag, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()


def _status_query(status: str | None) -> str | None:
    normalized = normalize_status(status)
    if normalized is not None and normalized not in STATUSES:
        raise ValueError(f"unknown participation status {status!r}; use one of {STATUSES}")
    return normalized


async def _body_chunks(response: Response) -> AsyncIterator[bytes]:
    """The body as it arrives; a dropped connection is a `NetworkError` like elsewhere."""
    try:
        async for chunk in response.aiter_bytes():
            yield chunk
    except TimeoutException as exc:
        raise NetworkTimeoutError(f"{response.request.url}: the download stalled") from exc
    except TransportError as exc:
        raise NetworkError(f"{response.request.url}: download interrupted: {exc!r}") from exc


def _content_length(response: Response) -> int | None:
    if response.headers.get("Content-Encoding", "identity").lower() != "identity":
        return None
    try:
        return int(response.headers["Content-Length"])
    except (KeyError, ValueError):
        return None


class CampaignFollowResource(SpaceResource):
    """Follow-up routes of the Orga space: participants, results, statistics, exports."""

    space = Space.ORGA

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cache = _ConditionalCache()

    def forget_cached(self) -> None:
        """Drop every remembered answer (the next calls fetch everything again)."""
        self._cache.clear()

    async def _fresh(
        self, path: str, params: Mapping[str, Any] | None, parse: Callable[[Document], V]
    ) -> Fresh[V]:
        key = self._cache.key(path, params)
        cached = self._cache.get(key)
        headers = {"If-None-Match": cached[0]} if cached is not None else None
        response = await self._core.send(
            "GET", path, space=self.space, params=params, headers=headers
        )
        if response.status_code == 304:
            if cached is None:
                raise UnexpectedResponseError(f"GET {path}: 304 without a remembered copy")
            return Fresh(cached[1], unchanged=True)
        body = decode_json(response)
        if body is None:
            raise UnexpectedResponseError(f"GET {path} answered an empty body")
        value = parse(Document.parse(body))
        etag = response.headers.get("ETag")
        if etag:
            self._cache.put(key, etag, value)
        return Fresh(value, unchanged=False)

    async def _page(self, path: str, params: dict[str, Any], model: type[R]) -> FollowPage[R]:
        def parse(document: Document) -> Page[R]:
            return document.page(model)

        fresh = await self._fresh(path, params, parse)
        return FollowPage(fresh.value.items, fresh.value.meta, unchanged=fresh.unchanged)

    # --- tables ------------------------------------------------------------------------

    async def participants(
        self,
        campaign_id: str | int,
        *,
        status: str | None = None,
        search: str | None = None,
        page: int = 1,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> FollowPage[ParticipantActivity]:
        """One page of the "Activité" table: everyone taking part, by last name then first
        name (`GET /api/campaigns/{id}/participants-activity`).

        `status` is `STARTED`, `TO_SHARE` or `SHARED` (`ValueError` otherwise; the newest
        Pix knows only the first and the last), `search` a piece of the full name.
        """
        params: dict[str, Any] = page_query(page, page_size)
        if (wanted := _status_query(status)) is not None:
            params["filter[status]"] = wanted
        if search and search.strip():
            params["filter[search]"] = search.strip()
        return await self._page(
            f"/api/campaigns/{campaign_id}/participants-activity", params, ParticipantActivity
        )

    async def assessment_results(
        self,
        campaign_id: str | int,
        *,
        search: str | None = None,
        page: int = 1,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> FollowPage[AssessmentResultRow]:
        """One page of the "Résultats" tab: each learner's latest shared result, by name
        (`GET /api/campaigns/{id}/assessment-results`). Unshared results never appear."""
        params: dict[str, Any] = page_query(page, page_size)
        if search and search.strip():
            params["filter[search]"] = search.strip()
        return await self._page(
            f"/api/campaigns/{campaign_id}/assessment-results", params, AssessmentResultRow
        )

    async def profiles_participations(
        self,
        campaign_id: str | int,
        *,
        search: str | None = None,
        page: int = 1,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> FollowPage[ProfilesCollectionParticipation]:
        """One page of the profiles received by a profiles collection, by name
        (`GET /api/campaigns/{id}/profiles-collection-participations`)."""
        params: dict[str, Any] = page_query(page, page_size)
        if search and search.strip():
            params["filter[search]"] = search.strip()
        return await self._page(
            f"/api/campaigns/{campaign_id}/profiles-collection-participations",
            params,
            ProfilesCollectionParticipation,
        )

    # --- one participant ---------------------------------------------------------------

    async def participant(
        self, campaign_id: str | int, participation_id: str | int
    ) -> ParticipantAssessment:
        """One participant of an assessment campaign: progression, dates and, once shared,
        the mastery rate (`GET /api/campaigns/{c}/assessment-participations/{p}`).
        `NotFoundError` for a participation of another campaign."""
        document = await self._get(
            f"/api/campaigns/{campaign_id}/assessment-participations/{participation_id}"
        )
        return document.one(ParticipantAssessment)

    async def participant_results(
        self, campaign_id: str | int, participation_id: str | int
    ) -> ParticipantResults:
        """Results per competence of one participation, sorted by index; none until the
        learner has shared them (`.../assessment-participations/{p}/results`)."""
        document = await self._get(
            f"/api/campaigns/{campaign_id}/assessment-participations/{participation_id}/results"
        )
        return document.one(ParticipantResults)

    async def participant_attempts(
        self, campaign_id: str | int, learner_id: str | int
    ) -> builtins.list[ParticipationAttempt]:
        """Every attempt of one learner in the campaign (multiple sendings), newest first
        (`GET /api/campaigns/{c}/organization-learners/{l}/participations`); `learner_id`
        is `ParticipantActivity.learner_id`."""
        document = await self._get(
            f"/api/campaigns/{campaign_id}/organization-learners/{learner_id}/participations"
        )
        return document.many(ParticipationAttempt)

    async def profile_participant(
        self, campaign_id: str | int, participation_id: str | int
    ) -> CampaignProfile:
        """One received profile with its 16 competences (empty until sent)
        (`GET /api/campaigns/{c}/profiles-collection-participations/{p}`)."""
        document = await self._get(
            f"/api/campaigns/{campaign_id}/profiles-collection-participations/{participation_id}"
        )
        return document.one(CampaignProfile)

    # --- the class ---------------------------------------------------------------------

    async def collective_results(self, campaign_id: str | int) -> CollectiveResult:
        """The class's results per competence (`GET /api/campaigns/{id}/collective-results`):
        average validated skills over the learners who shared; `.average_rate` per
        competence. The remembered copy when unchanged."""
        fresh = await self._fresh(
            f"/api/campaigns/{campaign_id}/collective-results",
            None,
            lambda document: document.one(CollectiveResult),
        )
        return fresh.value

    async def statistics(self, campaign_id: str | int) -> ParticipationStatistics:
        """Participants by status and per day (cumulative) for the "Activité" charts
        (Pix's `/stats/participations-by-status` and `/stats/participations-by-day`,
        fetched together)."""
        base = f"/api/campaigns/{campaign_id}/stats"
        by_status, by_day = await asyncio.gather(
            self._fresh(
                f"{base}/participations-by-status",
                None,
                lambda document: document.one(ParticipationsByStatus),
            ),
            self._fresh(
                f"{base}/participations-by-day",
                None,
                lambda document: document.one(ParticipationsByDay),
            ),
        )
        counts, days = by_status.value, by_day.value
        return ParticipationStatistics(
            started=counts.started,
            completed=counts.completed,
            shared=counts.shared or 0,
            started_by_day=days.started_participations,
            shared_by_day=days.shared_participations,
        )

    async def result_distribution(self, campaign_id: str | int) -> builtins.list[MasteryRateCount]:
        """How many learners reached each mastery rate ("Répartition des participants par
        résultat"), lowest first."""
        fresh = await self._fresh(
            f"/api/campaigns/{campaign_id}/stats/participations-by-mastery-rate",
            None,
            lambda document: document.one(ResultDistribution),
        )
        return fresh.value.result_distribution

    # --- export ------------------------------------------------------------------------

    async def export_csv(
        self,
        campaign: Campaign | str | int,
        destination: Path | str,
        *,
        on_progress: ProgressCallback | None = None,
    ) -> ExportResult:
        """Download the results as Pix's CSV and save it.

        `destination` is a folder (the file takes the name the server proposes, e.g.
        `Resultats-{name}-{id}-{date}.csv`, made safe) or a file path. The bytes go to a
        temporary file beside it, renamed at the end: a failure or a cancellation leaves no
        half-written file. `on_progress(bytes_so_far, total_or_None)` is called after each
        chunk. A campaign given by id is fetched first, to know its type.
        """
        if not isinstance(campaign, Campaign):
            campaign = (await self._get(f"/api/campaigns/{campaign}")).one(Campaign)
        route = PROFILES_EXPORT if campaign.is_profiles_collection else ASSESSMENT_EXPORT
        fallback = f"Resultats-{campaign.id}.csv"
        async with self._core.stream(
            "GET",
            f"/api/campaigns/{campaign.id}/{route}",
            space=self.space,
            headers={"Accept": "text/csv", "Accept-Encoding": "identity"},
        ) as response:
            total = _content_length(response)
            proposed = file_name_from_disposition(response.headers.get("Content-Disposition"))
            target = export_target(Path(destination), proposed, fallback)
            counter = CsvRecordCounter()
            with AtomicFileWriter(target) as writer:
                async for chunk in _body_chunks(response):
                    writer.write(chunk)
                    counter.feed(chunk)
                    if on_progress is not None:
                        on_progress(writer.written, total)
                path = await asyncio.to_thread(writer.commit)
        return ExportResult(path=path, bytes=writer.written, rows=counter.rows)
