"""Aide (F1 or ?): the keys of the screen underneath, in French, and what the screen is for.

The keys come from the screen's active bindings (`Screen.active_bindings`), so the help never
advertises a key the screen would refuse, nor forgets one a screen adds: a binding with a
description is listed even when the footer hides it (80 columns are few). Textual's own
widget bindings are left out (their descriptions are in English and the widgets are used
the usual way: arrows, Tab, Entrée).

The paragraph is the screen's `HELP` class attribute (Textual's own name for it), shown as
plain text. Every key this app needs has a plain alternative: F1 has ?, F2/F5/F10 have a
button, and ctrl+shift or alt combinations are never used (SSH clients cannot all send them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static, TextArea

# Keys as a French keyboard user reads them.
KEY_NAMES = {
    "escape": "Échap",
    "enter": "Entrée",
    "tab": "Tab",
    "space": "Espace",
    "question_mark": "?",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "Page↑",
    "pagedown": "Page↓",
    "home": "Début",
    "end": "Fin",
    "delete": "Suppr",
    "backspace": "Retour arrière",
}

# Bindings every space screen declares (tui/screens/space.py): they belong to "Partout".
EVERYWHERE_IDS = frozenset({"switch-space", "logout", "leave-field"})

TYPING_NOTE = (
    "Le curseur est dans un champ de saisie : les lettres s'y écrivent. "
    "Appuyez sur Échap pour en sortir, les raccourcis à une lettre reviennent."
)
TERMINAL_NOTE = (
    "Si votre terminal ou votre client SSH ne transmet pas les touches de fonction, "
    "? ouvre cette aide (hors d'un champ de saisie), F2, F5 et F10 ont leur bouton "
    "(Tab puis Entrée) ou leur commande, et Ctrl+P retrouve les actions par leur nom."
)
CLOSE_HINT = "Échap, F1, ? ou q : fermer l'aide · ↑ ↓ : faire défiler"


def key_label(key: str) -> str:
    """ "ctrl+q" → "Ctrl+Q", "escape" → "Échap", "f5" → "F5", "question_mark" → "?"."""
    parts = key.split("+")
    *modifiers, last = parts
    if last in KEY_NAMES:
        name = KEY_NAMES[last]
    elif len(last) > 1 and last[0] == "f" and last[1:].isdigit():
        name = last.upper()
    elif len(last) == 1:
        name = last.upper() if modifiers else last
    else:
        name = last.capitalize()
    return "+".join([*(modifier.capitalize() for modifier in modifiers), name])


@dataclass
class KeyGroup:
    title: str
    # (keys as shown, description), in the order the bindings are declared.
    rows: list[tuple[str, str]] = field(default_factory=list)

    def add(self, key: str, description: str) -> None:
        for index, (keys, known) in enumerate(self.rows):
            if known == description:
                if key not in keys.split(" / "):
                    self.rows[index] = (f"{keys} / {key}", known)
                return
        self.rows.append((key, description))


@dataclass
class HelpContent:
    """What the help shows for one screen."""

    title: str
    text: str
    typing: bool
    groups: list[KeyGroup]


def help_content(screen: Screen[object]) -> HelpContent:
    """The help of `screen` (the screen shown when F1 or ? was pressed)."""
    app = screen.app
    here = KeyGroup("Sur cet écran")
    everywhere = KeyGroup("Partout")
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not _worth_listing(binding, active.node, app, active.enabled):
            continue
        shown = binding.key_display or key_label(key)
        if active.node is app or binding.id in EVERYWHERE_IDS:
            everywhere.add(shown, binding.description)
        else:
            here.add(shown, binding.description)
    if screen.is_modal:
        # A dialog's binding chain stops at the dialog; the app's priority keys still work.
        for key, binding in app._bindings:
            if binding.priority and _worth_listing(binding, app, app, True):
                everywhere.add(binding.key_display or key_label(key), binding.description)
    space = getattr(screen, "SPACE", None)
    title = f"Aide · {space.label}" if space is not None else "Aide"
    typing = isinstance(screen.focused, Input | TextArea)
    text = " ".join((type(screen).HELP or "").split())
    return HelpContent(title, text, typing, [group for group in (here, everywhere) if group.rows])


def _worth_listing(binding: Binding, node: object, app: App[object], enabled: bool) -> bool:
    if not enabled or not binding.description or binding.system:
        return False
    if node is app:
        return True
    # Textual's own widgets describe their keys in English: only bindings this app declares
    # (a table of ours inherits DataTable's "cursor up"... which stay out).
    declared_in = _declaring_class(type(node), binding)
    return declared_in is not None and declared_in.__module__.startswith("tui.")


def _declaring_class(cls: type, binding: Binding) -> type | None:
    for klass in cls.__mro__:
        for declared in klass.__dict__.get("BINDINGS", ()):
            if isinstance(declared, Binding):
                action, description = declared.action, declared.description
            else:
                action, description = declared[1], declared[2] if len(declared) > 2 else ""
            if action == binding.action and description == binding.description:
                return klass
    return None


def _rows_text(group: KeyGroup, width: int) -> Text:
    text = Text()
    for index, (keys, description) in enumerate(group.rows):
        if index:
            text.append("\n")
        text.append(keys.ljust(width), style="bold")
        text.append(description)
    return text


class HelpScreen(ModalScreen[None]):
    """The help dialog; `HelpScreen(help_content(app.screen))`."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen #help {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-title {
        text-style: bold;
        color: $primary;
    }
    HelpScreen #help-body {
        height: auto;
    }
    /* A short terminal (24 lines): the dialog takes the height, the keys scroll, and the
       closing line stays in sight. */
    HelpScreen.-short #help {
        height: 100%;
    }
    HelpScreen.-short #help-body {
        height: 1fr;
    }
    HelpScreen .help-heading {
        text-style: bold underline;
        margin-top: 1;
    }
    HelpScreen #help-text, HelpScreen #help-typing {
        margin-top: 1;
    }
    HelpScreen #help-typing {
        color: $warning;
    }
    HelpScreen #help-terminal, HelpScreen #help-close {
        color: $text-muted;
    }
    HelpScreen #help-terminal {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Fermer l'aide", key_display="Échap", id="close-help"),
        Binding("f1", "close", "Fermer l'aide", show=False),
        Binding("question_mark", "close", "Fermer l'aide", show=False),
        Binding("q", "close", "Fermer l'aide", show=False),
    ]

    def __init__(self, content: HelpContent) -> None:
        super().__init__()
        self.content = content

    def compose(self) -> ComposeResult:
        content = self.content
        with Vertical(id="help"):
            yield Static(Text(content.title), id="help-title")
            with VerticalScroll(id="help-body"):
                if content.text:
                    yield Static(Text(content.text), id="help-text")
                if content.typing:
                    yield Static(Text(TYPING_NOTE), id="help-typing")
                # One key column for every group: the descriptions line up.
                keys = [keys for group in content.groups for keys, _ in group.rows]
                width = min(max(map(len, keys), default=0) + 2, 22)
                for group in content.groups:
                    yield Static(Text(group.title), classes="help-heading")
                    yield Static(_rows_text(group, width), classes="help-keys")
                yield Static(Text(TERMINAL_NOTE), id="help-terminal")
            yield Static(Text(CLOSE_HINT), id="help-close")

    def on_mount(self) -> None:
        # ↑ ↓ and Page↑ Page↓ scroll the keys on a short terminal.
        self.query_one("#help-body", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
