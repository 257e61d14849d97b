"""Résultats collectifs and Activité of RENTRE123 show the figures the client reads from the
server, and a profiles collection lists Score Pix and Certifiable."""

from __future__ import annotations

from pilot_support import AppFactory, app_of, wait_until
from tui_follow_support import PROFILES, body_text, open_follow, rows

from tui.screens.orga.follow.display import decimal, percent
from tui.screens.orga.follow.participant_screen import ParticipantScreen


async def test_collective_results_match_the_client(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_follow(pilot)
        assert screen.campaign is not None
        client = app_of(pilot).client
        assert client is not None
        result = await client.campaign_follow.collective_results(screen.campaign.id)
        text = body_text(pilot, "#follow-results-body")
        assert "Résultat moyen" in text
        validated = sum(c.average_validated_skills or 0 for c in result.competences)
        targeted = sum(c.targeted_skills_count or 0 for c in result.competences)
        assert f"Acquis validés (moyenne) : {decimal(validated)}" in text
        assert f"Acquis évalués : {targeted}" in text
        assert f"Résultat moyen : {percent(validated / targeted)}" in text
        for competence in result.competences:
            line = next(
                li for li in text.splitlines() if (competence.competence_name or "")[:30] in li
            )
            assert f"{competence.validated_skills_percentage} %" in line
            assert "█" in line or "░" in line


async def test_activity_counts_by_status_and_per_day(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_follow(pilot)
        assert screen.campaign is not None
        client = app_of(pilot).client
        assert client is not None
        stats = await client.campaign_follow.statistics(screen.campaign.id)
        text = body_text(pilot, "#follow-activity-body")
        assert f"Total de participants : {stats.total}" in text
        assert f"◔ En cours de test : {stats.started}" in text
        assert f"◑ En attente d'envoi : {stats.completed}" in text
        assert f"● Résultats reçus : {stats.shared}" in text
        assert "Participations commencées par jour" in text
        last = stats.started_by_day[-1].count
        assert f"total {last}" in text
        assert all(len(line) <= 78 for line in text.splitlines())


async def test_profiles_collection_lists_score_and_certifiable(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_follow(pilot, PROFILES)
        table = screen.focus_participants()
        await pilot.pause()
        assert table.row_count >= 1
        columns = [str(column.label) for column in table.columns.values()]
        assert columns[-3:] == ["Score Pix", "Certifiable", "Compétences certifiables"]
        assert all(row[-2] in ("Oui", "Non") for row in rows(pilot))
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: isinstance(pilot.app.screen, ParticipantScreen) and pilot.app.screen.loaded,
            "the profile",
        )
        text = body_text(pilot, "#participant-body")
        assert "Compétences (16)" in text
        assert "Score Pix" in text and "Certifiable" in text
