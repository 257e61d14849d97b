"""Learning content: the real files load and meet the issue's demands; bad files are refused.

The validation tests write small YAML trees to `tmp_path`, break one rule, and check that the
error names the file and the object at fault.
"""

from __future__ import annotations

import copy
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from server.content import CONTENT_DIR, ContentError, LearningContent, load_content
from server.content.models import ChallengeType, TargetProfileCategory, placeholder_keys
from server.content.solution_rules import qroc_variants, qrocm_solution
from server.engine.validation import evaluate

RENTREE_5E = "[CLG] Parcours de rentrée 5e"
PROFILE_1_1 = "1.1 Mener une recherche et une veille d’information"


@pytest.fixture(scope="module")
def content() -> LearningContent:
    return load_content()


# -- the real content ----------------------------------------------------------------------------


def test_framework_has_the_16_official_competences_in_5_areas(content: LearningContent) -> None:
    assert [a.name for a in content.areas] == [
        "1. Information et données",
        "2. Communication et collaboration",
        "3. Création de contenu",
        "4. Protection et sécurité",
        "5. Environnement numérique",
    ]
    assert len(content.competences) == 16
    assert content.competences_by_index["1.1"].full_name == PROFILE_1_1
    assert content.competences_by_index["4.2"].name == (
        "Protéger les données personnelles et la vie privée"
    )
    assert content.competences_by_id["recCompetence2_4"].index == "2.4"
    for area in content.areas:
        indices = [content.competences_by_id[c].index for c in area.competence_ids]
        assert indices == sorted(indices)
        assert all(i.startswith(f"{area.code}.") for i in indices)


def test_real_content_meets_the_issue_counts(content: LearningContent) -> None:
    populated = [c for c in content.competences if c.tube_ids]
    assert len(populated) >= 4
    assert "1.1" in {c.index for c in populated}
    assert len(content.tubes) >= 12
    assert {1, 2, 3, 4, 5, 6} <= {s.difficulty for s in content.skills}
    assert len(content.challenges) >= 150
    assert {c.type for c in content.challenges} == set(ChallengeType)
    assert any(c.is_timed for c in content.challenges)
    assert all(c.explanation.strip() for c in content.challenges)
    assert all(c.status == "validé" for c in content.challenges)
    for tube in content.tubes:
        assert len(tube.tutorial_ids) >= 2, tube.name
        assert all(content.challenges_by_skill[s] for s in tube.skill_ids), tube.name


@pytest.mark.parametrize("index", ["1.1", "1.2", "1.3"])
def test_information_competences_mix_every_type_and_level(
    content: LearningContent, index: str
) -> None:
    competence = content.competences_by_index[index]
    challenges = [c for c in content.challenges if c.competence_id == competence.id]
    assert {c.type for c in challenges} == set(ChallengeType)
    assert len(challenges) >= 25
    timed = [c for c in challenges if c.is_timed]
    assert timed and all(30 <= (c.timer or 0) <= 120 for c in timed)
    for tube_id in competence.tube_ids:
        levels = {s.difficulty for s in content.skills_of_tube(tube_id)}
        assert {1, 2, 3, 4} <= levels, tube_id
    top = max(s.difficulty for s in content.skills_of_competence(competence.id))
    assert top >= 6


def test_target_profiles_include_the_rentree_and_the_1_1_profiles(
    content: LearningContent,
) -> None:
    profiles = {p.name: p for p in content.target_profiles}
    assert len(profiles) >= 8
    categories = {p.category for p in content.target_profiles}
    assert {TargetProfileCategory.BACK_TO_SCHOOL, TargetProfileCategory.COMPETENCES} <= categories

    rentree = profiles[RENTREE_5E]
    assert rentree.category is TargetProfileCategory.BACK_TO_SCHOOL
    assert rentree.tube_count == 10
    competences = {content.tubes_by_id[t.tube_id].competence_id for t in rentree.tubes}
    assert len(competences) >= 4  # a tour of several competences, not one

    competence_1_1 = content.competences_by_index["1.1"]
    profile_1_1 = profiles[PROFILE_1_1]
    assert {t.tube_id for t in profile_1_1.tubes} == set(competence_1_1.tube_ids)
    assert set(profile_1_1.skill_ids) == {
        s.id for s in content.skills_of_competence(competence_1_1.id)
    }


def test_target_skills_are_the_tube_skills_up_to_the_cap(content: LearningContent) -> None:
    rentree = next(p for p in content.target_profiles if p.name == RENTREE_5E)
    for capped in rentree.tubes:
        expected = [
            s.id for s in content.skills_of_tube(capped.tube_id) if s.difficulty <= capped.level
        ]
        targeted = [
            s for s in rentree.skill_ids if content.skills_by_id[s].tube_id == capped.tube_id
        ]
        assert targeted == expected
    assert len(set(rentree.skill_ids)) == len(rentree.skill_ids)


def test_lookups_agree_with_each_other(content: LearningContent) -> None:
    for skill in content.skills:
        assert skill.name == f"{skill.tube_name}{skill.difficulty}"
        assert skill.id == "skill" + skill.name[1:]
        assert content.tubes_by_name[skill.tube_name].id == skill.tube_id
        assert [c.id for c in content.challenges_by_skill[skill.id]] == list(skill.challenge_ids)
        assert set(skill.tutorial_ids) <= set(content.tubes_by_id[skill.tube_id].tutorial_ids)
    for challenge in content.challenges:
        assert content.skills_by_id[challenge.skill_id].competence_id == challenge.competence_id


def _right_answer(challenge: Any) -> str:
    """The answer a learner who knows types: the first accepted variant of every input."""
    if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
        return str(challenge.solution)
    if challenge.type is ChallengeType.QROC:
        return qroc_variants(challenge.solution)[0]
    keys = placeholder_keys(challenge.proposals)
    solution = qrocm_solution(challenge.solution)
    assert solution is not None
    if challenge.type is ChallengeType.QROCM_IND:
        values = {key: solution[key][0] for key in keys}
    else:
        values = dict(zip(keys, (variants[0] for variants in solution.values()), strict=False))
    return yaml.safe_dump(values, allow_unicode=True)


def _wrong_answer(challenge: Any) -> str:
    if challenge.type is ChallengeType.QCU:
        return "2" if challenge.solution == "1" else "1"
    if challenge.type is ChallengeType.QCM:
        return ",".join(str(i + 1) for i in range(len(challenge.options)))  # every box ticked
    if challenge.type is ChallengeType.QROC:
        return "999999" if challenge.format == "nombre" else "je ne sais vraiment pas"
    return yaml.safe_dump({key: "je ne sais pas" for key in placeholder_keys(challenge.proposals)})


def test_every_challenge_accepts_its_solution_and_refuses_a_wrong_answer(
    content: LearningContent,
) -> None:
    for challenge in content.challenges:
        kwargs: dict[str, Any] = {"treatments": challenge.treatments, "format": challenge.format}
        right = evaluate(
            challenge.type.value, challenge.solution, _right_answer(challenge), **kwargs
        )
        wrong = evaluate(
            challenge.type.value, challenge.solution, _wrong_answer(challenge), **kwargs
        )
        assert right.result == "ok", challenge.id
        assert wrong.result == "ko", challenge.id


def test_each_level_of_a_competence_is_worth_8_pix_or_4_for_a_lone_skill(
    content: LearningContent,
) -> None:
    for competence in content.competences:
        by_level: dict[int, list[float]] = {}
        for skill in content.skills_of_competence(competence.id):
            by_level.setdefault(skill.difficulty, []).append(skill.pix_value)
        for level, values in by_level.items():
            expected = 4.0 if len(values) == 1 else 8.0
            assert sum(values) == pytest.approx(expected), (competence.index, level)


def test_real_content_is_cached_and_parses_fast() -> None:
    assert load_content() is load_content()
    durations = []
    for _ in range(3):
        start = time.perf_counter()
        load_content.__wrapped__(CONTENT_DIR)
        durations.append(time.perf_counter() - start)
    assert min(durations) < 0.150


# -- hand-made content ---------------------------------------------------------------------------


def _tube(name: str, levels: list[int], competence_tag: str = "") -> dict[str, Any]:
    bare = name[1:]
    title = bare[0].upper() + bare[1:]
    return {
        "name": name,
        "practical_title": f"Sujet {bare}",
        "practical_description": "Description.",
        "tutorials": [
            {
                "id": f"tuto_{bare}_{n}",
                "title": f"Tutoriel {n}",
                "source": "Pix (original)",
                "format": "page",
                "duration": "00:02:00",
                "link": f"https://example.org/{bare}/{n}",
            }
            for n in (1, 2)
        ],
        "skills": [
            {
                "level": level,
                "hint": "Un indice.",
                "tutorials": [f"tuto_{bare}_1"],
                "challenges": [
                    {
                        "id": f"rec{title}{level}a",
                        "type": "QCU",
                        "instruction": "Quelle est la bonne réponse ?",
                        "proposals": "- oui\n- non\n",
                        "solution": "1",
                        "explanation": "Parce que.",
                    }
                ],
            }
            for level in levels
        ],
    }


def _framework(*indices: str) -> dict[str, Any]:
    codes = sorted({i.split(".")[0] for i in indices})
    colors = ["jaffa", "emerald", "cerulean", "wild-strawberry", "butterfly-bush"]
    return {
        "areas": [
            {
                "code": code,
                "title": f"Domaine {code}",
                "color": colors[int(code) - 1],
                "competences": [
                    {
                        "index": index,
                        "id": "recCompetence" + index.replace(".", "_"),
                        "name": f"Compétence {index}",
                        "description": "Description.",
                    }
                    for index in indices
                    if index.startswith(f"{code}.")
                ],
            }
            for code in codes
        ]
    }


def _worked_example() -> dict[str, Any]:
    """The content of DOMAIN §10: 1.1 (10 skills) and 4.1 (6 skills), one target profile."""
    return {
        "framework.yaml": _framework("1.1", "4.1"),
        "competences/1_1.yaml": {
            "competence": "1.1",
            "tubes": [
                _tube("@rechercheWeb", [1, 2, 3, 4, 5]),
                _tube("@sourcesInfo", [1, 2, 3]),
                _tube("@outilsVeille", [2, 4]),
            ],
        },
        "competences/4_1.yaml": {
            "competence": "4.1",
            "tubes": [_tube("@motDePasse", [1, 2, 3, 4]), _tube("@antivirus", [1, 2])],
        },
        "target_profiles.yaml": {
            "target_profiles": [
                {
                    "id": 1,
                    "name": "Exemple",
                    "category": "OTHER",
                    "description": "Profil de l’exemple.",
                    "tubes": [
                        {"tube": "@rechercheWeb", "level": 5},
                        {"tube": "@sourcesInfo", "level": 3},
                        {"tube": "@outilsVeille", "level": 4},
                        {"tube": "@motDePasse", "level": 4},
                        {"tube": "@antivirus", "level": 2},
                    ],
                }
            ]
        },
    }


def _write(root: Path, files: dict[str, Any]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
    return root


def _load(root: Path) -> LearningContent:
    return load_content.__wrapped__(root)


def _pix(content: LearningContent, skill_name: str) -> float:
    return content.skills_by_name[skill_name].pix_value


def test_pix_values_follow_the_worked_example(tmp_path: Path) -> None:
    content = _load(_write(tmp_path, _worked_example()))

    assert _pix(content, "@rechercheWeb1") == 4 and _pix(content, "@sourcesInfo1") == 4
    for name in ("@rechercheWeb2", "@sourcesInfo2", "@outilsVeille2"):
        assert _pix(content, name) == pytest.approx(8 / 3)
    assert _pix(content, "@rechercheWeb5") == 4  # alone at its level: min(4, 8)
    assert {s.pix_value for s in content.skills_of_competence("recCompetence4_1")} == {4.0}
    # Answers 1-9 of the example validate these 1.1 skills: 21.33 pix, floored to 21.
    validated = ["@sourcesInfo1", "@sourcesInfo2", "@sourcesInfo3", "@rechercheWeb1",
                 "@rechercheWeb2", "@rechercheWeb3"]  # fmt: skip
    assert int(sum(_pix(content, n) for n in validated)) == 21

    profile = content.target_profiles_by_id[1]
    assert profile.tube_count == 5 and len(profile.skill_ids) == 16


def test_skills_at_one_level_share_8_pix_within_their_own_competence(tmp_path: Path) -> None:
    files = _worked_example()
    files["competences/1_1.yaml"]["tubes"] = [_tube("@aaa", [2]), _tube("@bbb", [2, 3])]
    files["competences/4_1.yaml"]["tubes"] = [_tube("@ccc", [2]), _tube("@ddd", [2])]
    files["target_profiles.yaml"] = {"target_profiles": []}
    content = _load(_write(tmp_path, files))

    assert _pix(content, "@aaa2") == _pix(content, "@bbb2") == 4  # two skills: min(4, 8/2)
    assert _pix(content, "@bbb3") == 4
    assert _pix(content, "@ccc2") == _pix(content, "@ddd2") == 4


def test_a_skill_without_validated_challenge_is_worth_nothing(tmp_path: Path) -> None:
    files = _worked_example()
    tube = files["competences/1_1.yaml"]["tubes"][2]  # @outilsVeille 2 and 4
    tube["skills"][0]["challenges"][0]["status"] = "périmé"
    content = _load(_write(tmp_path, files))

    assert _pix(content, "@outilsVeille2") == 0
    assert _pix(content, "@rechercheWeb2") == _pix(content, "@sourcesInfo2") == 4


Mutation = Callable[[dict[str, Any]], None]


def _challenge(files: dict[str, Any], tube: int = 0, skill: int = 0) -> dict[str, Any]:
    challenge: dict[str, Any] = files["competences/1_1.yaml"]["tubes"][tube]["skills"][skill][
        "challenges"
    ][0]
    return challenge


def _duplicate_challenge_id(files: dict[str, Any]) -> None:
    _challenge(files, skill=1)["id"] = _challenge(files, skill=0)["id"]


def _qcu_out_of_range(files: dict[str, Any]) -> None:
    _challenge(files)["solution"] = "3"


def _qcm_unsorted(files: dict[str, Any]) -> None:
    _challenge(files).update(type="QCM", proposals="- a\n- b\n- c\n", solution="3,1")


def _qrocm_ind_key_mismatch(files: dict[str, Any]) -> None:
    _challenge(files).update(
        type="QROCM-ind",
        proposals="Nom : ${nom}\nPrénom : ${prenom}\n",
        solution="nom:\n- Curie\nprenon:\n- Marie\n",
        treatments=["t1"],
    )


def _qrocm_dep_too_few_groups(files: dict[str, Any]) -> None:
    _challenge(files).update(
        type="QROCM-dep",
        proposals="${a} et ${b}\n",
        solution="qwant:\n- qwant\n",
        treatments=["t1", "t2"],
    )


def _qroc_two_inputs(files: dict[str, Any]) -> None:
    _challenge(files).update(type="QROC", proposals="${a} ${b}", solution="x\n")


def _number_format_with_words(files: dict[str, Any]) -> None:
    _challenge(files).update(type="QROC", proposals="${n}", format="nombre", solution="douze\n")


def _punctuation_variant_erased_by_t2(files: dict[str, Any]) -> None:
    _challenge(files).update(type="QROC", proposals="${op}", solution="-\n", treatments=["t2"])


def _unknown_treatment(files: dict[str, Any]) -> None:
    _challenge(files).update(type="QROC", proposals="${a}", solution="x\n", treatments=["t4"])


def _missing_challenge(files: dict[str, Any]) -> None:
    files["competences/1_1.yaml"]["tubes"][0]["skills"][1]["challenges"] = []


def _single_tutorial(files: dict[str, Any]) -> None:
    files["competences/1_1.yaml"]["tubes"][1]["tutorials"].pop()


def _unknown_skill_tutorial(files: dict[str, Any]) -> None:
    files["competences/1_1.yaml"]["tubes"][0]["skills"][0]["tutorials"] = ["tuto_inexistant"]


def _level_nine(files: dict[str, Any]) -> None:
    files["competences/1_1.yaml"]["tubes"][0]["skills"][0]["level"] = 9


def _misspelt_field(files: dict[str, Any]) -> None:
    _challenge(files)["explication"] = _challenge(files).pop("explanation")


def _unknown_tube_in_profile(files: dict[str, Any]) -> None:
    files["target_profiles.yaml"]["target_profiles"][0]["tubes"][0]["tube"] = "@inconnu"


def _unknown_category(files: dict[str, Any]) -> None:
    files["target_profiles.yaml"]["target_profiles"][0]["category"] = "RENTREE"


def _competence_absent_from_framework(files: dict[str, Any]) -> None:
    files["competences/2_1.yaml"] = {"competence": "2.1", "tubes": [_tube("@interagir", [1])]}


def _broken_yaml(files: dict[str, Any]) -> None:
    files["competences/4_1.yaml"] = 'competence: "4.1"\ntubes: [\n'


@pytest.mark.parametrize(
    ("mutate", "file", "expected"),
    [
        (_duplicate_challenge_id, "competences/1_1.yaml", "recRechercheWeb1a"),
        (_qcu_out_of_range, "épreuve recRechercheWeb1a", "entre 1 et 2"),
        (_qcm_unsorted, "épreuve recRechercheWeb1a", "croissants"),
        (_qrocm_ind_key_mismatch, "épreuve recRechercheWeb1a", "en trop: ['prenon']"),
        (_qrocm_dep_too_few_groups, "épreuve recRechercheWeb1a", "seulement 1 groupe"),
        (_qroc_two_inputs, "épreuve recRechercheWeb1a", "exactement un champ"),
        (_number_format_with_words, "épreuve recRechercheWeb1a", "'douze' n'est pas un nombre"),
        (_punctuation_variant_erased_by_t2, "épreuve recRechercheWeb1a", "devient vide"),
        (_unknown_treatment, "épreuve recRechercheWeb1a", "traitement 't4' inconnu"),
        (_missing_challenge, "acquis @rechercheWeb2", "aucune épreuve"),
        (_single_tutorial, "sujet @sourcesInfo", "au moins 2 tutoriels"),
        (_unknown_skill_tutorial, "acquis @rechercheWeb1", "'tuto_inexistant' absent"),
        (_level_nine, "acquis @rechercheWeb9", "hors de 1..8"),
        (_misspelt_field, "recRechercheWeb1a", "'explication' inconnu"),
        (_unknown_tube_in_profile, "target_profiles.yaml: profil cible 1", "'@inconnu' inconnu"),
        (_unknown_category, "target_profiles.yaml: profil cible 1", "'RENTREE' inconnue"),
        (_competence_absent_from_framework, "competences/2_1.yaml", "absente de framework"),
        (_broken_yaml, "competences/4_1.yaml", "YAML invalide"),
    ],
)
def test_a_broken_rule_is_reported_with_its_file_and_id(
    tmp_path: Path, mutate: Mutation, file: str, expected: str
) -> None:
    files = copy.deepcopy(_worked_example())
    mutate(files)
    with pytest.raises(ContentError) as raised:
        _load(_write(tmp_path, files))
    matching = [p for p in raised.value.problems if file in p and expected in p]
    assert matching, raised.value.problems
    assert file.split(":")[0] in str(raised.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    files = _worked_example()
    _qcu_out_of_range(files)
    _single_tutorial(files)
    _unknown_category(files)
    with pytest.raises(ContentError) as raised:
        _load(_write(tmp_path, files))
    assert len(raised.value.problems) == 3
    assert Counter(p.split(":")[0] for p in raised.value.problems) == {
        "competences/1_1.yaml": 2,
        "target_profiles.yaml": 1,
    }
