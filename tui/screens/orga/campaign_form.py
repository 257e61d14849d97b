"""What the two campaign forms share ("Création d'une campagne", "Modifier la campagne").

A scrolling form, errors under the field concerned (checked here first, then the server's
422 mapped by `tui.errors.field_errors`), the focus taken to the first error, and nothing
typed ever cleared by a failure: a network error keeps the form as it is and offers
"Réessayer". Échap asks before throwing away what was typed.

Subclasses compose their fields (`compose_fields`), fill them when the organisation's
members (and target profiles) arrive (`fill`), check them (`check`) and save (`save`, a
worker posting `CampaignSaved` or a failure).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TextArea

from tui import messages
from tui.errors import CAMPAIGN_FIELD_ERRORS
from tui.screens.orga.confirm_dialog import ConfirmDialog
from tui.screens.orga.sub_screen import OrgaSubScreen
from tui.widgets.safe_text import clean, one_line

if TYPE_CHECKING:
    from api_client.models import MemberIdentity, Prescriber, TargetProfile

MAX_LANDING_TEXT = 5000
OWNER_HELP = (
    "Le propriétaire de la campagne ainsi que les administrateurs de cette organisation, "
    "sont les seules personnes qui peuvent modifier ou archiver cette campagne."
)
SHOWN_TO_PARTICIPANTS = "Ce champ sera affiché aux participants de la campagne."
REQUIRED_NOTE = "* indique un champ obligatoire"
FIX_FIELDS = "Corrigez les champs signalés, puis validez de nouveau."


def field_text(value: str | None) -> str:
    """A stored value made fit for a one-line field: Textual's `Input` and `TextArea` draw
    an ESC as it is, so control characters are dropped before a value is put in them."""
    return clean(value).replace("\n", " ").replace("\t", " ")


def area_text(value: str | None) -> str:
    """Like `field_text`, for the multi-line landing text (line breaks kept)."""
    return clean(value)


def field_label(text: str, *, required: bool = False) -> Static:
    # A Static wraps a long question at 80 columns (a Label is one line, cut).
    return Static(f"{text} *" if required else text, classes="field-label", markup=False)


class FieldError(Static):
    """The message under a field; hidden when there is none."""

    DEFAULT_CSS = """
    FieldError {
        color: $error;
        text-style: bold;
        padding: 0 1;
        display: none;
    }
    FieldError.-shown {
        display: block;
    }
    """

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, markup=False)

    def show(self, message: str | None) -> None:
        self.update(message or "")
        self.set_class(bool(message), "-shown")


class LandingTextField(Vertical):
    """ "Texte de la page d'accueil": a text area and its live "n / 5000" counter."""

    DEFAULT_CSS = """
    LandingTextField {
        height: auto;
    }
    LandingTextField TextArea {
        height: 6;
    }
    LandingTextField.-tall TextArea {
        height: 8;
    }
    LandingTextField #landing-text-counter {
        width: 100%;
        text-align: right;
        color: $text-muted;
        padding: 0 1;
    }
    LandingTextField #landing-text-counter.-over {
        color: $error;
        text-style: bold;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = text

    def compose(self) -> ComposeResult:
        yield field_label("Texte de la page d'accueil")
        yield Static(SHOWN_TO_PARTICIPANTS, classes="field-help", markup=False)
        yield TextArea(area_text(self._initial), soft_wrap=True, id="landing-text")
        yield Static(id="landing-text-counter", markup=False)
        yield FieldError(id="error-custom-landing-page-text")

    def on_mount(self) -> None:
        self._count()

    @property
    def text(self) -> str:
        return self.query_one("#landing-text", TextArea).text

    @on(TextArea.Changed, "#landing-text")
    def _count(self) -> None:
        length = len(self.text)
        counter = self.query_one("#landing-text-counter", Static)
        counter.update(f"{length} / {MAX_LANDING_TEXT}")
        counter.set_class(length > MAX_LANDING_TEXT, "-over")


def owner_options(members: list[MemberIdentity], user_id: str) -> list[tuple[Text, str]]:
    """The owner picker's choices, by name, the user first ("Claire Moreau (vous)")."""

    def key(member: MemberIdentity) -> tuple[bool, str, str]:
        return (member.id != user_id, (member.last_name or "").casefold(), member.display_name)

    options = []
    for member in sorted(members, key=key):
        label = Text(one_line(member.display_name) or f"Membre {member.id}")
        if member.id == user_id:
            label.append(" (vous)", style="dim")
        options.append((label, member.id))
    return options


class CampaignFormScreen(OrgaSubScreen):
    """Base of the campaign forms; see the module docstring."""

    CSS_PATH = "campaign_form.tcss"
    TITLE_TEXT: ClassVar[str] = ""
    SUBMIT_LABEL: ClassVar[str] = ""
    NEEDS_TARGET_PROFILES: ClassVar[bool] = False
    # API field (as in `ValidationError.field_errors`) → the widget to focus, in form order.
    FIELDS: ClassVar[dict[str, str]] = {}
    # Fields whose errors show under another field's slot.
    ERROR_SLOTS: ClassVar[dict[str, str]] = {}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f10", "submit", "Valider", id="submit-form"),
    ]

    def __init__(self, prescriber: Prescriber) -> None:
        super().__init__(prescriber)
        self._saving = False
        self._ready = False
        self._form_loaded = False
        self._snapshot: tuple[object, ...] | None = None

    # -- composition ---------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="form-body"), Vertical(id="form"):
            yield Static(self.TITLE_TEXT, id="form-title", markup=False)
            yield Static(REQUIRED_NOTE, id="form-note", markup=False)
            yield from self.compose_fields()
            yield Static(id="form-error", classes="error-text", markup=False)
            with Horizontal(id="form-actions"):
                yield Button("Annuler", id="form-cancel")
                yield Button("Réessayer", id="form-retry")
                yield Button(self.SUBMIT_LABEL, variant="primary", id="form-submit")

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # Textual runs every class's on_mount (this one first): no super() call.
        self.query_one("#form-error").display = False
        self.query_one("#form-retry").display = False
        self._snapshot = self.values()
        self._load_form_data()

    # -- the organisation's members and target profiles ---------------------------------

    @work(exclusive=True, exit_on_error=False, group="campaign-form-data")
    async def _load_form_data(self) -> None:
        from tui.errors import campaign_failure

        organization = self.organization
        try:
            client = await self.pix_app.wait_for_client()
            if organization is None:
                raise RuntimeError("no current organisation")
            members = await client.orga.member_identities(organization.id)
            profiles = (
                await client.campaigns.target_profiles(organization.id)
                if self.NEEDS_TARGET_PROFILES
                else []
            )
        except Exception as error:
            self.post_message(campaign_failure(error))
        else:
            self.post_message(messages.CampaignFormReady(members, profiles))

    @on(messages.CampaignFormReady)
    def _form_ready(self, message: messages.CampaignFormReady) -> None:
        message.stop()
        self._form_loaded = True
        self.fill(message.members, message.target_profiles)
        self._show_form_error(None)
        # What the form holds once filled is the baseline for "anything typed?".
        self.call_after_refresh(self._take_snapshot)

    def _take_snapshot(self) -> None:
        self._snapshot = self.values()

    def fill(self, members: list[MemberIdentity], target_profiles: list[TargetProfile]) -> None:
        """Put the server's choices in the form (owners, target profiles)."""

    def fill_owner(self, members: list[MemberIdentity], owner_id: str | None) -> None:
        select: Select[str] = self.query_one("#campaign-owner", Select)
        select.set_options(owner_options(members, self.user_id))
        ids = {member.id for member in members}
        wanted = owner_id if owner_id in ids else self.user_id
        if wanted in ids:
            select.value = wanted

    # -- submitting ----------------------------------------------------------------------

    def values(self) -> tuple[object, ...]:
        """Everything the user can type or choose, to tell whether anything changed."""
        return ()

    def check(self) -> dict[str, str]:
        """Client-side checks: a French message per API field that is wrong."""
        return {}

    def save(self) -> None:
        """Start the worker sending the form."""

    @on(Button.Pressed, "#form-submit")
    @on(Button.Pressed, "#form-retry")
    def action_submit(self) -> None:
        if self._saving:
            return
        problems = self.check()
        self.show_field_errors(problems)
        if problems:
            self._show_form_error(FIX_FIELDS)
            self._focus_first(problems)
            return
        self._show_form_error(None)
        self._saving = True
        self.query_one("#form-submit", Button).disabled = True
        self.query_one("#form-retry", Button).disabled = True
        self.query_one("#form-submit", Button).label = "Enregistrement…"
        self.save()

    def _done_saving(self) -> None:
        self._saving = False
        submit = self.query_one("#form-submit", Button)
        submit.disabled = False
        submit.label = self.SUBMIT_LABEL
        self.query_one("#form-retry", Button).disabled = False

    @on(messages.CampaignSaved)
    def _saved(self, message: messages.CampaignSaved) -> None:
        message.stop()
        self._done_saving()
        self.saved_campaign(message)

    def saved_campaign(self, message: messages.CampaignSaved) -> None:
        """What happens once the server accepted the form."""

    @on(messages.CampaignActionFailed)
    def _failed(self, message: messages.CampaignActionFailed) -> None:
        message.stop()
        saving = self._saving
        self._done_saving()
        if not saving and not self._form_loaded:
            # The members or target profiles could not be loaded.
            self._show_form_error(message.error, retry=True)
            return
        self.refused(message)
        slots = self._slotted(message.fields)
        self.show_field_errors(slots)
        unknown = [field for field in slots if field not in self.FIELDS]
        text = message.error
        if slots and not unknown:
            text = FIX_FIELDS
        elif unknown:
            text = " ".join(slots[field] for field in unknown)
        self._show_form_error(text, retry=message.unreachable)
        if slots:
            self._focus_first(slots)
        elif message.unreachable:
            self.query_one("#form-retry", Button).focus()

    def refused(self, message: messages.CampaignActionFailed) -> None:
        """A hook for a refusal (403) the subclass words its own way."""

    def _slotted(self, fields: dict[str, str]) -> dict[str, str]:
        result: dict[str, str] = {}
        for field, text in fields.items():
            slot = self.ERROR_SLOTS.get(field, field)
            result.setdefault(slot, text)
        return result

    def show_field_errors(self, problems: dict[str, str]) -> None:
        for field, selector in self.FIELDS.items():
            text = problems.get(field)
            for slot in self.query(f"#error-{field}").results(FieldError):
                slot.show(text)
            for widget in self.query(selector):
                widget.set_class(text is not None, "-invalid")

    def _focus_first(self, problems: dict[str, str]) -> None:
        for field, selector in self.FIELDS.items():
            if field in problems:
                self.focus_field(field, selector)
                return

    def focus_field(self, field: str, selector: str) -> None:
        widget = self.query_one(selector)
        widget.focus()
        self.call_after_refresh(self._scroll_to_error, field, widget)

    def _scroll_to_error(self, field: str, widget: Widget) -> None:
        # The label above and the message below should be in view too, not only the field.
        body = self.query_one("#form-body", VerticalScroll)
        errors = list(self.query(f"#error-{field}"))
        body.scroll_to_widget(errors[0] if errors else widget, animate=False)
        body.scroll_to_widget(widget, animate=False, top=False)

    def _show_form_error(self, text: str | None, *, retry: bool = False) -> None:
        error = self.query_one("#form-error", Static)
        error.update(text or "")
        error.display = bool(text)
        self.query_one("#form-retry").display = retry

    # -- leaving -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A stray letter outside a field must not log out or leave with the form unsaved;
        # both stay in the command palette.
        if action in ("logout", "switch_space"):
            return False
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#form-cancel")
    def action_back(self) -> None:
        if self._snapshot is None or self.values() == self._snapshot:
            self.dismiss(None)
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                Text("Abandonner ce formulaire ?"),
                "Ce que vous avez saisi sera perdu.",
                "Abandonner",
                dialog_id="abandon-dialog",
            ),
            answered,
        )

    # -- Entrée moves on ------------------------------------------------------------------

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        # In a long form, Entrée goes to the next field; F10 or the button sends it.
        event.stop()
        self.focus_next()


def required_message(key: str) -> str:
    """The French message of a Pix validation key, for the checks made here first."""
    return CAMPAIGN_FIELD_ERRORS[key]
