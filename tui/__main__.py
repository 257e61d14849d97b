"""`pix-tui`: the command line. Parsing is Textual-free.

`pix-tui --help` and `--version` import neither Textual, httpx nor the server: they answer in a
few milliseconds. The app itself is imported only when it runs.

Sub-commands (`pix-tui admin …`, `pix-tui config`, `pix-tui serve`) plug in through
`SUBCOMMANDS`: each entry adds its parser to the sub-parsers and sets its own `handler`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path

from tui import config
from tui.admin_cli import register_admin_commands
from tui.browser import register_serve_command
from tui.cli_format import FrenchHelpFormatter
from tui.config_cli import register_config_command

API_URL_ENV = "PIX_API_URL"
EXIT_CONFIG = 2
"""A setting is wrong (file, variable or option): the same code as a usage error."""

Handler = Callable[[argparse.Namespace], int]
SubcommandRegistrar = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

SUBCOMMANDS: list[SubcommandRegistrar] = [
    register_admin_commands,
    register_config_command,
    register_serve_command,
]
"""Each registers one sub-command: `subparsers.add_parser(...)`, then `set_defaults(handler=)`."""


def version() -> str:
    """The version, read from `api_client/version.py` without importing `api_client`."""
    spec = find_spec("api_client")  # finds the folder; does not run its __init__
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            path = Path(folder) / "version.py"
            if path.is_file():
                match = re.search(r"__version__\s*=\s*['\"]([^'\"]+)['\"]", path.read_text("utf-8"))
                if match:
                    return match.group(1)
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("pix-tui")
    except PackageNotFoundError:
        return "inconnue"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pix-tui",
        description=(
            "Client terminal pour Pix : Pix Orga (enseignants), Pix App (élèves), "
            "Pix Admin (support).\n"
            "Sans --api-url, une démo locale démarre dans le terminal, sans réseau."
        ),
        formatter_class=FrenchHelpFormatter,
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    parser.add_argument(
        "--version",
        action="version",
        version=f"pix-tui {version()}",
        help="afficher la version et quitter",
    )
    parser.add_argument(
        "--api-url",
        metavar="URL",
        help=f"adresse du serveur Pix (variable {API_URL_ENV}) ; absent : démo locale",
    )
    parser.add_argument(
        "--reset-demo",
        action="store_true",
        help="remettre la démo locale à zéro avant de démarrer",
    )
    parser.add_argument(
        "--no-mouse",
        action="store_true",
        help="désactiver la souris (économise la bande passante sur une liaison lente)",
    )
    parser.add_argument(
        "--no-store",
        action="store_true",
        help="ne garder aucun jeton de session après la fermeture",
    )
    parser.add_argument(
        "--logout",
        action="store_true",
        help="fermer la session enregistrée (révoquée sur le serveur) sans ouvrir l'interface",
    )
    parser.add_argument("--lang", metavar="fr|en", help="langue de l'interface (variable PIX_LANG)")
    parser.add_argument(
        "--theme", metavar="NOM", help="thème de couleurs (ex. pix, nord ; variable PIX_TUI_THEME)"
    )
    parser.add_argument(
        "--page-size",
        metavar="N",
        help="lignes par page des listes : 10, 25, 50 ou 100 (variable PIX_TUI_PAGE_SIZE)",
    )
    parser.add_argument(
        "--refresh-seconds",
        metavar="S",
        help="rafraîchissement du suivi d'une campagne, 0 : jamais (PIX_TUI_REFRESH_SECONDS)",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="journal détaillé (niveau DEBUG) ; voir pix-tui config pour son emplacement",
    )
    parser.epilog = (
        "Réglages : options, sinon variables d'environnement, sinon le fichier config.toml\n"
        "(pix-tui config affiche son chemin et les réglages en vigueur)."
    )
    parser.set_defaults(handler=run_tui)
    if SUBCOMMANDS:
        subparsers = parser.add_subparsers(title="commandes", metavar="COMMANDE")
        for register in SUBCOMMANDS:
            register(subparsers)
    return parser


def run_tui(args: argparse.Namespace) -> int:
    """Start the terminal app (the default when no sub-command is given)."""
    from tui.logs import file_logging

    settings: config.Settings = args.settings
    with file_logging(debug=args.debug):
        from textual.theme import BUILTIN_THEMES

        from tui.app import PixApp
        from tui.launcher import Launcher
        from tui.theme import PIX_THEME

        known = sorted({PIX_THEME.name, *BUILTIN_THEMES})
        if settings.theme not in known:
            print(
                f"Thème inconnu « {settings.theme} » ({_where(settings, 'theme')}). "
                f"Thèmes possibles : {', '.join(known)}.",
                file=sys.stderr,
            )
            return EXIT_CONFIG
        launcher = Launcher(
            api_url=settings.api_url,
            reset_demo=args.reset_demo,
            no_store=args.no_store,
            settings=settings,
        )
        app = PixApp(launcher)
        with _in_effect(settings):
            app.run(mouse=not args.no_mouse)
        return app.return_code or 0


@contextmanager
def _in_effect(settings: config.Settings) -> Iterator[None]:
    # For the run only (tests call main() more than once in one process).
    previous = os.environ.get(config.REFRESH_ENV)
    config.activate(settings)
    # The campaign follow-up reads its period from the environment: give it the one in
    # effect, which may come from config.toml or --refresh-seconds.
    os.environ[config.REFRESH_ENV] = f"{settings.refresh_seconds:g}"
    try:
        yield
    finally:
        config.activate(None)
        if previous is None:
            os.environ.pop(config.REFRESH_ENV, None)
        else:
            os.environ[config.REFRESH_ENV] = previous


def _where(settings: config.Settings, key: str) -> str:
    origin = settings.origin(key)
    if origin.source == config.FILE:
        return f"clé « {key} » du fichier {settings.path}"
    if origin.name:
        return f"{origin.source} {origin.name}"
    return origin.source


def _options(args: argparse.Namespace) -> dict[str, object | None]:
    return {
        "api_url": getattr(args, "api_url", None),
        "lang": getattr(args, "lang", None),
        "theme": getattr(args, "theme", None),
        "page_size": getattr(args, "page_size", None),
        "refresh_seconds": getattr(args, "refresh_seconds", None),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = config.load_settings(_options(args))
    except config.ConfigError as error:
        print(f"pix-tui : {error.message}", file=sys.stderr)
        return EXIT_CONFIG
    # Every command (the app, `admin`, `config`, --logout) sees the settings in effect.
    args.settings = settings
    args.api_url = settings.api_url
    if args.reset_demo and args.api_url:
        parser.error("--reset-demo ne concerne que la démo locale (sans --api-url)")
    if args.logout:
        from tui.logout_cli import run_logout

        return run_logout(args)
    handler: Handler = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
