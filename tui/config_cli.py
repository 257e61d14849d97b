"""`pix-tui config`: where the settings file is, and every setting in effect with its source.

Textual-free and httpx-free, like `--help`: it imports `tui.config` and the standard library.
"""

from __future__ import annotations

import argparse

from tui import config
from tui.cli_format import FrenchHelpFormatter

EPILOG = """\
Le fichier config.toml (TOML, une clé par ligne) peut contenir :
  api_url = "https://app.pix.fr"   adresse du serveur ; absente : démo locale
  lang = "fr"                      langue : fr ou en
  theme = "pix"                    thème de couleurs (retenu quand vous le changez)
  page_size = 25                   lignes par page des listes : 10, 25, 50 ou 100
  refresh_seconds = 15             rafraîchissement du suivi, en secondes (0 : jamais)
Ordre de priorité : option > variable d'environnement > fichier > défaut.
La variable PIX_TUI_CONFIG désigne un autre fichier."""


def register_config_command(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add `config` to `pix-tui`'s parser (see SUBCOMMANDS)."""
    parser = subparsers.add_parser(
        "config",
        help="afficher le fichier de configuration et les réglages en vigueur",
        description="Affiche le fichier de configuration et chaque réglage en vigueur, "
        "avec sa source (défaut, fichier, environnement, option).",
        epilog=EPILOG,
        formatter_class=FrenchHelpFormatter,
    )
    parser.set_defaults(handler=show_config)


def show_config(args: argparse.Namespace) -> int:
    """Print the file, its state, the settings in effect and the log file; exit 0.

    A wrong setting never reaches here: `main` has already said which one and exited 2.
    """
    from tui.logs import log_file

    settings: config.Settings = args.settings
    print(config.describe(settings))
    if settings.lang != "fr":
        print("  (seule l'interface en français existe pour l'instant : lang est noté, sans effet)")
    print()
    print(f"Journal : {log_file()}")
    return 0
