"""Reading a challenge's `proposals` and writing the answer `value` Pix expects (DOMAIN §1.4).

Pure functions, no I/O. The split rules are those of the Pix App (`proposals-as-array.js`,
`proposals-as-blocks.js` and its `proposals-parser/` blocks), so the terminal shows the same
options and fields as the web app and sends the same values.

QCU / QCM: `options_of(proposals)` lists the option texts; the wire value is the **1-based**
position of an option in that original order (even when the challenge is `shuffled` for
display). `answer_value_qcu(0)` is `"1"`; `answer_value_qcm([2, 0])` is `"1,3"`.

QROC / QROCM: `blocks_of(proposals)` cuts the text into `TextBlock`s and `InputBlock`s
(`${key}`, `${key#placeholder}`, `${key§aria label}`, and select fields
`${key options=["a","b"]}`). A QROC answer is the raw text typed; a QROCM answer is
`answer_value_qrocm({"nom": "Dupont", ...})`, one YAML `key: "value"` line per field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

import yaml

SKIP_VALUE: Final = "#ABAND#"
"""The value "Je passe" sends (Pix `FAKE_VALUE_FOR_SKIPPED_QUESTIONS`)."""

# proposals-as-array.js: an option starts a line with "-", surrounding blanks dropped.
_OPTION_SEPARATOR = re.compile(r"\n\s*-\s*")

_INPUT_BEGIN = "${"
_INPUT_END = "}"
_SELECT_MARK = "options="
_PLACEHOLDER_MARK = "#"
_ARIA_LABEL_MARK = "§"

# A key YAML reads back as the same string without quotes: an identifier that is none of the
# YAML 1.1 words (yes/no/on/off/null…) a YAML 1.1 reader would turn into a bool or None.
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_YAML_WORDS = frozenset({"y", "yes", "n", "no", "true", "false", "on", "off", "null"})

_YAML_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\0": "\\0",
}


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Text shown between the fields of a QROC/QROCM (kept verbatim, newlines included)."""

    text: str


@dataclass(frozen=True, slots=True)
class InputBlock:
    """One answer field: `key` names it in the QROCM value.

    `placeholder` is the hint shown inside an empty field, `aria_label` the label Pix gives
    screen readers when the author wrote one; `options` is non-empty for a select field.
    """

    key: str
    placeholder: str | None = None
    aria_label: str | None = None
    options: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_select(self) -> bool:
        """Whether the field is a choice among `options` rather than free text."""
        return bool(self.options)


Block = TextBlock | InputBlock


def options_of(proposals: str | None) -> list[str]:
    """The options of a QCU/QCM, in their original order (position 0 is the value "1").

    Text before the first `-` line is not an option (Pix drops it too).
    """
    if not proposals:
        return []
    return [option.strip() for option in _OPTION_SEPARATOR.split("\n" + proposals)[1:]]


def blocks_of(proposals: str | None) -> list[Block]:
    """The text and input blocks of a QROC/QROCM, in reading order.

    An unterminated `${` is kept as text, as the web app shows it.
    """
    if not proposals:
        return []
    text = proposals.replace("\r\n", "\n")
    blocks: list[Block] = []
    position = 0
    while True:
        start = text.find(_INPUT_BEGIN, position)
        end = -1 if start < 0 else _input_end(text, start + len(_INPUT_BEGIN))
        if end < 0:
            _append_text(blocks, text[position:])
            return blocks
        _append_text(blocks, text[position:start])
        blocks.append(_parse_input(text[start + len(_INPUT_BEGIN) : end]))
        position = end + len(_INPUT_END)


def input_keys(proposals: str | None) -> list[str]:
    """The field keys of a QROC/QROCM, in reading order."""
    return [block.key for block in blocks_of(proposals) if isinstance(block, InputBlock)]


def answer_value_qcu(option_index: int) -> str:
    """The value of a QCU answer: `option_index` is the 0-based position in `options_of`."""
    _check_index(option_index)
    return str(option_index + 1)


def answer_value_qcm(option_indices: Iterable[int]) -> str:
    """The value of a QCM answer: 0-based positions in `options_of`, sent sorted, 1-based.

    `[2, 0]` gives `"1,3"`. At least one option must be ticked.
    """
    chosen = sorted(set(option_indices))
    if not chosen:
        raise ValueError("a QCM answer needs at least one ticked option")
    for index in chosen:
        _check_index(index)
    return ",".join(str(index + 1) for index in chosen)


def answer_value_qrocm(values: Mapping[str, str]) -> str:
    """The value of a QROCM answer: one YAML `key: "value"` line per field.

    Values are always double-quoted with YAML escapes, so a value holding `:`, `#`, quotes,
    leading blanks or a newline stays one string for the server's YAML reader, and
    "yes"/"123" stay text. Plain keys are written as is (`nom: "Dupont"`).
    """
    if not values:
        raise ValueError("a QROCM answer needs at least one field")
    return "".join(f"{_yaml_key(key)}: {yaml_quoted(value)}\n" for key, value in values.items())


def qrocm_values_of(value: str) -> dict[str, str]:
    """Read a QROCM answer value back into `{key: text}` (to show a past answer).

    Read like Pix does (YAML failsafe schema: every scalar is text); a value that is not a
    YAML mapping gives an empty dict.
    """
    try:
        loaded = yaml.load(value, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {str(k): v for k, v in loaded.items() if isinstance(v, str)}


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar on one line, read back exactly by any YAML reader."""
    return '"' + "".join(_yaml_escape(char) for char in text) + '"'


def _yaml_escape(char: str) -> str:
    escaped = _YAML_ESCAPES.get(char)
    if escaped is not None:
        return escaped
    code = ord(char)
    # Control characters, YAML 1.1 line breaks (NEL, LS, PS: a reader would fold them),
    # surrogates, the BOM and non-characters cannot appear raw in a YAML stream.
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02X}"
    if code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04X}"
    return char


def _yaml_key(key: str) -> str:
    if _PLAIN_KEY.fullmatch(key) and key.lower() not in _YAML_WORDS:
        return key
    return yaml_quoted(key)


def _check_index(index: int) -> None:
    if index < 0:
        raise ValueError(f"option positions start at 0, got {index}")


def _append_text(blocks: list[Block], text: str) -> None:
    if text:
        blocks.append(TextBlock(text))


def _input_end(text: str, body_start: int) -> int:
    """Where the `}` closing an input starts, or -1; a select's JSON list may hold a `}`."""
    close = text.find(_INPUT_END, body_start)
    if close < 0:
        return -1
    select = text.find(_SELECT_MARK, body_start, close)
    if select < 0:
        return close
    options_start = select + len(_SELECT_MARK)
    try:
        _, options_end = json.JSONDecoder().raw_decode(text, options_start)
    except ValueError:
        return close
    after = text.find(_INPUT_END, options_end)
    return after if after >= 0 and not text[options_end:after].strip() else close


def _parse_input(body: str) -> InputBlock:
    head = body
    options: tuple[str, ...] = ()
    select = body.find(_SELECT_MARK)
    if select >= 0:
        head = body[:select]
        options = _parse_options(body[select + len(_SELECT_MARK) :])
    name, _, aria_label = head.partition(_ARIA_LABEL_MARK)
    key, has_placeholder, placeholder = name.partition(_PLACEHOLDER_MARK)
    return InputBlock(
        key=key.strip(),
        placeholder=placeholder.strip() if has_placeholder else None,
        aria_label=aria_label.strip() or None,
        options=options,
    )


def _parse_options(raw: str) -> tuple[str, ...]:
    try:
        parsed = json.loads(raw)
    except ValueError:
        return ()
    if not isinstance(parsed, list):
        return ()
    return tuple(str(option) for option in parsed)
