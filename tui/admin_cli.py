"""`pix-tui admin …`: Pix Admin from a shell, for support scripts. Textual-free.

    pix-tui admin campaign CODE_OU_ID [--json]
    pix-tui admin campaigns --search TEXTE [--json]
    pix-tui admin participations CODE_OU_ID [--status STATUT] [--json]

The client is built like the TUI's (tui/launcher.py: the embedded demo without --api-url)
and shares its token store: a saved Pix Admin session is reused. Otherwise the credentials
come from PIX_EMAIL / PIX_PASSWORD, or are asked on a terminal. Only the standard library is
imported here at start-up: `pix-tui --help` stays instant.

Exit codes: 0 found, 1 not found, 2 usage, 3 authentication or permission refused,
4 network or server unavailable. Messages go to stderr, in French; data to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tui.cli_format import FrenchHelpFormatter

if TYPE_CHECKING:
    from api_client import (
        AdminCampaign,
        AdminCampaignSummary,
        AdminParticipation,
        Page,
        PixClient,
    )

EXIT_FOUND = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_UNAVAILABLE = 4

EMAIL_ENV = "PIX_EMAIL"
PASSWORD_ENV = "PIX_PASSWORD"
SEARCH_LIMIT = 50
PARTICIPATIONS_PAGE_SIZE = 100
PARTICIPATION_STATUSES = ("STARTED", "TO_SHARE", "SHARED")

NO_CREDENTIALS = (
    f"Aucune session Pix Admin enregistrée : définissez {EMAIL_ENV} et {PASSWORD_ENV}, "
    "ou lancez la commande dans un terminal pour saisir vos identifiants."
)
NOT_AN_ADMIN = "Ce compte n'a pas accès à Pix Admin."

HELP_EPILOG = f"""\
Connexion : la session Pix Admin enregistrée par pix-tui est réutilisée. Sinon, l'adresse
e-mail et le mot de passe sont lus dans {EMAIL_ENV} et {PASSWORD_ENV}, ou demandés dans le
terminal. Sans --api-url, la commande interroge la démo locale.

Codes de sortie : 0 trouvé, 1 introuvable, 2 utilisation incorrecte,
3 connexion ou droits refusés, 4 serveur injoignable ou indisponible."""


class CliError(Exception):
    """Stop with `exit_code` after printing `message` (French) on stderr."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


# --- parser --------------------------------------------------------------------------------


def register_admin_commands(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add `admin` and its sub-commands to `pix-tui`'s parser (see SUBCOMMANDS)."""
    admin = subparsers.add_parser(
        "admin",
        help="Pix Admin en ligne de commande (support) ; voir pix-tui admin --help",
        description="Pix Admin en ligne de commande : retrouver une campagne, ses participants.",
        epilog=HELP_EPILOG,
        formatter_class=FrenchHelpFormatter,
    )
    admin.set_defaults(handler=_missing_command(admin))
    commands = admin.add_subparsers(title="commandes", metavar="COMMANDE")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=HELP_EPILOG,
            formatter_class=FrenchHelpFormatter,
        )
        parser.add_argument(
            "--api-url",
            metavar="URL",
            default=argparse.SUPPRESS,
            help="adresse du serveur Pix (comme pour pix-tui) ; absent : démo locale",
        )
        parser.add_argument(
            "--json", action="store_true", help="sortie JSON (clés stables, dates ISO 8601)"
        )
        return parser

    campaign = command("campaign", "afficher une campagne, par son code ou son identifiant")
    campaign.add_argument("code_or_id", metavar="CODE_OU_ID", help="ex. ARCHIV789 ou 3")
    campaign.set_defaults(handler=_handler(_show_campaign))

    campaigns = command(
        "campaigns", "chercher des campagnes de toutes les organisations (code, nom ou id)"
    )
    campaigns.add_argument(
        "--search", required=True, metavar="TEXTE", help="fragment de code ou de nom, ou un id"
    )
    campaigns.set_defaults(handler=_handler(_search_campaigns))

    participations = command(
        "participations", "lister les participants d'une campagne (les bloqués sont signalés)"
    )
    participations.add_argument("code_or_id", metavar="CODE_OU_ID")
    participations.add_argument(
        "--status", choices=PARTICIPATION_STATUSES, help="ne garder qu'un statut"
    )
    participations.set_defaults(handler=_handler(_list_participations))


def _missing_command(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def handler(_args: argparse.Namespace) -> int:
        parser.print_usage(sys.stderr)
        print("pix-tui admin : indiquez une commande (campaign, campaigns, participations).",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE

    return handler


Command = Callable[["PixClient", argparse.Namespace], Awaitable[str]]


def _handler(command: Command) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        try:
            output = run_command(command, args)
        except CliError as error:
            print(f"pix-tui : {error.message}", file=sys.stderr)
            return error.exit_code
        except KeyboardInterrupt:
            return 130
        if output:
            print(output)
        return EXIT_FOUND

    return handler


# --- running -------------------------------------------------------------------------------


def run_command(command: Command, args: argparse.Namespace) -> str:
    """Prepare the backend like the TUI does, log in, run `command`; its text to print."""
    from tui.launcher import Launcher

    launcher = Launcher(api_url=args.api_url, no_store=getattr(args, "no_store", False))
    try:
        launcher.prepare()
    except Exception as error:  # the embedded demo could not start (disk, database…)
        raise CliError(
            f"la démo locale n'a pas pu démarrer ({error}).", EXIT_UNAVAILABLE
        ) from error
    return asyncio.run(_run(launcher, command, args))


async def _run(launcher: Any, command: Command, args: argparse.Namespace) -> str:
    try:
        async with launcher.create_client() as client:
            await _open_admin_session(client, launcher.store_warning)
            return await command(client, args)
    except CliError:
        raise
    except Exception as error:
        raise _cli_error(error) from error
    finally:
        await launcher.aclose()


async def _open_admin_session(client: PixClient, store_warning: str | None) -> None:
    from api_client.spaces import Space

    wanted = os.environ.get(EMAIL_ENV, "").strip()
    session = await client.restore_session()
    if session is not None and session.has(Space.ADMIN) and wanted in ("", session.email):
        return
    email, password = _credentials()
    session = await client.login(email, password)
    if store_warning:
        print(f"pix-tui : {store_warning}", file=sys.stderr)
    if not session.has(Space.ADMIN):
        raise CliError(NOT_AN_ADMIN, EXIT_REFUSED)


def _credentials() -> tuple[str, str]:
    email = os.environ.get(EMAIL_ENV, "").strip()
    password = os.environ.get(PASSWORD_ENV, "")
    if email and password:
        return email, password
    if not sys.stdin.isatty():
        raise CliError(NO_CREDENTIALS, EXIT_REFUSED)
    if not email:
        # The prompt goes to stderr: stdout may be piped into a JSON reader.
        print("Adresse e-mail : ", end="", file=sys.stderr, flush=True)
        email = sys.stdin.readline().strip()
    if not password:
        password = getpass.getpass("Mot de passe : ")
    if not email or not password:
        raise CliError(NO_CREDENTIALS, EXIT_REFUSED)
    return email, password


def _cli_error(error: BaseException) -> CliError:
    """The exit code and French sentence of a client error."""
    from api_client import errors

    if isinstance(error, errors.NotFoundError):
        return CliError(error.detail or "Élément introuvable.", EXIT_NOT_FOUND)
    if isinstance(error, errors.InvalidCredentialsError):
        return CliError(
            "L'adresse e-mail et/ou le mot de passe saisis sont incorrects.", EXIT_REFUSED
        )
    if isinstance(error, errors.AccountBlockedError):
        return CliError(
            "Ce compte est bloqué après de trop nombreuses tentatives de connexion.", EXIT_REFUSED
        )
    if isinstance(error, errors.AuthenticationError | errors.NoSessionError):
        return CliError("La session a expiré : reconnectez-vous.", EXIT_REFUSED)
    if isinstance(error, errors.PermissionDeniedError):
        return CliError("Votre rôle Pix Admin ne permet pas cette action.", EXIT_REFUSED)
    if isinstance(error, errors.ExtensionUnavailableError):
        return CliError(str(error), EXIT_UNAVAILABLE)
    if isinstance(error, errors.NetworkTimeoutError):
        return CliError("Le serveur ne répond pas.", EXIT_UNAVAILABLE)
    if isinstance(error, errors.NetworkError):
        return CliError("Le serveur est injoignable.", EXIT_UNAVAILABLE)
    if isinstance(error, errors.ValidationError):
        return CliError(f"Demande refusée par le serveur : {error.detail or ''}", EXIT_USAGE)
    if isinstance(error, errors.PixError):
        return CliError("Le serveur a rencontré une erreur. Réessayez plus tard.", EXIT_UNAVAILABLE)
    return CliError(f"erreur inattendue : {error!r}", EXIT_UNAVAILABLE)


# --- the commands --------------------------------------------------------------------------


async def _show_campaign(client: PixClient, args: argparse.Namespace) -> str:
    from tui import admin_output

    campaign = await _find(client, args.code_or_id)
    if args.json:
        return admin_output.to_json(admin_output.campaign_record(campaign))
    return admin_output.campaign_text(campaign)


async def _find(client: PixClient, code_or_id: str) -> AdminCampaign:
    from api_client import NotFoundError

    try:
        return await client.admin.find_campaign(code_or_id)
    except NotFoundError as error:
        raise CliError(
            f"Aucune campagne ne correspond à « {code_or_id.strip()} ».", EXIT_NOT_FOUND
        ) from error


async def _search_campaigns(client: PixClient, args: argparse.Namespace) -> str:
    """One text searched as a code fragment, a name fragment and, if it is a number, an id
    (the server's filters all apply at once, so each is its own request)."""
    from tui import admin_output

    text = args.search.strip()
    if not text:
        raise CliError("indiquez un texte à chercher.", EXIT_USAGE)
    searches: list[Callable[[], Awaitable[Page[AdminCampaignSummary]]]] = [
        lambda: client.admin.search_campaigns(code=text, page_size=SEARCH_LIMIT),
        lambda: client.admin.search_campaigns(name=text, page_size=SEARCH_LIMIT),
    ]
    if text.isdigit():
        searches.insert(0, lambda: client.admin.search_campaigns(id=text, page_size=SEARCH_LIMIT))
    found: dict[str, AdminCampaignSummary] = {}
    for search in searches:
        for campaign in await search():
            found.setdefault(campaign.id, campaign)
    campaigns = list(found.values())[:SEARCH_LIMIT]
    if not campaigns:
        raise CliError(f"Aucune campagne ne correspond à « {text} ».", EXIT_NOT_FOUND)
    if args.json:
        return admin_output.to_json(
            [admin_output.campaign_summary_record(campaign) for campaign in campaigns]
        )
    return admin_output.campaigns_table(campaigns)


async def _list_participations(client: PixClient, args: argparse.Namespace) -> str:
    from api_client.models.admin import STUCK_AFTER_DAYS
    from tui import admin_output

    campaign = await _find(client, args.code_or_id)
    participations: list[AdminParticipation] = []
    number = 1
    while True:
        page = await client.admin.participations(
            campaign.id, status=args.status, page=number, page_size=PARTICIPATIONS_PAGE_SIZE
        )
        participations += page.items
        if not page.items or not page.has_next:
            break
        number += 1
    stuck_after = campaign.stuck_after_days or STUCK_AFTER_DAYS
    now = datetime.now(UTC)
    if args.json:
        return admin_output.to_json(
            {
                "campaign": {"id": int(campaign.id), "code": campaign.code, "name": campaign.name},
                "stuck_after_days": stuck_after,
                "participations": [
                    admin_output.participation_record(p, stuck_after_days=stuck_after, now=now)
                    for p in participations
                ],
            }
        )
    if not participations:
        status = f" au statut {args.status}" if args.status else ""
        print(f"pix-tui : aucune participation{status} dans {campaign.code}.", file=sys.stderr)
        return ""
    return admin_output.participations_table(participations, stuck_after_days=stuck_after, now=now)
