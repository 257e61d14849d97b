"""The answer part of a question, one widget per kind, all read the same way.

- QCU: a `RadioSet`, one button per option (arrows to move, Espace or Entrée to choose).
- QCM: a `SelectionList` of check boxes (Espace ticks).
- QROC / QROCM: the proposals text laid out line by line, each `${key}` an `Input` (or a
  `Select` for a choice field, a `TextArea` for a QROC in "paragraphe" format), with the
  words around it as labels. Entrée in a field goes to the next one; in the last field it
  asks to validate.

Every kind answers `value()` (what `POST /api/answers` sends, built with
`api_client.proposals`) and `missing()` (why it cannot be sent yet, in Pix's words). The
option texts and labels come from the content: they are shown literally.
"""

from __future__ import annotations

import random
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Select, Static, TextArea
from textual.widgets._toggle_button import ToggleButton

from api_client.models.app import QCM, QCU, QROC, Challenge
from api_client.proposals import (
    InputBlock,
    TextBlock,
    answer_value_qcm,
    answer_value_qcu,
    answer_value_qrocm,
)
from tui.widgets.safe_text import clean, plain

QCU_MISSING = "Pour valider, sélectionner une réponse. Sinon, passer."
QCM_MISSING = "Pour valider, sélectionner au moins une réponse. Sinon, passer."
QROC_MISSING = "Pour valider, veuillez remplir le champ texte. Sinon, passer."
QROC_NUMBER_MISSING = "Pour valider, veuillez saisir un nombre. Sinon, passer."
QROCM_MISSING = "Pour valider, veuillez remplir tous les champs réponse. Sinon, passer."

NUMBER_FORMAT = "nombre"
PARAGRAPH_FORMAT = "paragraphe"
SENTENCE_FORMAT = "phrase"
# What a number field lets through: Pix accepts "3,5", "3.5" and "1 000".
_NUMBER_CHARACTERS = r"[-+0-9 ,.]*"


class AnswerFields(Vertical):
    """Base of the answer widgets: `value()`, `missing()`, `focus_first()`."""

    DEFAULT_CSS = """
    AnswerFields {
        height: auto;
    }
    """

    class Submitted(Message):
        """Entrée in the last field: the student asks to validate."""

    def __init__(self, challenge: Challenge, *, shuffle_seed: str | None = None) -> None:
        super().__init__(classes="answer-fields")
        self.challenge = challenge
        self._shuffle_seed = shuffle_seed

    def value(self) -> str:
        """The answer value to send (call only when `missing()` is None)."""
        raise NotImplementedError

    def missing(self) -> str | None:
        """Why the answer cannot be sent yet, or None when it can."""
        raise NotImplementedError

    def nothing_given(self) -> bool:
        """Whether the student has given nothing at all yet (a timeout then sends "")."""
        return self.missing() is not None

    def focus_first(self) -> None:
        """Put the cursor where the student answers."""
        focusable = self.query("Input, TextArea, Select, RadioSet, Checkbox")
        if focusable:
            focusable.first().focus()

    def focus_missing(self) -> None:
        """Put the cursor where something is still missing."""
        self.focus_first()

    def _display_order(self, count: int) -> list[int]:
        """Option positions in the order shown: Pix shuffles some challenges, always the
        same way for one test (seeded by the assessment), so a resumed question looks the
        same; the value sent is still the original position."""
        order = list(range(count))
        if self.challenge.shuffled and self._shuffle_seed is not None:
            random.Random(f"{self._shuffle_seed}:{self.challenge.id}").shuffle(order)
        return order


class _MarkedToggle(ToggleButton):
    """A toggle whose state shows in its shape, and whose long label wraps under itself.

    Mixed in *after* RadioButton/Checkbox: Textual's CSS type names follow the first base,
    and `RadioSet` finds its buttons by type.

    Textual draws the same inner character whatever the state (only the colour changes)
    and cuts a long label at one line; options of a question can be three lines long.
    """

    MARK: ClassVar[str] = "X"
    _GUTTER = 4  # "▐X▌" and a space

    @property
    def _button(self) -> Content:
        # The parent draws BUTTON_INNER whatever the state: give it the state's mark.
        self.BUTTON_INNER = self.MARK if self.value else " "
        return super()._button

    def _label_lines(self, width: int) -> list[Content]:
        return self._label.wrap(max(width - self._GUTTER - 1, 8)) or [Content("")]

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        style = self.get_visual_style("toggle--label")
        lines = self._label_lines(width)
        label = Content("\n" + " " * self._GUTTER).join(
            line.pad(0, 1).stylize_before(style) for line in lines
        )
        return Content.assemble(self._button, " ", label)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._label_lines(width))


class MarkedRadioButton(RadioButton, _MarkedToggle):
    """A radio button: "▐●▌" chosen, "▐ ▌" not."""

    MARK = "●"


class MarkedCheckbox(Checkbox, _MarkedToggle):
    """A check box: "▐X▌" ticked, "▐ ▌" not."""

    MARK = "X"


class ChoiceRadioSet(RadioSet):
    """A `RadioSet` where Entrée on the option already chosen asks to validate."""

    DEFAULT_CSS = """
    ChoiceRadioSet > MarkedRadioButton {
        width: 1fr;
        height: auto;
        border: none;
        padding: 0;
        background: transparent;
        text-wrap: wrap;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose_or_submit", "Choisir", show=False),
    ]

    def action_choose_or_submit(self) -> None:
        selected = self._selected
        buttons = list(self.query(RadioButton))
        if selected is not None and 0 <= selected < len(buttons) and buttons[selected].value:
            self.post_message(AnswerFields.Submitted())
        else:
            self.action_toggle_button()


class SingleChoiceFields(AnswerFields):
    """QCU: one option among several (↑/↓ to move, Espace or Entrée to choose)."""

    def compose(self) -> ComposeResult:
        options = self.challenge.options
        with ChoiceRadioSet(id="qcu-options"):
            for position in self._display_order(len(options)):
                yield MarkedRadioButton(plain(options[position]), id=f"option-{position + 1}")

    def _chosen(self) -> int | None:
        pressed = self.query_one(RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return None
        return int(pressed.id.removeprefix("option-")) - 1

    def value(self) -> str:
        chosen = self._chosen()
        if chosen is None:
            raise ValueError(QCU_MISSING)
        return answer_value_qcu(chosen)

    def missing(self) -> str | None:
        return QCU_MISSING if self._chosen() is None else None

    def choose(self, option_index: int) -> None:
        """Press the option at `option_index` (0-based, original order)."""
        self.query_one(f"#option-{option_index + 1}", RadioButton).value = True


class CheckboxGroup(Vertical, can_focus=False):
    """The check boxes of a QCM; ↑/↓ move between them, Espace ticks."""

    DEFAULT_CSS = """
    CheckboxGroup {
        height: auto;
        border: tall $border-blurred;
        background: $surface;
        padding: 0 1;
    }
    CheckboxGroup:focus-within {
        border: tall $border;
    }
    CheckboxGroup > MarkedCheckbox {
        width: 1fr;
        height: auto;
        border: none;
        padding: 0;
        background: transparent;
        text-wrap: wrap;
    }
    CheckboxGroup > MarkedCheckbox:focus {
        border: none;
        background-tint: $foreground 0%;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Suivante", show=False),
        Binding("up", "move(-1)", "Précédente", show=False),
    ]

    def action_move(self, step: int) -> None:
        boxes = list(self.query(Checkbox))
        focused = self.screen.focused
        if focused in boxes:
            boxes[(boxes.index(focused) + step) % len(boxes)].focus()


class MultipleChoiceFields(AnswerFields):
    """QCM: every right option ticked, and only those."""

    def compose(self) -> ComposeResult:
        options = self.challenge.options
        with CheckboxGroup(id="qcm-options"):
            for position in self._display_order(len(options)):
                yield MarkedCheckbox(plain(options[position]), id=f"option-{position + 1}")

    def _ticked(self) -> list[int]:
        return [
            int(box.id.removeprefix("option-")) - 1
            for box in self.query(Checkbox)
            if box.value and box.id is not None
        ]

    def value(self) -> str:
        return answer_value_qcm(self._ticked())

    def missing(self) -> str | None:
        return None if self._ticked() else QCM_MISSING

    def tick(self, option_indices: list[int]) -> None:
        """Tick exactly these options (0-based, original order)."""
        for box in self.query(Checkbox):
            if box.id is not None:
                box.value = int(box.id.removeprefix("option-")) - 1 in option_indices


class FreeTextFields(AnswerFields):
    """QROC and QROCM: the proposals text with its fields, line by line."""

    DEFAULT_CSS = """
    FreeTextFields .proposal-line {
        height: auto;
        margin-bottom: 1;
    }
    FreeTextFields .proposal-text {
        width: auto;
        max-width: 60%;
        padding: 0 1 0 0;
    }
    FreeTextFields .proposal-after {
        padding: 0 0 0 1;
    }
    /* One line per field, marked by a bar on its left: visible without colour too. */
    FreeTextFields Input {
        width: 1fr;
        min-width: 12;
        max-width: 40;
        height: 1;
        border: none;
        border-left: tall $primary 60%;
        padding: 0 1;
    }
    FreeTextFields Input:focus {
        border: none;
        border-left: tall $accent;
    }
    FreeTextFields Input.-sentence {
        max-width: 100%;
    }
    FreeTextFields Input.-number {
        max-width: 16;
    }
    FreeTextFields Select {
        width: 1fr;
        min-width: 16;
        max-width: 40;
    }
    FreeTextFields TextArea {
        height: 6;
        width: 1fr;
    }
    """

    FIELD_SELECTOR: ClassVar[str] = "Input, Select, TextArea"

    def compose(self) -> ComposeResult:
        self._fields: dict[str, Widget] = {}
        for line in _lines(self.challenge):
            if not any(isinstance(block, InputBlock) for block in line):
                text = "".join(block.text for block in line if isinstance(block, TextBlock))
                if text.strip():
                    yield Static(plain(text.strip()), classes="proposal-line proposal-text")
                continue
            with Horizontal(classes="proposal-line"):
                seen_field = False
                for block in line:
                    if isinstance(block, TextBlock):
                        if block.text.strip():
                            classes = "proposal-text" + (" proposal-after" if seen_field else "")
                            yield Static(plain(block.text.strip()), classes=classes)
                    else:
                        seen_field = True
                        yield self._field(block)

    def _field(self, block: InputBlock) -> Widget:
        widget = self._new_field(block, f"field-{len(self._fields) + 1}")
        self._fields[block.key] = widget
        return widget

    def _new_field(self, block: InputBlock, field_id: str) -> Widget:
        if block.is_select:
            return Select[str](
                [(clean(option), option) for option in block.options],
                prompt=clean(block.placeholder) or "Choisir…",
                id=field_id,
                compact=True,
            )
        answer_format = self.challenge.format
        if self.challenge.type == QROC and answer_format == PARAGRAPH_FORMAT:
            return TextArea(id=field_id, soft_wrap=True, show_line_numbers=False)
        field = Input(
            placeholder=clean(block.placeholder),
            id=field_id,
            # Coming back to a field must not select (and so replace) what was typed.
            select_on_focus=False,
            restrict=_NUMBER_CHARACTERS if answer_format == NUMBER_FORMAT else None,
        )
        if answer_format == NUMBER_FORMAT:
            field.add_class("-number")
        elif answer_format == SENTENCE_FORMAT:
            field.add_class("-sentence")
        return field

    def texts(self) -> dict[str, str]:
        """What is typed (or chosen) in each field, by key, in reading order."""
        values: dict[str, str] = {}
        for key, widget in self._fields.items():
            if isinstance(widget, Select):
                values[key] = "" if widget.is_blank() else str(widget.value)
            elif isinstance(widget, TextArea):
                values[key] = widget.text
            elif isinstance(widget, Input):
                values[key] = widget.value
        return values

    def fill(self, values: dict[str, str]) -> None:
        """Type these texts into the fields (by key)."""
        for key, text in values.items():
            widget = self._fields[key]
            if isinstance(widget, Select):
                widget.value = text
            elif isinstance(widget, TextArea):
                widget.text = text
            elif isinstance(widget, Input):
                widget.value = text

    def value(self) -> str:
        texts = self.texts()
        if self.challenge.type == QROC:
            return next(iter(texts.values()), "")
        return answer_value_qrocm(texts)

    def missing(self) -> str | None:
        texts = self.texts()
        if all(text.strip() for text in texts.values()) and texts:
            return None
        if self.challenge.type != QROC:
            return QROCM_MISSING
        return QROC_NUMBER_MISSING if self.challenge.format == NUMBER_FORMAT else QROC_MISSING

    def nothing_given(self) -> bool:
        return not any(text.strip() for text in self.texts().values())

    def focus_missing(self) -> None:
        texts = self.texts()
        empty = [key for key, text in texts.items() if not text.strip()]
        if empty:
            self._fields[empty[0]].focus()
        else:
            self.focus_first()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        fields = list(self.query(self.FIELD_SELECTOR))
        position = fields.index(event.input) if event.input in fields else len(fields) - 1
        if position + 1 < len(fields):
            fields[position + 1].focus()
        else:
            self.post_message(self.Submitted())


def answer_fields_for(challenge: Challenge, *, shuffle_seed: str | None = None) -> AnswerFields:
    """The answer widget for this kind of question."""
    if challenge.type == QCU:
        return SingleChoiceFields(challenge, shuffle_seed=shuffle_seed)
    if challenge.type == QCM:
        return MultipleChoiceFields(challenge, shuffle_seed=shuffle_seed)
    return FreeTextFields(challenge, shuffle_seed=shuffle_seed)


def _lines(challenge: Challenge) -> list[list[TextBlock | InputBlock]]:
    """The blocks cut at line breaks: each line of the proposals is one row on screen."""
    lines: list[list[TextBlock | InputBlock]] = [[]]
    for block in challenge.blocks:
        if isinstance(block, InputBlock):
            lines[-1].append(block)
            continue
        parts = block.text.split("\n")
        for index, part in enumerate(parts):
            if index:
                lines.append([])
            if part:
                lines[-1].append(TextBlock(part))
    return [line for line in lines if line]
