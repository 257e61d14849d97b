"""Reading proposals and writing answer values exactly as the Pix App does (DOMAIN §1.4)."""

from __future__ import annotations

import string

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from api_client.proposals import (
    SKIP_VALUE,
    InputBlock,
    TextBlock,
    answer_value_qcm,
    answer_value_qcu,
    answer_value_qrocm,
    blocks_of,
    input_keys,
    options_of,
    qrocm_values_of,
    yaml_quoted,
)

# The cases of the Pix App's own test of proposals-as-array.js.
PIX_ARRAY_CASES = [
    ("", []),
    ("foo", []),
    ("- foo", ["foo"]),
    ("-foo\n- bar", ["foo", "bar"]),
    ("- cerf-volant", ["cerf-volant"]),
    ("- xi\n- foo mi", ["xi", "foo mi"]),
    ("- joli\n- cerf-volant", ["joli", "cerf-volant"]),
    ("- xi\n- foo\n- mi", ["xi", "foo", "mi"]),
    ("-- foo", ["- foo"]),
    ("- foo\n\r\t\n\r\t\n\r\t\n- bar", ["foo", "bar"]),
]


@pytest.mark.parametrize(("proposals", "options"), PIX_ARRAY_CASES)
def test_options_split_like_the_pix_app(proposals: str, options: list[str]) -> None:
    assert options_of(proposals) == options


def test_options_ignore_trailing_newline_and_none() -> None:
    assert options_of("- Paris\n- Lyon\n- Marseille\n") == ["Paris", "Lyon", "Marseille"]
    assert options_of(None) == []


def test_qcu_value_is_the_one_based_position() -> None:
    assert answer_value_qcu(0) == "1"
    assert answer_value_qcu(2) == "3"
    with pytest.raises(ValueError):
        answer_value_qcu(-1)


def test_qcm_value_is_sorted_one_based_and_without_duplicates() -> None:
    assert answer_value_qcm([2, 0]) == "1,3"
    assert answer_value_qcm([4, 4, 1]) == "2,5"
    with pytest.raises(ValueError):
        answer_value_qcm([])
    with pytest.raises(ValueError):
        answer_value_qcm([0, -2])


def test_skip_value() -> None:
    assert SKIP_VALUE == "#ABAND#"


def test_single_input() -> None:
    assert blocks_of("${qroc}") == [InputBlock("qroc")]


def test_text_around_an_input_is_kept_verbatim() -> None:
    assert blocks_of("Test: ${test} (kilometres)") == [
        TextBlock("Test: "),
        InputBlock("test"),
        TextBlock(" (kilometres)"),
    ]


def test_placeholder_and_aria_label() -> None:
    assert blocks_of("${plop#var}") == [InputBlock("plop", placeholder="var")]
    assert blocks_of("${nom#Ex. : Dupont§Nom de famille}") == [
        InputBlock("nom", placeholder="Ex. : Dupont", aria_label="Nom de famille")
    ]
    assert blocks_of("${chemin#C:\\...}") == [InputBlock("chemin", placeholder="C:\\...")]


def test_several_inputs_and_lines() -> None:
    proposals = "Nom : ${nom}\r\nPrénom : ${prenom}\n${ville} (${cp})"
    assert blocks_of(proposals) == [
        TextBlock("Nom : "),
        InputBlock("nom"),
        TextBlock("\nPrénom : "),
        InputBlock("prenom"),
        TextBlock("\n"),
        InputBlock("ville"),
        TextBlock(" ("),
        InputBlock("cp"),
        TextBlock(")"),
    ]
    assert input_keys(proposals) == ["nom", "prenom", "ville", "cp"]


def test_select_options() -> None:
    [block] = blocks_of('${banana#Choisis options=["mango","potato}"]}')
    assert block == InputBlock("banana", placeholder="Choisis", options=("mango", "potato}"))
    assert isinstance(block, InputBlock) and block.is_select
    blocks = blocks_of('Fruit : ${f options=["a","b"]} !')
    assert blocks == [TextBlock("Fruit : "), InputBlock("f", options=("a", "b")), TextBlock(" !")]


def test_unterminated_input_stays_text() -> None:
    assert blocks_of("Prix : ${prix") == [TextBlock("Prix : ${prix")]
    assert blocks_of("") == []
    assert blocks_of(None) == []


def test_qrocm_value_reads_like_the_pix_example() -> None:
    value = answer_value_qrocm({"nom": "Dupont", "prenom": "Jean"})
    assert value == 'nom: "Dupont"\nprenom: "Jean"\n'
    assert yaml.safe_load(value) == {"nom": "Dupont", "prenom": "Jean"}


def test_qrocm_value_keeps_tricky_text_as_one_string() -> None:
    values = {
        "a": "url: http://x#y",
        "b": "yes",
        "c": "123",
        "d": "  deux\nlignes ",
        "e": 'il a dit "non" \\ point',
        "f": "",
        "g": "a\x85b\u2028c\ufeffd\x00e\tf",
        "no": "clé YAML 1.1",
        "clé avec espace": "ok",
    }
    value = answer_value_qrocm(values)
    assert yaml.safe_load(value) == values
    # The server reads answers with the failsafe schema, as Pix does.
    assert yaml.load(value, Loader=yaml.BaseLoader) == values
    assert qrocm_values_of(value) == values


def test_qrocm_needs_a_field() -> None:
    with pytest.raises(ValueError):
        answer_value_qrocm({})


def test_reading_back_a_pix_app_value() -> None:
    assert qrocm_values_of("l1: cochon \nl2: pigeon") == {"l1": "cochon", "l2": "pigeon"}
    assert qrocm_values_of("pas du yaml: [") == {}
    assert qrocm_values_of("juste du texte") == {}


keys = st.text(alphabet=string.ascii_letters + string.digits + "_-", min_size=1, max_size=12)


@given(st.dictionaries(keys, st.text(), min_size=1, max_size=6))
def test_qrocm_value_round_trips_through_yaml(values: dict[str, str]) -> None:
    value = answer_value_qrocm(values)
    assert yaml.safe_load(value) == values
    assert yaml.load(value, Loader=yaml.BaseLoader) == values
    assert len(value.splitlines()) == len(values)  # one line per field, whatever the text


@given(st.text())
def test_any_text_quotes_to_one_yaml_string(text: str) -> None:
    assert yaml.safe_load(yaml_quoted(text)) == text


option_texts = (
    st.text(alphabet=st.characters(blacklist_characters="\n\r-")).map(str.strip).filter(bool)
)


@given(st.lists(option_texts))
def test_options_round_trip_from_a_markdown_list(texts: list[str]) -> None:
    proposals = "\n".join(f"- {t}" for t in texts)
    assert options_of(proposals) == texts
