"""One participant of a campaign: progression, dates, mastery, results per competence; for a
profiles collection the 16 competences and their levels. Bars are blocks plus the number."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from tui.screens.orga.follow.display import french_date, percent, rate_bar, status_text
from tui.screens.orga.sub_screen import OrgaSubScreen
from tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from api_client.models import Campaign, Prescriber


class ParticipantScreen(OrgaSubScreen):
    """Pushed from the Participants tab with Entrée; Échap goes back."""

    HELP = (
        "Le détail d'un participant : son avancement et, s'il les a envoyés, ses résultats ou "
        "son profil. Échap revient à la liste des participants."
    )

    DEFAULT_CSS = """
    ParticipantScreen #participant-body { padding: 0 1; }
    """

    class Loaded(Message):
        def __init__(self, body: Any) -> None:
            super().__init__()
            self.body = body

    def __init__(
        self, prescriber: Prescriber, campaign: Campaign, participation_id: str, learner_id: str
    ) -> None:
        super().__init__(prescriber)
        self.campaign = campaign
        self.participation_id = participation_id
        self.learner_id = learner_id
        self.loaded = False

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="participant-scroll"):
            yield Static("Chargement du participant…", id="participant-body")

    def on_mount(self) -> None:
        self._load()

    @work(exclusive=True, exit_on_error=False, group="follow-participant")
    async def _load(self) -> None:
        from tui.errors import error_message

        follow_campaign, participation = self.campaign, self.participation_id
        body: Group | Text
        try:
            client = await self.pix_app.wait_for_client()
            follow = client.campaign_follow
            if follow_campaign.is_profiles_collection:
                profile = await follow.profile_participant(follow_campaign.id, participation)
                body = profile_body(profile)
            else:
                participant, results, attempts = await asyncio.gather(
                    follow.participant(follow_campaign.id, participation),
                    follow.participant_results(follow_campaign.id, participation),
                    follow.participant_attempts(follow_campaign.id, self.learner_id),
                )
                body = assessment_body(participant, results, attempts)
        except Exception as error:
            body = Text(error_message(error), style="bold")
        self.post_message(self.Loaded(body))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.loaded = True
        self.query_one("#participant-body", Static).update(message.body)


def _figure(label: str, value: str | Text) -> Text:
    return Text.assemble(
        (f"{label} : ", "dim"), value if isinstance(value, Text) else (value, "bold")
    )


def assessment_body(participant: Any, results: Any, attempts: list[Any]) -> Group:
    """The participant's figures, then one bar per competence, then earlier attempts."""
    skills = (
        f"{participant.validated_skills_count} / {participant.tested_skills_count}"
        if participant.validated_skills_count is not None
        else "—"
    )
    parts: list[Any] = [
        Text(one_line(participant.full_name) or "Sans nom", style="bold"),
        status_text(participant.participation_status, participant.mastery_percentage),
        Text(""),
        _figure("Avancement", rate_bar(participant.progression, 20)),
        _figure("Date de début", french_date(participant.created_at)),
        _figure("Date d'envoi", french_date(participant.shared_at)),
        _figure("Maîtrise globale", percent(participant.mastery_rate)),
        _figure("Acquis validés / acquis testés", skills),
        Text(""),
    ]
    competences = results.competence_results
    if competences:
        table = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 1))
        table.add_column(
            f"Résultats par compétence ({len(competences)})", no_wrap=True, max_width=44
        )
        table.add_column("Maîtrise", no_wrap=True)
        for competence in competences:
            table.add_row(
                Text(f"{one_line(competence.index)} {one_line(competence.name, 40)}".strip()),
                rate_bar(competence.competence_mastery_rate, 16),
            )
        parts.append(table)
    else:
        parts.append(
            Text("Les résultats par compétence s'affichent une fois envoyés.", style="dim")
        )
    earlier = attempts[1:]
    if earlier:
        parts += [Text(""), Text(f"Envois précédents ({len(earlier)})", style="bold")]
        for attempt in earlier:
            parts.append(
                Text.assemble(
                    "• ",
                    status_text(
                        attempt.status,
                        None
                        if attempt.mastery_rate is None
                        else int(attempt.mastery_rate * 100 + 0.5),
                    ),
                    ("  envoyé le ", "dim"),
                    french_date(attempt.shared_at),
                )
            )
    return Group(*parts)


def profile_body(profile: Any) -> Group:
    """A received profile: Pix score, certifiable, the 16 competences with their levels."""
    parts: list[Any] = [
        Text(one_line(profile.full_name) or "Sans nom", style="bold"),
        _figure("Date d'envoi", french_date(profile.shared_at)),
        _figure("Score Pix", str(profile.pix_score) if profile.pix_score is not None else "—"),
        _figure("Certifiable", "Oui" if profile.is_certifiable else "Non"),
        _figure(
            "Compétences certifiables",
            f"{profile.certifiable_competences_count or 0} / {profile.competences_count or 16}",
        ),
        Text(""),
    ]
    if not profile.competences:
        parts.append(Text("Le profil s'affiche une fois envoyé.", style="dim"))
        return Group(*parts)
    table = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 1))
    table.add_column(f"Compétences ({len(profile.competences)})", no_wrap=True, max_width=48)
    table.add_column("Niveau", no_wrap=True)
    table.add_column("Pix", justify="right")
    for competence in profile.competences:
        level = competence.estimated_level or 0
        table.add_row(
            Text(f"{one_line(competence.index)} {one_line(competence.name, 44)}".strip()),
            Text.assemble(("█" * level, "bold"), ("░" * (8 - level), "dim"), f" {level}"),
            str(competence.pix_score or 0),
        )
    parts.append(table)
    return Group(*parts)
