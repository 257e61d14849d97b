"""textual-serve's `Server`, adjusted for `pix-tui serve` (imported only when serving).

What changes, and why:
* The page uses the Roboto Mono font textual-serve ships, instead of asking Google Fonts for it:
  a school's pupils' browsers should talk to the school's server only.
* Stopping the server (Ctrl+C, SIGTERM) asks every open tab's pix-tui to quit and waits for
  it; textual-serve left the sessions open, and the stop then took ~20 s per signed-in tab.
* The address is announced, in French, once the port is really bound.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

PAGE_TEMPLATE = "app_index.html"
GOOGLE_FONTS_LINK = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.DOTALL)
LOCAL_FONT = """<style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf");
      }
    </style>"""


def page_without_google_fonts(template: str) -> str:
    """textual-serve's page template, with its font served from its own static folder."""
    return GOOGLE_FONTS_LINK.sub(lambda _: LOCAL_FONT, template)


class PixServer(Server):
    """Serves `command` (one process per browser tab); `announce()` runs once listening."""

    def __init__(self, command: str, *, announce: Callable[[str], None], **options: Any) -> None:
        super().__init__(command, **options)
        self._announce = announce
        self._sessions: set[asyncio.Task[Any]] = set()

    def serve(self, debug: bool = False) -> None:
        # As textual-serve's, but aiohttp's `print` hook runs after the bind: a taken port now
        # fails before anything is announced.
        self.debug = debug
        self.initialize_logging()
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            loop=asyncio.new_event_loop(),
            print=lambda *_: self._announce(self.public_url),
        )

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        template = (self.templates_path / PAGE_TEMPLATE).read_text("utf-8")
        loader = jinja2.DictLoader({PAGE_TEMPLATE: page_without_google_fonts(template)})
        aiohttp_jinja2.setup(app, loader=loader)
        return app

    async def on_startup(self, app: web.Application) -> None:
        pass  # no English banner (it also showed the command line): see `announce`

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        session = asyncio.current_task()
        assert session is not None
        self._sessions.add(session)
        try:
            return await super().handle_websocket(request)
        finally:
            self._sessions.discard(session)

    async def on_shutdown(self, app: web.Application) -> None:
        # A cancelled session makes textual-serve ask its pix-tui to quit, and wait for it.
        sessions = list(self._sessions)
        for session in sessions:
            session.cancel()
        await asyncio.gather(*sessions, return_exceptions=True)
