"""The "Résultats collectifs" and "Activité" tabs: figures of the class, charts in text.

Both load with the ETag-aware client calls, so a refresh the server answers 304 costs no
body; the panel redraws only when the figures differ from those shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from tui.screens.orga.follow.display import (
    STATUS_WORDS,
    daily_counts,
    decimal,
    percent,
    rate_bar,
    sparkline,
)
from tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from api_client.models import Campaign
    from api_client.models.campaign_follow import CollectiveResult, ParticipationStatistics

NO_SHARED = "Aucun participant n'a encore envoyé ses résultats."


class _FollowPanel(Vertical):
    """Loads one figure set for the campaign and shows it; `refresh_figures()` asks again."""

    DEFAULT_CSS = """
    _FollowPanel { height: auto; }
    """
    GROUP = "follow-panel"

    class Loaded(Message):
        def __init__(self, panel: _FollowPanel, value: Any) -> None:
            super().__init__()
            self.panel = panel
            self.value = value

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.campaign: Campaign | None = None
        self.shown: Any = None

    def compose(self) -> ComposeResult:
        yield Static("Chargement…", id=f"{self.id}-body", classes="muted")

    def show_campaign(self, campaign: Campaign) -> None:
        first = self.campaign is None
        self.campaign = campaign
        if first:
            self.refresh_figures()

    def refresh_figures(self) -> None:
        if self.campaign is not None:
            self._fetch(self.campaign.id)

    @work(exclusive=True, exit_on_error=False, group="follow-figures")
    async def _fetch(self, campaign_id: str) -> None:
        from tui.errors import error_message

        try:
            client = await self.screen.pix_app.wait_for_client()  # type: ignore[attr-defined]
            value = await self.fetch(client, campaign_id)
        except Exception as error:
            self.post_message(self.Loaded(self, Text(error_message(error), style="bold")))
        else:
            self.post_message(self.Loaded(self, value))

    async def fetch(self, client: Any, campaign_id: str) -> Any:
        raise NotImplementedError

    def render_value(self, value: Any) -> Any:
        raise NotImplementedError

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.panel is not self:
            return
        message.stop()
        if message.value == self.shown:
            return  # same figures (a 304 gives back the very same object): nothing redrawn
        self.shown = message.value
        body = self.query_one(Static)
        body.remove_class("muted")
        body.update(
            message.value if isinstance(message.value, Text) else self.render_value(message.value)
        )


class CollectiveResultsPanel(_FollowPanel):
    """Shared participations only: average validated skills, average result, per competence."""

    async def fetch(self, client: Any, campaign_id: str) -> Any:
        return await client.campaign_follow.collective_results(campaign_id)

    def render_value(self, value: Any) -> Any:
        result: CollectiveResult = value
        competences = result.competences
        known = [c for c in competences if c.average_validated_skills is not None]
        if not known or self.campaign is None or not self.campaign.shared_participations_count:
            return Text(NO_SHARED)
        validated = sum(c.average_validated_skills or 0 for c in known)
        targeted = sum(c.targeted_skills_count or 0 for c in known)
        average = validated / targeted if targeted else None
        summary = Text.assemble(
            ("Acquis validés (moyenne) : ", "dim"),
            (decimal(validated), "bold"),
            ("   Acquis évalués : ", "dim"),
            (str(targeted), "bold"),
            ("   Résultat moyen : ", "dim"),
            (percent(average), "bold"),
            "\n",
            ("Pour les participants ayant envoyé leurs résultats.", "dim"),
        )
        table = Table(box=None, expand=False, pad_edge=False, show_edge=False, padding=(0, 1))
        table.add_column(f"Compétences ({len(competences)})", ratio=1, no_wrap=True, max_width=44)
        table.add_column("Résultat", no_wrap=True)
        table.add_column("Acquis", justify="right", no_wrap=True)
        for competence in competences:
            table.add_row(
                Text(one_line(competence.competence_name, 44)),
                rate_bar(competence.average_rate, 14),
                f"{decimal(competence.average_validated_skills)} / "
                f"{competence.targeted_skills_count or 0}",
            )
        from rich.console import Group

        return Group(summary, Text(""), table)


class ActivityPanel(_FollowPanel):
    """Participants by status, and the participations of each day as a small chart."""

    async def fetch(self, client: Any, campaign_id: str) -> Any:
        return await client.campaign_follow.statistics(campaign_id)

    def render_value(self, value: Any) -> Any:
        stats: ParticipationStatistics = value
        counts = Text()
        counts.append("Total de participants : ", style="dim")
        counts.append(str(stats.total), style="bold")
        rows = [("STARTED", stats.started), ("TO_SHARE", stats.completed), ("SHARED", stats.shared)]
        for status, count in rows:
            if count is None:
                continue
            icon, words = STATUS_WORDS[status]
            counts.append(f"\n{icon} {words} : ", style="")
            counts.append(str(count), style="bold")
        lines = [counts, Text("")]
        for title, series in (
            ("Participations commencées par jour", stats.started_by_day),
            ("Résultats envoyés par jour", stats.shared_by_day),
        ):
            days = daily_counts(series)
            lines.append(Text(title, style="bold"))
            if not days:
                lines.append(Text("Pas encore d'activité.", style="dim"))
                continue
            values = [count for _, count in days[-40:]]
            lines.append(
                Text.assemble(
                    (days[max(0, len(days) - 40)][0], "dim"),
                    " ",
                    sparkline(values, 40),
                    " ",
                    (days[-1][0], "dim"),
                    f"   max {max(values)} / jour, total {sum(count for _, count in days)}",
                )
            )
        from rich.console import Group

        return Group(*lines)
