"""« Que souhaitez-vous tester ? » : the target profiles, filtered by category and by a search.

Like Pix Orga's picker: a "Catégories (n)" filter (n = categories ticked, none meaning all), a
search on the name, and the list grouped under category headings. Once a profile is chosen
the list folds away and its card shows: name, "Sujets : N" and the documentation link;
"Changer de parcours" unfolds the list again.

    picker = TargetProfilePicker(id="target-profile")
    picker.set_profiles(profiles)           # after the server answered
    picker.selected                         # the chosen TargetProfile, or None
    @on(TargetProfilePicker.Changed) ...    # posted when the choice changes
"""

from __future__ import annotations

import contextlib
import unicodedata
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui.labels import TARGET_PROFILE_CATEGORIES, label_for
from tui.widgets.choices import CheckList
from tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from api_client.models import TargetProfile

NO_MATCH = "Aucun parcours ne correspond à votre recherche."
LOADING = "Chargement des parcours…"


def folded(text: str) -> str:
    """Lowercase without accents: "rentree" finds "Parcours de rentrée"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _category_order(category: str) -> tuple[int, str]:
    known = list(TARGET_PROFILE_CATEGORIES)
    return (known.index(category) if category in known else len(known), category)


def group_profiles(
    profiles: list[TargetProfile], *, categories: set[str], search: str
) -> list[tuple[str, list[TargetProfile]]]:
    """The profiles to list, by category in Pix's order, each group sorted by name.

    `categories` empty means every category; `search` matches words of the name in any
    order, accents and case aside.
    """
    words = folded(search).split()
    groups: dict[str, list[TargetProfile]] = {}
    for profile in profiles:
        category = profile.category or "OTHER"
        if categories and category not in categories:
            continue
        name = folded(profile.name or "")
        if all(word in name for word in words):
            groups.setdefault(category, []).append(profile)
    return [
        (category, sorted(groups[category], key=lambda p: folded(p.name or "")))
        for category in sorted(groups, key=_category_order)
    ]


class TargetProfilePicker(Vertical):
    """Filter, search, grouped list, then the chosen profile's card."""

    DEFAULT_CSS = """
    TargetProfilePicker {
        height: auto;
    }
    TargetProfilePicker #target-profile-filters {
        height: 1;
        margin-bottom: 1;
    }
    TargetProfilePicker #category-toggle {
        min-width: 0;
        margin-right: 2;
    }
    TargetProfilePicker #target-profile-search {
        width: 1fr;
        max-width: 48;
    }
    TargetProfilePicker #category-filter {
        height: auto;
        max-height: 11;
        margin-bottom: 1;
    }
    TargetProfilePicker #target-profile-options {
        height: auto;
        max-height: 10;
    }
    TargetProfilePicker #target-profile-status {
        color: $text-muted;
        padding: 0 1;
    }
    TargetProfilePicker #target-profile-card {
        height: auto;
        border: round $primary 60%;
        padding: 0 1;
    }
    TargetProfilePicker #target-profile-name {
        text-style: bold;
    }
    TargetProfilePicker #change-target-profile {
        margin-top: 1;
        min-width: 0;
    }
    """

    class Changed(Message):
        """The chosen target profile changed (None: no choice)."""

        def __init__(self, picker: TargetProfilePicker, profile: TargetProfile | None) -> None:
            super().__init__()
            self.picker = picker
            self.profile = profile

        @property
        def control(self) -> TargetProfilePicker:
            return self.picker

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._profiles: list[TargetProfile] = []
        self._by_id: dict[str, TargetProfile] = {}
        self._categories: set[str] = set()
        self._search = ""
        self._selected: TargetProfile | None = None
        self._pending_id: str | None = None
        self._loaded = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="target-profile-filters"):
            yield Button("Catégories (0) ▾", compact=True, id="category-toggle")
            yield Input(
                placeholder="Rechercher un parcours", compact=True, id="target-profile-search"
            )
        yield CheckList(id="category-filter")
        yield OptionList(id="target-profile-options")
        yield Static(LOADING, id="target-profile-status", markup=False)
        with Vertical(id="target-profile-card"):
            yield Static(id="target-profile-name")
            yield Static(id="target-profile-subjects")
            yield Static(id="target-profile-documentation")
            yield Button("Changer de parcours", compact=True, id="change-target-profile")

    def on_mount(self) -> None:
        self.query_one("#category-filter").display = False
        self.query_one("#target-profile-card").display = False
        self.query_one("#target-profile-options").display = False

    # -- public --------------------------------------------------------------------------

    @property
    def selected(self) -> TargetProfile | None:
        return self._selected

    @property
    def options(self) -> OptionList:
        return self.query_one("#target-profile-options", OptionList)

    def set_profiles(self, profiles: list[TargetProfile]) -> None:
        """The profiles the organisation may use (the server's answer)."""
        self._profiles = list(profiles)
        self._by_id = {profile.id: profile for profile in profiles}
        self._loaded = True
        present = sorted({p.category or "OTHER" for p in profiles}, key=_category_order)
        filter_list = self.query_one("#category-filter", SelectionList)
        filter_list.clear_options()
        filter_list.add_options(
            [(label_for(TARGET_PROFILE_CATEGORIES, category), category) for category in present]
        )
        pending, self._pending_id = self._pending_id, None
        if pending is not None and pending in self._by_id:
            self._choose(self._by_id[pending])
        else:
            self._refresh_options()

    def select(self, profile_id: str | None) -> None:
        """Choose a profile by id (a duplicated campaign's); kept until the list arrives."""
        if profile_id is None:
            return
        if not self._loaded:
            self._pending_id = profile_id
        elif profile_id in self._by_id:
            self._choose(self._by_id[profile_id])

    def focus_picker(self) -> None:
        """Focus what the user acts on: the list, or "Changer de parcours" once chosen."""
        if self._selected is not None:
            self.query_one("#change-target-profile").focus()
        else:
            self.query_one("#target-profile-search").focus()

    # -- filtering -----------------------------------------------------------------------

    @on(Button.Pressed, "#category-toggle")
    def _toggle_categories(self, event: Button.Pressed) -> None:
        event.stop()
        filter_list = self.query_one("#category-filter", SelectionList)
        filter_list.display = not filter_list.display
        if filter_list.display:
            filter_list.focus()

    @on(SelectionList.SelectedChanged, "#category-filter")
    def _categories_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self._categories = set(event.selection_list.selected)
        self.query_one("#category-toggle", Button).label = f"Catégories ({len(self._categories)}) ▾"
        self._refresh_options()

    @on(Input.Changed, "#target-profile-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search = event.value
        self._refresh_options()

    @on(Input.Submitted, "#target-profile-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.options
        if options.display and options.option_count:
            options.focus()

    def _refresh_options(self) -> None:
        options = self.options
        status = self.query_one("#target-profile-status", Static)
        if not self._loaded:
            return
        if self._selected is not None:
            options.display = False
            status.display = False
            return
        groups = group_profiles(self._profiles, categories=self._categories, search=self._search)
        options.clear_options()
        for category, profiles in groups:
            heading = label_for(TARGET_PROFILE_CATEGORIES, category).upper()
            options.add_option(Option(Text(heading, style="bold dim"), disabled=True))
            options.add_options(
                Option(Text("  ").append(one_line(profile.name) or "Sans nom"), id=profile.id)
                for profile in profiles
            )
        options.display = bool(groups)
        status.display = not groups
        status.update(NO_MATCH)
        if groups:
            # The first profile (index 0 is a heading, which cannot be highlighted).
            options.highlighted = 1

    # -- choosing ------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#target-profile-options")
    def _option_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        profile = self._by_id.get(event.option.id or "")
        if profile is not None:
            self._choose(profile)
            self.query_one("#change-target-profile").focus()

    def _choose(self, profile: TargetProfile) -> None:
        self._selected = profile
        self.query_one("#target-profile-name", Static).update(
            Text(one_line(profile.name) or "Sans nom")
        )
        self.query_one("#target-profile-subjects", Static).update(
            Text.assemble(("Sujets : ", "dim"), (str(profile.tube_count or 0), "bold"))
        )
        documentation = self.query_one("#target-profile-documentation", Static)
        url = one_line(profile.documentation_url)
        documentation.display = bool(url)
        if url:
            documentation.update(
                Text.assemble(
                    "Si vous souhaitez avoir plus d'informations, consultez la documentation "
                    "correspondante : ",
                    (url, Style(link=url, underline=True)),
                )
            )
        self.query_one("#target-profile-filters").display = False
        self.query_one("#category-filter").display = False
        self.query_one("#target-profile-card").display = True
        self._refresh_options()
        self.post_message(self.Changed(self, profile))

    @on(Button.Pressed, "#change-target-profile")
    def _change(self, event: Button.Pressed) -> None:
        event.stop()
        previous = self._selected
        self._selected = None
        self.query_one("#target-profile-card").display = False
        self.query_one("#target-profile-filters").display = True
        self._refresh_options()
        if previous is not None:
            # Filtered out by the search: the first one stays highlighted.
            with contextlib.suppress(OptionDoesNotExist):
                self.options.highlighted = self.options.get_option_index(previous.id)
        if self.options.display:
            self.options.focus()
        else:
            self.query_one("#target-profile-search").focus()
        self.post_message(self.Changed(self, None))
