"""Text the student reads: harmless when it comes from elsewhere, in words rather than signs,
and the small local memory of pix-tui."""

from __future__ import annotations

from pathlib import Path

from pilot_support import AppFactory, text_of
from student_db import execute
from student_pilot import RENTREE, enter_code, on_screen, student_home

from api_client import Challenge
from api_client.proposals import SKIP_VALUE
from tui.screens.app.answer_text import readable_answer, verdict
from tui.screens.app.landing import LandingScreen
from tui.screens.app.local_state import STATE_FILE_NAME, LocalState
from tui.widgets.countdown import announce_duration, format_duration
from tui.widgets.safe_markdown import SafeMarkdown, markdown_text
from tui.widgets.safe_text import clean, one_line
from tui.widgets.text_bar import text_bar

SERVER = "http://pix.example"


def test_clean_drops_terminal_controls_but_keeps_lines() -> None:
    hostile = "Titre\x1b]52;c;ZWNobyBwd25lZA==\x07 \x1b[31mrouge\x9b2J\u202eenvers\r\nfin\tok"
    assert clean(hostile) == "Titre]52;c;ZWNobyBwd25lZA== [31mrouge2Jenvers\nfin\tok"
    assert clean(None) == ""
    assert one_line("  deux\n  lignes  ", 0) == "deux lignes"
    assert one_line("abcdefghij", 6) == "abcde…"


def test_markdown_previews_keep_the_words_only() -> None:
    assert markdown_text("Voici :\n\n> **Publié** le `12/03`\n> suite\n\n- un\n- deux") == (
        "Voici : Publié le 12/03 suite un deux"
    )


def test_bars_read_without_colour() -> None:
    assert text_bar(62, 10).plain == "██████░░░░  62 %"
    assert text_bar(None, 4).plain == "░░░░   0 %"
    assert text_bar(140, 4).plain == "████ 100 %"


def test_countdown_words() -> None:
    assert format_duration(45) == "0:45"
    assert format_duration(75) == "1:15"
    assert announce_duration(60) == "1 minute"
    assert announce_duration(45) == "45 secondes"
    assert announce_duration(90) == "1 minute 30 secondes"


def test_answers_read_back_in_words() -> None:
    qcm = Challenge(
        id="recQCM",
        type="QCM",
        instruction="?",
        proposals="- Paris\n- Lyon\n- Marseille",
    )
    assert readable_answer(qcm, "1,3") == "• Paris\n• Marseille"
    assert readable_answer(qcm, SKIP_VALUE) == "Aucune réponse (question passée)."
    qrocm = Challenge(
        id="recQROCM",
        type="QROCM-ind",
        instruction="?",
        proposals="Nom : ${nom}\nPrénom : ${prenom}\n",
    )
    assert readable_answer(qrocm, 'nom: "Dupont"\nprenom: "Jean"\n') == (
        "Nom : « Dupont »\nPrénom : « Jean »"
    )
    assert verdict("ok").sign == "✓" and verdict("ok").words == "Réponse correcte"
    assert verdict("timedout").words == "Temps dépassé"
    assert verdict("something new").words == "Non corrigée"


def test_local_state_per_server_and_user(tmp_path: Path) -> None:
    state = LocalState(tmp_path)
    assert state.load(SERVER, 1).last_campaign_code is None
    state.remember_campaign(SERVER, 1, "RENTRE123")
    state.mark_rules_seen(SERVER, 1)
    assert state.load(SERVER, 1).last_campaign_code == "RENTRE123"
    assert state.load(SERVER, 1).rules_seen
    # Another student, another server: nothing shared.
    assert state.load(SERVER, 2).last_campaign_code is None
    assert not state.load("http://other", 1).rules_seen
    state.forget_campaign(SERVER, 1)
    assert state.load(SERVER, 1).last_campaign_code is None
    assert state.load(SERVER, 1).rules_seen
    # A damaged file is a convenience lost, not a crash.
    (tmp_path / STATE_FILE_NAME).write_text("{not json", "utf-8")
    assert state.load(SERVER, 1).last_campaign_code is None
    state.remember_campaign(SERVER, 1, "PROFIL456")
    assert state.load(SERVER, 1).last_campaign_code == "PROFIL456"


async def test_the_organisers_texts_are_shown_literally(
    make_app: AppFactory, demo_database_url: str
) -> None:
    execute(
        demo_database_url,
        "UPDATE campaigns SET title = ?, custom_landing_page_text = ? WHERE code = ?",
        "[bold red]Titre[/] \x1b[2J",
        "Bonjour [link=https://evil]ici[/link] <b>gras ?</b>\x1b]52;c;AAAA\x07 **vrai gras**",
        RENTREE,
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await enter_code(pilot, RENTREE)
        await on_screen(pilot, LandingScreen, "the landing page")
        assert text_of(pilot, "#landing-title") == "[bold red]Titre[/] [2J"
        landing = pilot.app.screen.query_one("#landing-text", SafeMarkdown)
        assert "\x1b" not in landing.source
        shown = "".join(str(block._content) for block in landing.query("MarkdownBlock"))
        # Markdown is rendered (the bold), markup and HTML are not: they read as typed.
        assert "[link=https://evil]ici[/link]" in shown
        assert "<b>gras ?</b>" in shown
        assert "**" not in shown and "vrai gras" in shown
