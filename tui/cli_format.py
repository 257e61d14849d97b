"""The help formatter of every `pix-tui` command line: argparse's, with a French "Utilisation"."""

from __future__ import annotations

import argparse


class FrenchHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        # argparse passes prefix="" to compute a sub-command's name: kept empty then.
        super().add_usage(usage, actions, groups, "Utilisation : " if prefix is None else prefix)
