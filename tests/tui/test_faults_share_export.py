"""Faults in the middle of sending results, exporting a CSV, and on a server that does not answer.

Sharing and exporting run against a real `pix-server serve` (a copy of the demo database)
that the test stops and starts again on the same port: the screen says in French that the
server is unreachable, keeps the button usable, and the second try does the work once.

A server that accepts the connection and never answers, a reply lost after the server acted,
a download cut in the middle: a real TCP proxy in front of the real server does it to the
requests the test picks. `PIX_TUI_TIMEOUT_SECONDS` lowers the client's read timeout so that
"Le serveur ne répond pas" comes in seconds, not half a minute. A slow link is the bench's
throttling proxy (`bench/proxy.py`).
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
import socket
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from pilot_support import AppFactory, app_of, sign_in, text_of, visible, wait_until
from student_db import participations, query
from student_pilot import (
    RENTREE,
    enter_code,
    on_screen,
    student_home,
    take_test_through_client,
)
from test_student_outage import ServerProcess
from textual.pilot import Pilot
from textual.widgets import Button, Input
from tui_campaign_support import campaign_list, list_ready, shown_names, wait_for_list
from tui_follow_support import open_follow

from bench.proxy import SLOW_LINK_DELAY, SLOW_LINK_RATE, ThrottlingProxy
from tui.errors import UNREACHABLE
from tui.launcher import TIMEOUT_ENV, request_timeout
from tui.screens.app.results import SHARED, ResultsScreen
from tui.screens.login import LoginScreen
from tui.screens.orga.follow.export_dialog import ExportDialog
from tui.screens.orga.home import OrgaHomeScreen

NO_ANSWER = "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez."
TIMEOUT_SECONDS = 1.0
# Login (a POST) is sent once; a list (a GET) three times, with 0.5 s and 1 s pauses between.
TIMEOUT_BOUND = 10.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def pix_server(demo_database_url: str) -> Iterator[ServerProcess]:
    process = ServerProcess(demo_database_url, _free_port())
    process.start()
    try:
        yield process
    finally:
        process.stop()


# -- sharing ------------------------------------------------------------------------------


async def test_results_sent_while_the_server_is_down_are_sent_once_it_is_back(
    make_app: AppFactory, pix_server: ServerProcess, demo_database_url: str
) -> None:
    app = make_app(api_url=pix_server.base_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await take_test_through_client(pilot, RENTREE, "rrw")
        await enter_code(pilot, RENTREE)
        await on_screen(pilot, ResultsScreen, "the results")
        screen = pilot.app.screen
        assert isinstance(screen, ResultsScreen)
        await wait_until(pilot, lambda: visible(pilot, "#share-box"), "J'envoie mes résultats")
        share = screen.query_one("#share", Button)
        assert str(share.label) == "J'envoie mes résultats"
        ((participation_id, status, _),) = participations(demo_database_url, RENTREE)
        assert status == "TO_SHARE"

        pix_server.stop()
        await pilot.press("j")
        await wait_until(
            pilot,
            lambda: text_of(pilot, "#student-status") == UNREACHABLE and not share.disabled,
            "the notice",
        )
        # Still the results, still the button (the retry), nothing sent.
        assert pilot.app.screen is screen
        assert visible(pilot, "#share-box") and not visible(pilot, "#shared-box")
        assert screen.query_one("#student-status").has_class("error-text")
        assert participations(demo_database_url, RENTREE) == [(participation_id, "TO_SHARE", None)]

        pix_server.start()
        await pilot.press("j")
        await wait_until(pilot, lambda: visible(pilot, "#shared-box"), "the confirmation")
        assert text_of(pilot, "#shared-text") == SHARED
        assert not visible(pilot, "#share-box")
        assert not visible(pilot, "#student-status")
        ((same_id, status, shared_at),) = participations(demo_database_url, RENTREE)
        assert (same_id, status) == (participation_id, "SHARED") and shared_at is not None


# -- export -------------------------------------------------------------------------------


def shared_count(database_url: str, code: str) -> int:
    ((count,),) = query(
        database_url,
        "SELECT count(*) FROM campaign_participations p JOIN campaigns c ON c.id = p.campaign_id "
        "WHERE c.code = ? AND p.status = 'SHARED' AND p.deleted_at IS NULL",
        code,
    )
    return int(count)


async def test_export_while_the_server_is_down_leaves_no_file_and_works_once_back(
    make_app: AppFactory, pix_server: ServerProcess, demo_database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    app = make_app(api_url=pix_server.base_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_follow(pilot)
        pix_server.stop()
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExportDialog), "the dialog")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        path_field = dialog.query_one("#export-path", Input)
        path_field.value = str(folder)
        await pilot.press("enter")
        start = dialog.query_one("#export-start", Button)
        await wait_until(
            pilot,
            lambda: (
                UNREACHABLE in str(dialog.query_one("#export-result").render())
                and not start.disabled
            ),
            "the notice",
        )
        assert pilot.app.screen is dialog and dialog.saved is None
        assert path_field.value == str(folder)
        assert list(folder.iterdir()) == []  # no half-written file, no temporary

        pix_server.start()
        await pilot.click("#export-start")
        await wait_until(pilot, lambda: dialog.saved is not None, "the export")
        saved = dialog.saved
        assert saved is not None and saved.parent == folder
        assert [p.name for p in folder.iterdir()] == [saved.name]
        assert f"Fichier enregistré : {saved}" in str(dialog.query_one("#export-result").render())
        text = saved.read_bytes().decode("utf-8-sig")
        header, *lines = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert "Nom du Participant" in header
        expected = shared_count(demo_database_url, RENTREE)
        assert expected > 0 and len(lines) == expected


# -- a server that does not answer -----------------------------------------------------------


class StallingProxy:
    """A TCP proxy on loopback in front of a real server that forwards everything, except:

    - a request whose request line matches `stall` is read and never forwarded, and nothing
      comes back (a hung server);
    - a request matching `lose_reply` reaches the server, but its reply is dropped (a link
      cut after the server acted: the client cannot know whether it did);
    - a request matching `cut_reply` gets the head of its reply and `CUT_AFTER` bytes of its
      body, then the connection is closed (a link cut in the middle of a download).
    """

    CUT_AFTER = 100

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.stall: re.Pattern[bytes] | None = None
        self.lose_reply: re.Pattern[bytes] | None = None
        self.cut_reply: re.Pattern[bytes] | None = None
        self.stalled: list[str] = []
        self.lost: list[str] = []
        self.cut: list[str] = []
        self.cuts_done = 0  # replies actually cut after CUT_AFTER bytes of body
        self.port = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                "127.0.0.1", self.target_port
            )
        except OSError:
            writer.close()
            self._tasks.discard(task)
            return
        muted = asyncio.Event()  # the replies on this connection are dropped from now on
        cutting = asyncio.Event()  # the next reply on this connection is cut short
        try:
            await asyncio.gather(
                self._up(reader, upstream_writer, muted, cutting),
                self._down(upstream_reader, writer, muted, cutting),
            )
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            for end in (writer, upstream_writer):
                end.close()
            self._tasks.discard(task)

    async def _up(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        muted: asyncio.Event,
        cutting: asyncio.Event,
    ) -> None:
        while chunk := await reader.read(64 * 1024):
            stalled = self.stall.search(chunk) if self.stall is not None else None
            if stalled is not None:
                self.stalled.append(stalled.group(0).decode())
                while await reader.read(64 * 1024):  # until the client gives up
                    pass
                break
            lost = self.lose_reply.search(chunk) if self.lose_reply is not None else None
            if lost is not None:
                self.lost.append(lost.group(0).decode())
                muted.set()
            cut = self.cut_reply.search(chunk) if self.cut_reply is not None else None
            if cut is not None:
                self.cut.append(cut.group(0).decode())
                cutting.set()
            writer.write(chunk)
            await writer.drain()
        writer.close()

    async def _down(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        muted: asyncio.Event,
        cutting: asyncio.Event,
    ) -> None:
        received = b""
        while chunk := await reader.read(64 * 1024):
            if muted.is_set():
                continue
            if cutting.is_set():
                received += chunk
                head_end = received.find(b"\r\n\r\n")
                if head_end < 0 or len(received) < head_end + 4 + self.CUT_AFTER:
                    continue  # wait for the head and the first bytes of the body
                writer.write(received[: head_end + 4 + self.CUT_AFTER])
                await writer.drain()
                self.cuts_done += 1
                break
            writer.write(chunk)
            await writer.drain()
        writer.close()


@pytest.fixture
async def stalling_proxy(
    pix_server: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[StallingProxy]:
    monkeypatch.setenv(TIMEOUT_ENV, f"{TIMEOUT_SECONDS:g}")
    proxy = StallingProxy(pix_server.port)
    await proxy.start()
    try:
        yield proxy
    finally:
        await proxy.stop()


async def _wait_for_text(pilot: Pilot[None], selector: str, text: str) -> float:
    """Seconds until `selector` shows `text` at its start."""
    started = time.monotonic()
    await wait_until(
        pilot,
        lambda: visible(pilot, selector) and text_of(pilot, selector).startswith(text),
        f"{text!r} in {selector}",
    )
    return time.monotonic() - started


async def test_login_to_a_server_that_does_not_answer_says_so_and_retries(
    make_app: AppFactory, stalling_proxy: StallingProxy
) -> None:
    stalling_proxy.stall = re.compile(rb"POST /api/token ")
    app = make_app(api_url=stalling_proxy.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "prof@example.net")
        waited = await _wait_for_text(pilot, "#form-error", NO_ANSWER)
        assert TIMEOUT_SECONDS * 0.9 <= waited < TIMEOUT_BOUND
        # A failure worth reporting: the reference of the request is given.
        assert re.search(r"\(Réf\. [0-9A-F]{6}\)$", text_of(pilot, "#form-error"))
        assert stalling_proxy.stalled == ["POST /api/token "]  # sent once, never replayed
        assert isinstance(pilot.app.screen, LoginScreen)
        assert visible(pilot, "#retry")
        assert app.focused is app.screen.query_one("#retry")
        assert app.screen.query_one("#email", Input).value == "prof@example.net"

        stalling_proxy.stall = None  # the server answers again
        await pilot.press("enter")  # Réessayer
        await wait_until(
            pilot, lambda: isinstance(pilot.app.screen, OrgaHomeScreen), "the Orga home"
        )
        await wait_for_list(pilot)
        assert app_of(pilot).session is not None


async def test_a_campaign_list_that_does_not_come_says_so_and_reloads(
    make_app: AppFactory, stalling_proxy: StallingProxy
) -> None:
    stalling_proxy.stall = re.compile(rb"GET /api/organizations/\d+/campaigns")
    app = make_app(api_url=stalling_proxy.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "prof@example.net")
        await wait_until(
            pilot, lambda: isinstance(pilot.app.screen, OrgaHomeScreen), "the Orga home"
        )
        waited = await _wait_for_text(pilot, "#campaign-status", NO_ANSWER)
        assert waited < TIMEOUT_BOUND
        # A GET is safe to repeat: three tries before giving up.
        assert len(stalling_proxy.stalled) == 3
        assert visible(pilot, "#campaign-retry")
        assert not list_ready(pilot)

        stalling_proxy.stall = None
        await pilot.click("#campaign-retry")
        await wait_for_list(pilot, "the list once the server answers")
        assert shown_names(pilot)
        assert not visible(pilot, "#campaign-retry")
        assert not campaign_list(pilot).query_one("#campaign-status").has_class("error-text")


async def test_results_whose_reply_was_lost_are_not_sent_twice(
    make_app: AppFactory, stalling_proxy: StallingProxy, demo_database_url: str
) -> None:
    """The sending reached the server but its reply never came back: the student is told the
    server does not answer, tries again, and sees her results sent (the server holds them
    once), not a refusal."""
    app = make_app(api_url=stalling_proxy.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await take_test_through_client(pilot, RENTREE, "rrw")
        await enter_code(pilot, RENTREE)
        await on_screen(pilot, ResultsScreen, "the results")
        screen = pilot.app.screen
        assert isinstance(screen, ResultsScreen)
        await wait_until(pilot, lambda: visible(pilot, "#share-box"), "J'envoie mes résultats")
        share = screen.query_one("#share", Button)

        stalling_proxy.lose_reply = re.compile(rb"PATCH /api/campaign-participations/\d+ ")
        await pilot.press("j")
        waited = await _wait_for_text(pilot, "#student-status", NO_ANSWER)
        assert waited < TIMEOUT_BOUND
        await wait_until(pilot, lambda: not share.disabled, "the button again")
        assert len(stalling_proxy.lost) == 1  # a PATCH without a key is not sent again
        # The server did act: the results are shared, the screen cannot know it yet.
        ((participation_id, status, shared_at),) = participations(demo_database_url, RENTREE)
        assert status == "SHARED"
        assert visible(pilot, "#share-box") and not visible(pilot, "#shared-box")

        stalling_proxy.lose_reply = None
        await pilot.press("j")
        await wait_until(pilot, lambda: visible(pilot, "#shared-box"), "the confirmation")
        assert text_of(pilot, "#shared-text") == SHARED
        assert not visible(pilot, "#student-status")
        assert participations(demo_database_url, RENTREE) == [
            (participation_id, "SHARED", shared_at)
        ]


# -- a slow link ------------------------------------------------------------------------------


async def test_results_sent_over_a_slow_link_are_sent_once_whatever_the_presses(
    make_app: AppFactory, pix_server: ServerProcess, demo_database_url: str
) -> None:
    """64 kbit/s and 150 ms each way (the bench's slow link): the sending takes a while, the
    screen says it is on its way, and pressing again meanwhile sends nothing more."""
    async with make_app(api_url=pix_server.base_url).run_test(size=(80, 24)) as pilot:
        await student_home(pilot)  # the test itself, on a fast link
        await take_test_through_client(pilot, RENTREE, "rrw")
    async with ThrottlingProxy(
        "127.0.0.1", pix_server.port, rate=SLOW_LINK_RATE, delay=SLOW_LINK_DELAY
    ) as proxy:
        app = make_app(api_url=proxy.url)
        async with app.run_test(size=(80, 24)) as pilot:
            await student_home(pilot)
            await enter_code(pilot, RENTREE)
            await on_screen(pilot, ResultsScreen, "the results")
            screen = pilot.app.screen
            assert isinstance(screen, ResultsScreen)
            await wait_until(pilot, lambda: visible(pilot, "#share-box"), "the share button")

            proxy.reset_counters()
            await pilot.press("j")
            await pilot.pause()
            assert text_of(pilot, "#student-status") == "Envoi de vos résultats…"
            assert screen.query_one("#share", Button).disabled
            await pilot.press("j")
            await pilot.click("#share")
            await wait_until(pilot, lambda: visible(pilot, "#shared-box"), "the confirmation")
            assert text_of(pilot, "#shared-text") == SHARED
            sent = [line for line in proxy.counters.requests if line.startswith("PATCH")]
            assert len(sent) == 1
            ((_, status, shared_at),) = participations(demo_database_url, RENTREE)
            assert status == "SHARED" and shared_at is not None


async def test_an_export_cut_in_the_middle_leaves_no_file_and_works_again(
    make_app: AppFactory, stalling_proxy: StallingProxy, demo_database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    app = make_app(api_url=stalling_proxy.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_follow(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExportDialog), "the dialog")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-path", Input).value = str(folder)
        start = dialog.query_one("#export-start", Button)

        stalling_proxy.cut_reply = re.compile(rb"GET /api/campaigns/\d+/csv-assessment-results ")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: (
                UNREACHABLE in str(dialog.query_one("#export-result").render())
                and not start.disabled
            ),
            "the notice",
        )
        # The download did start: the first bytes of the file came, then the link was cut.
        assert len(stalling_proxy.cut) == stalling_proxy.cuts_done == 1
        assert dialog.saved is None
        assert list(folder.iterdir()) == []  # the first bytes were not left behind

        stalling_proxy.cut_reply = None
        await pilot.click("#export-start")
        await wait_until(pilot, lambda: dialog.saved is not None, "the export")
        saved = dialog.saved
        assert saved is not None and [p.name for p in folder.iterdir()] == [saved.name]
        text = saved.read_bytes().decode("utf-8-sig")
        _, *lines = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert len(lines) == shared_count(demo_database_url, RENTREE)


@pytest.mark.parametrize(
    ("raw", "expected"), [("2.5", 2.5), (" 1 ", 1.0), ("0", None), ("-3", None), ("vite", None),
                          ("inf", None), ("nan", None), ("", None)]
)  # fmt: skip
def test_the_timeout_variable_takes_only_a_positive_number(
    raw: str, expected: float | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, raw)
    assert request_timeout() == expected
