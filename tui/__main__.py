"""`pix-tui`: the command line. Parsing is Textual-free.

`pix-tui --help` and `--version` import neither Textual, httpx nor the server: they answer in a
few milliseconds. The app itself is imported only when it runs.

Sub-commands (`pix-tui admin …`, `pix-tui config`, `pix-tui serve`) plug in through
`SUBCOMMANDS`: each entry adds its parser to the sub-parsers and sets its own `handler`.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from importlib.util import find_spec
from pathlib import Path

from tui.admin_cli import register_admin_commands

API_URL_ENV = "PIX_API_URL"
LOG_LEVEL_ENV = "PIX_TUI_LOG_LEVEL"

Handler = Callable[[argparse.Namespace], int]
SubcommandRegistrar = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

SUBCOMMANDS: list[SubcommandRegistrar] = [register_admin_commands]
"""Each registers one sub-command: `subparsers.add_parser(...)`, then `set_defaults(handler=)`."""


class _FrenchHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix or "Utilisation : ")


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
        formatter_class=_FrenchHelpFormatter,
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
        default=os.environ.get(API_URL_ENV) or None,
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
    parser.set_defaults(handler=run_tui)
    if SUBCOMMANDS:
        subparsers = parser.add_subparsers(title="commandes", metavar="COMMANDE")
        for register in SUBCOMMANDS:
            register(subparsers)
    return parser


def run_tui(args: argparse.Namespace) -> int:
    """Start the terminal app (the default when no sub-command is given)."""
    log_handler = _log_to_file()
    try:
        from tui.app import PixApp
        from tui.launcher import Launcher

        launcher = Launcher(
            api_url=args.api_url, reset_demo=args.reset_demo, no_store=args.no_store
        )
        app = PixApp(launcher)
        app.run(mouse=not args.no_mouse)
        return app.return_code or 0
    finally:
        logging.getLogger().removeHandler(log_handler)
        log_handler.close()


def _log_to_file() -> logging.Handler:
    # Anything printed to stderr would land in the middle of the screen: log to a file.
    from platformdirs import user_log_dir

    level = os.environ.get(LOG_LEVEL_ENV, "WARNING").upper()
    folder = Path(user_log_dir("pix-tui"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(folder / "pix-tui.log", encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level if level in logging.getLevelNamesMapping() else logging.WARNING)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.reset_demo and args.api_url:
        parser.error("--reset-demo ne concerne que la démo locale (sans --api-url)")
    handler: Handler = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
