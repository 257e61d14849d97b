"""The command palette (Ctrl+P), in French: one provider per space, each active in its mode.

`OrgaCommands`, `StudentCommands` and `AdminCommands` offer the space's main actions by name,
whatever screen of the space is shown; they reuse the screens' own actions. The palette's
search text is read too: a typed campaign code becomes "Ouvrir la campagne CODE" (Pix Orga)
or "Rejoindre le parcours CODE" (Pix App).

Commands shared by every screen (Aide, Changer d'espace, Thème, Quitter, and what a screen
adds with `palette_commands`) stay with `PixApp.get_system_commands`; `role_commands` lets it
leave out what a role provider already offers, so no command is listed twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from tui import spaces

if TYPE_CHECKING:
    from textual.screen import Screen

    from api_client.models import Prescriber
    from tui.app import PixApp

# Pix campaign codes: 9 letters or digits (DOMAIN: generated ^[A-HJ-NP-Z]{6}[1-9]{3}$, admin-set
# ^[A-Z0-9]{9}$). At least one digit: a nine-letter word typed to find a command is not a code.
CODE_PATTERN = re.compile(r"(?=.*\d)[A-Z0-9]{9}")
CODE_PLACEHOLDER = "Tapez le code de la campagne (ex. RENTRE123)…"


def typed_code(query: str) -> str | None:
    """The campaign code in what was typed ("  rentre123 " → "RENTRE123"), or None."""
    code = query.strip().upper()
    return code if CODE_PATTERN.fullmatch(code) else None


def _pix_app(screen: Screen[Any]) -> PixApp:
    return cast("PixApp", screen.app)


class SpaceCommands(Provider):
    """A space's commands; silent unless the palette was opened in that space."""

    MODE: ClassVar[str]

    @property
    def active(self) -> bool:
        app = _pix_app(self.screen)
        return app.session is not None and app.current_mode == self.MODE

    def commands(self) -> Iterable[SystemCommand]:
        """The space's commands on `self.screen`, most useful first."""
        return ()

    def typed_commands(self, query: str) -> Iterable[SystemCommand]:
        """Commands made from the search text itself (a campaign code)."""
        return ()

    async def discover(self) -> Hits:
        if not self.active:
            return
        for command in self.commands():
            yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        if not self.active:
            return
        for command in self.typed_commands(query):
            yield Hit(1.0, Text(command.title), command.callback, help=command.help)
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(command.title), command.callback, help=command.help
                )


def _reload_command(screen: Screen[Any]) -> Iterator[SystemCommand]:
    # F5's other way: some terminals and SSH clients do not send function keys.
    reload = getattr(screen, "action_reload", None)
    if callable(reload) and hasattr(screen, "campaign"):
        yield SystemCommand("Actualiser", "Relire la campagne (touche F5)", reload)


def _session_commands(screen: Screen[Any]) -> Iterator[SystemCommand]:
    app = _pix_app(screen)
    yield SystemCommand("Se déconnecter", "Fermer la session (touche d)", app.action_logout)


# -- Pix Orga ------------------------------------------------------------------------------


class OrgaCommands(SpaceCommands):
    MODE = spaces.ORGA.mode

    def _prescriber(self) -> Prescriber | None:
        prescriber: Prescriber | None = getattr(self.screen, "prescriber", None)
        return prescriber

    def commands(self) -> Iterable[SystemCommand]:
        return orga_commands(self.screen, self._prescriber())

    def typed_commands(self, query: str) -> Iterable[SystemCommand]:
        code = typed_code(query)
        prescriber = self._prescriber()
        if code is None or prescriber is None or prescriber.current_organization is None:
            return
        screen = self.screen
        yield SystemCommand(
            f"Ouvrir la campagne {code}",
            f"Dans {prescriber.current_organization.name or 'votre organisation'}",
            lambda: open_campaign_by_code(screen, prescriber, code),
        )


def orga_commands(screen: Screen[Any], prescriber: Prescriber | None) -> Iterator[SystemCommand]:
    app = _pix_app(screen)
    if prescriber is not None and prescriber.current_organization is not None:
        yield SystemCommand(
            "Ouvrir une campagne par son code…",
            "Tapez ensuite le code, par exemple RENTRE123",
            lambda: app.push_screen(
                CommandPalette(providers=[OrgaCodeCommands], placeholder=CODE_PLACEHOLDER)
            ),
        )
        create = getattr(screen, "action_create_campaign", None)
        if callable(create):
            yield SystemCommand("Créer une campagne", "Touche c", create)
    if getattr(screen, "campaign", None) is not None and callable(
        export := getattr(screen, "action_export", None)
    ):
        yield SystemCommand("Exporter les résultats (.csv)", "Touche x", export)
    yield from _reload_command(screen)
    switch = getattr(screen, "action_switch_organization", None)
    if callable(switch) and prescriber is not None and len(prescriber.memberships) > 1:
        yield SystemCommand("Changer d'organisation", "Touche o", switch)
    yield from _session_commands(screen)


class OrgaCodeCommands(OrgaCommands):
    """The palette "Ouvrir une campagne par son code…" opens: only the typed code."""

    def commands(self) -> Iterable[SystemCommand]:
        return ()


def open_campaign_by_code(screen: Screen[Any], prescriber: Prescriber, code: str) -> None:
    """Find `code` among the organisation's campaigns (active, then archived) and open it.

    Pix Orga has no route by code: the list is read page by page (a few dozen campaigns).
    """
    app = _pix_app(screen)
    organization = prescriber.current_organization
    if organization is None:
        return

    async def find_and_open() -> None:
        from tui.errors import ends_session, error_message
        from tui.messages import SessionEnded
        from tui.screens.orga.campaign_detail import CampaignDetailScreen

        try:
            client = await app.wait_for_client()
            for archived in (False, True):
                async for campaign in client.campaigns.iterate(organization.id, archived=archived):
                    if (campaign.code or "").upper() == code:
                        app.push_screen(CampaignDetailScreen(prescriber, str(campaign.id)))
                        return
        except Exception as error:
            if ends_session(error):
                app.post_message(SessionEnded(error_message(error)))
            else:
                app.notify(error_message(error), title="Campagne", severity="error")
            return
        app.notify(
            f"Aucune campagne de code {code} dans {organization.name or 'cette organisation'}.",
            title="Campagne introuvable",
            severity="warning",
        )

    app.run_worker(find_and_open(), group="open-campaign-by-code", exclusive=True)


# -- Pix App -------------------------------------------------------------------------------


class StudentCommands(SpaceCommands):
    MODE = spaces.APP.mode

    def _home(self) -> Any | None:
        from tui.screens.app.home import AppHomeScreen

        return self.screen if isinstance(self.screen, AppHomeScreen) else None

    def commands(self) -> Iterable[SystemCommand]:
        return student_commands(self.screen)

    def typed_commands(self, query: str) -> Iterable[SystemCommand]:
        code = typed_code(query)
        home = self._home()
        if code is None or home is None:
            return
        from tui.messages import CodeEntered

        yield SystemCommand(
            f"Rejoindre le parcours {code}",
            "Comme « J'ai un code »",
            lambda: home.post_message(CodeEntered(code)),
        )


def student_commands(screen: Screen[Any]) -> Iterator[SystemCommand]:
    from tui.screens.app.home import AppHomeScreen

    if isinstance(screen, AppHomeScreen):
        field = "#campaign-code"
        yield SystemCommand(
            "Rejoindre un parcours (saisir un code)",
            "Le code communiqué par votre enseignant",
            lambda: screen.query_one(field).focus(),
        )
        if screen.check_action("resume", ()):
            yield SystemCommand(
                "Mes parcours", "Reprendre le parcours commencé", screen.action_resume
            )
        yield from _session_commands(screen)


# -- Pix Admin -----------------------------------------------------------------------------


class AdminCommands(SpaceCommands):
    MODE = spaces.ADMIN.mode

    def commands(self) -> Iterable[SystemCommand]:
        return admin_commands(self.screen)


def admin_commands(screen: Screen[Any]) -> Iterator[SystemCommand]:
    from tui.screens.admin.home import AdminHomeScreen

    app = _pix_app(screen)
    home = next((s for s in app.screen_stack if isinstance(s, AdminHomeScreen)), None)
    if home is not None:

        def search() -> None:
            # From a campaign: back to the search (nothing to save on the way).
            while app.screen is not home and len(app.screen_stack) > 1:
                app.pop_screen()
            home.action_search_campaigns()

        yield SystemCommand("Rechercher une campagne", "Par code, identifiant ou nom", search)
    yield from _reload_command(screen)
    yield from _session_commands(screen)


ROLE_PROVIDERS: tuple[type[SpaceCommands], ...] = (OrgaCommands, StudentCommands, AdminCommands)


def role_commands(screen: Screen[Any]) -> list[SystemCommand]:
    """What the active role provider offers on `screen` (to avoid listing it twice)."""
    app = _pix_app(screen)
    if app.session is None:
        return []
    if app.current_mode == spaces.ORGA.mode:
        return list(orga_commands(screen, getattr(screen, "prescriber", None)))
    if app.current_mode == spaces.APP.mode:
        return list(student_commands(screen))
    if app.current_mode == spaces.ADMIN.mode:
        return list(admin_commands(screen))
    return []
