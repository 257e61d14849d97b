"""The Participants tab of RENTRE123 against the real server: statuses in words, filter,
search, pages, opening one participant, and the refresh that keeps the cursor."""

from __future__ import annotations

from pilot_support import AppFactory, app_of, wait_until
from textual.widgets import Input, Select, TabbedContent
from tui_follow_support import body_text, open_follow, panel, rows, wait_for_participants

from tui.screens.orga.follow.participant_screen import ParticipantScreen


async def test_rows_show_each_status_in_words(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(100, 40)) as pilot:
        screen = await open_follow(pilot)
        table = screen.focus_participants()
        await pilot.pause()
        assert table.row_count == 10
        results = [row[2] for row in rows(pilot)]
        assert any(r.startswith("● ") and r.endswith(" %") for r in results)
        assert "◑ En attente d'envoi" in results
        assert "◔ En cours de test" in results
        tabs = screen.query_one(TabbedContent)
        assert str(tabs.get_tab("tab-participants").label) == "Participants (20)"
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: isinstance(pilot.app.screen, ParticipantScreen) and pilot.app.screen.loaded,
            "the participant",
        )
        text = body_text(pilot, "#participant-body")
        assert "Lucas Bernard" in text
        assert "Avancement" in text and "Maîtrise globale" in text
        assert "Acquis validés / acquis testés" in text
        assert "█" in text and "%" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: pilot.app.screen is screen, "back to the campaign")


async def test_filter_search_and_pages_ask_the_server(
    make_app: AppFactory, demo_database_url: str
) -> None:
    async with make_app().run_test(size=(100, 40)) as pilot:
        await open_follow(pilot)
        shown = panel(pilot)
        shown.query_one("#participants-status", Select).value = "STARTED"
        await wait_until(pilot, lambda: shown.query_asked.status == "STARTED", "the filter")
        await wait_for_participants(pilot, "the started participants")
        started = rows(pilot)
        assert started and all(row[2] == "◔ En cours de test" for row in started)

        shown.query_one("#participants-status", Select).clear()
        await wait_until(pilot, lambda: shown.query_asked.status is None, "no filter")
        await wait_for_participants(pilot)
        await pilot.press("n")  # next page, from the screen
        await wait_until(pilot, lambda: shown.query_asked.page == 2, "page 2")
        await wait_for_participants(pilot, "page 2")
        assert len(rows(pilot)) == 10
        assert "Page : 2 / 2" in str(shown.query_one("#page-position").render())

        field = shown.query_one("#participants-search", Input)
        field.focus()
        await pilot.press(*"bern")
        await wait_until(pilot, lambda: shown.query_asked.search == "bern", "the search")
        await wait_for_participants(pilot, "the search results")
        assert [row[0] for row in rows(pilot)] == ["Bernard"]
        assert shown.query_asked.page == 1

        field.value = "zzz"
        await wait_until(pilot, lambda: shown.query_asked.search == "zzz", "a search in vain")
        await wait_for_participants(pilot)
        assert rows(pilot) == []
        assert "Aucun participant ne correspond" in str(
            shown.query_one("#participants-empty").render()
        )


async def test_hostile_names_show_literally(make_app: AppFactory, demo_database_url: str) -> None:
    from student_db import execute

    execute(
        demo_database_url,
        "UPDATE users SET last_name = '[bold red]Aaron' WHERE email = 'eleve01@example.net'",
    )
    async with make_app().run_test(size=(100, 40)) as pilot:
        await open_follow(pilot)
        assert rows(pilot)[0][0] == "[bold red]Aaron"


async def test_refresh_keeps_the_cursor_on_the_same_participant(make_app: AppFactory) -> None:
    from api_client import ASGITransport, MemoryTokenStore, PixClient
    from tui.launcher import DEMO_BASE_URL, DEMO_PASSWORD

    async with make_app().run_test(size=(100, 40)) as pilot:
        screen = await open_follow(pilot)
        shown = panel(pilot)
        shown.query_one("#page-size", Select).value = 25  # "Voir 25": the whole class
        await wait_until(pilot, lambda: shown.query_asked.page_size == 25, "Voir 25")
        await wait_for_participants(pilot, "25 a page")
        table = screen.focus_participants()
        assert table.row_count == 20
        table.move_cursor(row=table.row_count - 1, animate=False)
        await pilot.pause()
        key, row_before, name = table.highlighted_key, table.cursor_row, rows(pilot)[-1][0]
        assert name > "Petit", "the cursor must sit after where the new student sorts"

        # A student joins RENTRE123 meanwhile, with her own client on the same server.
        launcher = app_of(pilot).launcher
        transport = ASGITransport(app=launcher._asgi_app)
        async with PixClient(
            DEMO_BASE_URL, transport=transport, token_store=MemoryTokenStore()
        ) as student:
            await student.login("eleve@example.net", DEMO_PASSWORD)
            campaign = await student.app.campaign_by_code("RENTRE123")
            await student.app.join(campaign.id)

        screen.refresh_follow()
        await wait_until(pilot, lambda: table.row_count == 21, "the new participant")
        assert table.highlighted_key == key
        assert table.cursor_row == row_before + 1
        assert any(row[0] == "Petit" for row in rows(pilot))
        tabs = screen.query_one(TabbedContent)
        assert str(tabs.get_tab("tab-participants").label) == "Participants (21)"

        # Nothing new: the server answers 304 and the table is not rebuilt.
        calls: list[object] = []
        original = table.show_rows
        table.show_rows = lambda *args, **kwargs: calls.append(args) or original(*args, **kwargs)  # type: ignore[method-assign]
        screen.refresh_follow()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert calls == []
        assert table.highlighted_key == key
