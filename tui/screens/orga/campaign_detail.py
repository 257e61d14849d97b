"""A campaign in Pix Orga: name, code and counts, then its tabs (Paramètres for now).

Right after "Créer la campagne" the screen opens with the code drawn large, "Copier le code"
and the advice Pix gives: share the code, not the direct link. Paramètres lists the settings
and offers Modifier, Dupliquer, Archiver / Désarchiver; only the owner and the organisation's
administrators may modify or archive, and the others are told so next to the disabled
buttons (the server's 403 says the same thing the same way).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static, TabbedContent, TabPane

from tui import messages
from tui.labels import CAMPAIGN_TYPES, label_for, person_name
from tui.screens.orga.confirm_dialog import ConfirmDialog
from tui.screens.orga.follow.follow_wiring import FollowTabs
from tui.screens.orga.follow.participants_panel import ParticipantsPanel
from tui.screens.orga.follow.summary_panels import ActivityPanel, CollectiveResultsPanel
from tui.screens.orga.sub_screen import OrgaSubScreen
from tui.widgets.big_code import BigCode
from tui.widgets.safe_text import clean, one_line

if TYPE_CHECKING:
    from collections.abc import Iterable

    from api_client.models import Campaign, Prescriber

MANAGE_REFUSED = (
    "Seuls le propriétaire de la campagne et les administrateurs de l'organisation "
    "peuvent la modifier ou l'archiver."
)
ARCHIVED_BANNER = "Cette campagne est archivée."
SHARE_ADVICE = (
    "Communiquez ce code aux participants (cahier de textes, ENT, Pronote…) : ils le "
    "saisissent dans Pix, sous « J'ai un code ». Il est fortement déconseillé de partager le "
    "lien direct, pour éviter les erreurs de connexion ou d'accès à Pix."
)
COPIED = (
    "Le code {code} a été envoyé au presse-papiers de votre terminal. "
    "S'il ne le prend pas en charge, le code reste affiché à l'écran."
)
LOADING = "Chargement de la campagne…"
FOLLOW_UP = {
    "tab-activity": "L'activité des participants arrivera avec la suite du travail.",
    "tab-participants": "La liste des participants arrivera avec la suite du travail.",
    "tab-results": "Les résultats collectifs arriveront avec la suite du travail.",
}
SETTINGS_TAB = "tab-settings"

# Each row of Paramètres: id, label, and whether only an assessment campaign has it.
SETTING_ROWS: tuple[tuple[str, str, bool], ...] = (
    ("type", "Type de la campagne", False),
    ("multiple-sendings", "Envoi multiple", False),
    ("target-profile", "Parcours", True),
    ("direct-link", "Lien direct", False),
    ("external-id", "Identifiant externe", False),
    ("title", "Titre du parcours", True),
    ("landing-text", "Texte de la page d'accueil", False),
    ("owner", "Propriétaire", False),
)


def can_manage(campaign: Campaign, prescriber: Prescriber) -> bool:
    """Owner or administrator of the organisation (DOMAIN §6.3): may modify and archive."""
    membership = prescriber.current_membership
    if membership is not None and membership.is_admin:
        return True
    return campaign.owner_id is not None and str(campaign.owner_id) == str(prescriber.id)


def figures(campaign: Campaign) -> Text:
    """ "Code RENTRE123   Participants 20   Résultats reçus 14" (Profils reçus for a collection)."""
    received = "Profils reçus" if campaign.is_profiles_collection else "Résultats reçus"
    return Text.assemble(
        ("Code ", "dim"),
        (one_line(campaign.code), "bold"),
        "   ",
        ("Participants ", "dim"),
        (str(campaign.participations_count or 0), "bold"),
        "   ",
        (f"{received} ", "dim"),
        (str(campaign.shared_participations_count or 0), "bold"),
    )


def setting_values(campaign: Campaign) -> dict[str, Text]:
    """What Paramètres shows for each row (user text always plain)."""
    none = Text("—", style="dim")
    link = campaign.direct_link()
    profile = Text(one_line(campaign.target_profile_name) or "—")
    if campaign.target_profile_tubes_count:
        profile.append(f"  ·  Sujets : {campaign.target_profile_tubes_count}", style="dim")
    return {
        "type": Text(label_for(CAMPAIGN_TYPES, campaign.type)),
        "multiple-sendings": Text("Oui" if campaign.multiple_sendings else "Non"),
        "target-profile": profile,
        "direct-link": Text(link, style=Style(link=link, underline=True)),
        "external-id": Text(one_line(campaign.external_id_label)) or Text("Non", style="dim"),
        "title": Text(one_line(campaign.title)) or none,
        "landing-text": Text(clean(campaign.custom_landing_page_text).strip()) or none,
        "owner": Text(
            one_line(person_name(campaign.owner_first_name, campaign.owner_last_name)) or "—"
        ),
    }


class CampaignDetailScreen(FollowTabs, OrgaSubScreen):
    HELP = (
        "Une campagne : son code à communiquer aux participants, puis ses onglets Activité, "
        "Participants, Résultats et Paramètres (← → passent d'un onglet à l'autre). Seuls le "
        "propriétaire et les administrateurs de l'organisation peuvent la modifier ou "
        "l'archiver."
    )
    CSS_PATH = "campaign_detail.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        *FollowTabs.FOLLOW_BINDINGS,
        # The buttons carry their keys ("Modifier (m)"): at 80 columns the footer cannot.
        Binding("m", "modify", "Modifier", show=False, id="modify-campaign"),
        Binding("u", "duplicate", "Dupliquer", show=False, id="duplicate-campaign"),
        Binding("a", "archive", "Archiver", show=False, id="archive-campaign"),
        Binding("a", "unarchive", "Désarchiver", show=False, id="unarchive-campaign"),
        Binding("y", "copy_code", "Copier le code", id="copy-code"),
        Binding("f5", "reload", "Actualiser", show=False, id="reload-campaign"),
    ]

    def __init__(
        self,
        prescriber: Prescriber,
        campaign_id: str,
        *,
        campaign: Campaign | None = None,
        created: bool = False,
    ) -> None:
        super().__init__(prescriber)
        self.campaign_id = campaign_id
        self.campaign = campaign
        self.created = created
        # The server refused a change (403): the actions stay disabled, with the reason.
        self._refused = False
        self._focused_once = False

    # -- composition ---------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="detail-body"):
            yield Static(LOADING, id="detail-loading", classes="muted")
            yield Static(id="detail-error", classes="error-text", markup=False)
            yield Button("Réessayer", id="detail-retry")
            with Vertical(id="campaign-header"):
                yield Static(id="campaign-name")
                yield Static(id="campaign-figures")
            yield Static(ARCHIVED_BANNER, id="archived-banner", markup=False)
            with Vertical(id="created-panel"):
                yield Static("La campagne est créée !", id="created-title", markup=False)
                yield Static(
                    "Voici son code, à communiquer aux participants :",
                    classes="muted",
                    markup=False,
                )
                yield BigCode(id="created-code")
                with Horizontal(id="created-actions"):
                    yield Static(id="created-code-plain")
                    yield Button("Copier le code (y)", compact=True, id="copy-code")
                yield Static(id="created-link")
                yield Static(SHARE_ADVICE, id="created-advice", markup=False)
            with TabbedContent(initial=SETTINGS_TAB, id="campaign-tabs"):
                with TabPane("Activité", id="tab-activity"):
                    yield ActivityPanel(id="follow-activity")
                with TabPane("Participants", id="tab-participants"):
                    yield ParticipantsPanel(id="follow-participants")
                with TabPane("Résultats collectifs", id="tab-results"):
                    yield CollectiveResultsPanel(id="follow-results")
                with TabPane("Paramètres", id=SETTINGS_TAB):
                    for row_id, label, _ in SETTING_ROWS:
                        with Horizontal(id=f"setting-{row_id}", classes="setting"):
                            yield Static(label, classes="setting-label", markup=False)
                            yield Static(id=f"value-{row_id}", classes="setting-value")
                    with Horizontal(id="settings-actions"):
                        yield Button("Modifier (m)", id="modify-campaign")
                        yield Button("Dupliquer (u)", id="duplicate-campaign")
                        yield Button("Archiver (a)", id="archive-campaign")
                    yield Static(MANAGE_REFUSED, id="manage-reason", markup=False)
                    yield Static(id="action-error", classes="error-text", markup=False)

    def on_mount(self) -> None:
        # Textual runs every class's on_mount (this one first): no super() call.
        for selector in ("#detail-error", "#detail-retry", "#action-error"):
            self.query_one(selector).display = False
        if self.campaign is not None:
            self._show(self.campaign)
        else:
            self._show_parts(False)
        # The list item lacks the settings, and counts move: always ask for the campaign.
        self._load(self.campaign_id)

    # -- loading -------------------------------------------------------------------------

    @work(exclusive=True, exit_on_error=False, group="campaign-detail")
    async def _load(self, campaign_id: str) -> None:
        from tui.errors import campaign_failure

        try:
            client = await self.pix_app.wait_for_client()
            campaign = await client.campaigns.get(campaign_id)
        except Exception as error:
            self.post_message(campaign_failure(error))
        else:
            self.post_message(messages.CampaignLoaded(campaign))

    @on(messages.CampaignLoaded)
    def _loaded(self, message: messages.CampaignLoaded) -> None:
        message.stop()
        before = self.campaign
        self._show(message.campaign)
        if before is not None and bool(before.is_archived) != bool(message.campaign.is_archived):
            archived = bool(message.campaign.is_archived)
            self.notify(
                "La campagne a été archivée."
                if archived
                else "La campagne a été désarchivée : elle est de nouveau active.",
                title="Archiver" if archived else "Désarchiver",
            )

    @on(messages.CampaignActionFailed)
    def _failed(self, message: messages.CampaignActionFailed) -> None:
        message.stop()
        if message.forbidden:
            self._refused = True
        if self.campaign is None:
            # Nothing to show yet: the failure takes the screen, with "Réessayer".
            self.query_one("#detail-loading").display = False
            error = self.query_one("#detail-error", Static)
            error.update(message.error)
            error.display = True
            retry = self.query_one("#detail-retry", Button)
            retry.display = True
            retry.focus()
            return
        error = self.query_one("#action-error", Static)
        error.update("" if message.forbidden else message.error)
        error.display = not message.forbidden
        self._show_permissions(self.campaign)

    @on(Button.Pressed, "#detail-retry")
    def action_reload(self) -> None:
        self.query_one("#detail-error").display = False
        self.query_one("#detail-retry").display = False
        if self.campaign is None:
            self.query_one("#detail-loading").display = True
        self._load(self.campaign_id)

    # -- showing -------------------------------------------------------------------------

    def _show_parts(self, shown: bool) -> None:
        for selector in ("#campaign-header", "#campaign-tabs"):
            self.query_one(selector).display = shown
        self.query_one("#detail-loading").display = not shown
        if not shown:
            self.query_one("#archived-banner").display = False
            self.query_one("#created-panel").display = False

    def _show(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self._show_parts(True)
        self.query_one("#campaign-name", Static).update(Text(one_line(campaign.name) or "Sans nom"))
        self.query_one("#campaign-figures", Static).update(figures(campaign))
        self.query_one("#archived-banner").display = bool(campaign.is_archived)
        self._show_created_panel(campaign)
        participants = self.query_one(TabbedContent).get_tab("tab-participants")
        participants.label = Text(f"Participants ({campaign.participations_count or 0})")
        values = setting_values(campaign)
        for row_id, _, assessment_only in SETTING_ROWS:
            self.query_one(f"#setting-{row_id}").display = (
                campaign.is_assessment or not assessment_only
            )
            self.query_one(f"#value-{row_id}", Static).update(values[row_id])
        self.query_one("#archive-campaign", Button).label = (
            "Désarchiver (a)" if campaign.is_archived else "Archiver (a)"
        )
        self._show_permissions(campaign)
        self.show_follow(campaign)
        if not self._focused_once:
            self._focused_once = True
            # Just created: the focus stays up on the code (focusing lower would scroll it away).
            if self.created:
                first = "#copy-code"
            else:
                first = "#modify-campaign" if self.manageable else "#duplicate-campaign"
            self.query_one(first, Button).focus()
        self.refresh_bindings()

    def _show_created_panel(self, campaign: Campaign) -> None:
        panel = self.query_one("#created-panel")
        panel.display = self.created
        if not self.created:
            return
        code = one_line(campaign.code)
        self.query_one(BigCode).show(code)
        self.query_one("#created-code-plain", Static).update(
            Text.assemble(("Code : ", "dim"), (code, "bold"))
        )
        link = campaign.direct_link()
        self.query_one("#created-link", Static).update(
            Text.assemble(("Lien direct : ", "dim"), (link, Style(link=link)))
        )

    @property
    def manageable(self) -> bool:
        """Whether Modifier and Archiver are offered to this teacher."""
        if self.campaign is None or self._refused:
            return False
        return can_manage(self.campaign, self.prescriber)

    def _show_permissions(self, campaign: Campaign) -> None:
        allowed = self.manageable
        for selector in ("#modify-campaign", "#archive-campaign"):
            self.query_one(selector, Button).disabled = not allowed
        self.query_one("#manage-reason").display = not allowed
        self.refresh_bindings()

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed:
            return allowed
        campaign = self.campaign
        if action in ("modify", "archive", "unarchive", "duplicate", "copy_code"):
            if campaign is None:
                return False
            if action == "archive" and campaign.is_archived:
                return False
            if action == "unarchive" and not campaign.is_archived:
                return False
            if action in ("modify", "archive", "unarchive") and not self.manageable:
                return None  # shown, dimmed: the reason is on screen
        return True

    @on(Button.Pressed, "#copy-code")
    def action_copy_code(self) -> None:
        if self.campaign is None or not self.campaign.code:
            return
        code = one_line(self.campaign.code)
        self.app.copy_to_clipboard(code)
        self.notify(COPIED.format(code=code), title="Copier le code")

    @on(Button.Pressed, "#modify-campaign")
    def action_modify(self) -> None:
        campaign = self.campaign
        if campaign is None or not self.manageable:
            return
        from tui.screens.orga.campaign_edit import CampaignEditScreen

        screen = CampaignEditScreen(self.prescriber, campaign)

        def edited(_: None) -> None:
            if screen.saved is not None:
                self._show(screen.saved)
                self.notify("Les modifications ont été enregistrées.", title="Modifier")
            elif screen.refused_by_server:
                self._refused = True
                self._show_permissions(campaign)

        self.app.push_screen(screen, edited)

    @on(Button.Pressed, "#duplicate-campaign")
    def action_duplicate(self) -> None:
        campaign = self.campaign
        organization = self.organization
        if campaign is None or organization is None:
            return
        from api_client.models import CampaignDraft
        from tui.screens.orga.campaign_creation import CampaignCreationScreen

        draft = CampaignDraft.from_campaign(
            campaign, organization_id=organization.id, owner_id=self.user_id
        )
        self.app.push_screen(CampaignCreationScreen(self.prescriber, draft=draft))

    @on(Button.Pressed, "#archive-campaign")
    def _archive_pressed(self) -> None:
        if self.campaign is not None and self.campaign.is_archived:
            self.action_unarchive()
        else:
            self.action_archive()

    def action_archive(self) -> None:
        self._confirm_archive(archive=True)

    def action_unarchive(self) -> None:
        self._confirm_archive(archive=False)

    def _confirm_archive(self, *, archive: bool) -> None:
        campaign = self.campaign
        if campaign is None or not self.manageable:
            return
        name = one_line(campaign.name) or "Sans nom"
        verb = "Archiver" if archive else "Désarchiver"
        title = Text.assemble(f"{verb} la campagne « ", (name, "bold"), " » ?")
        text = (
            "Les participants ne pourront plus la rejoindre ni envoyer leurs résultats. "
            "Vous pourrez la désarchiver plus tard."
            if archive
            else "Les participants pourront de nouveau la rejoindre avec son code."
        )

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.query_one("#action-error").display = False
                self._set_archived(campaign.id, archive)

        self.app.push_screen(ConfirmDialog(title, text, verb, dialog_id="archive-dialog"), answered)

    @work(exclusive=True, exit_on_error=False, group="campaign-archive")
    async def _set_archived(self, campaign_id: str, archive: bool) -> None:
        from tui.errors import campaign_failure

        try:
            client = await self.pix_app.wait_for_client()
            if archive:
                campaign = await client.campaigns.archive(campaign_id)
            else:
                campaign = await client.campaigns.unarchive(campaign_id)
        except Exception as error:
            self.post_message(campaign_failure(error))
        else:
            self.post_message(messages.CampaignLoaded(campaign))

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.campaign is None:
            return
        yield SystemCommand(
            "Copier le code", "Envoyer le code au presse-papiers", self.action_copy_code
        )
        yield SystemCommand(
            "Dupliquer", "Créer une campagne aux mêmes paramètres", self.action_duplicate
        )
        if self.manageable:
            yield SystemCommand(
                "Modifier", "Nom, titre, texte d'accueil, propriétaire", self.action_modify
            )
