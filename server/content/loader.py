"""Load and validate the learning content YAML files (format: helpers' CONTENT_FORMAT.md).

Every problem found is collected, then raised at once in a `ContentError` whose lines each name
the file and the object id, so a content author fixes a whole file in one pass.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from server.content.fields import Fields, Problems
from server.content.models import (
    DEFAULT_TARGET_PROFILE_IMAGE_URL,
    Area,
    CappedTube,
    Challenge,
    ChallengeType,
    Competence,
    LearningContent,
    Skill,
    TargetProfile,
    TargetProfileCategory,
    Tube,
    Tutorial,
)
from server.content.solution_rules import solution_problems

CONTENT_DIR = Path(__file__).resolve().parent
FRAMEWORK_FILE = "framework.yaml"
COMPETENCES_DIR = "competences"
TARGET_PROFILES_FILE = "target_profiles.yaml"

MIN_LEVEL, MAX_LEVEL = 1, 8
PIX_BY_LEVEL = 8.0
MAX_PIX_VALUE = 4.0
MIN_TUTORIALS_PER_TUBE = 2
TREATMENTS = ("t1", "t2", "t3")
QROC_FORMATS = frozenset({"mots", "phrase", "nombre", "paragraphe"})
TUTORIAL_FORMATS = frozenset({"vidéo", "page", "pdf", "son"})
CHALLENGE_STATUSES = frozenset({"validé", "archivé", "périmé"})
AREA_COLORS = frozenset({"jaffa", "emerald", "cerulean", "wild-strawberry", "butterfly-bush"})

_TUBE_NAME = re.compile(r"^@[a-z][A-Za-z0-9]*[A-Za-z]$")
_SAFE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_COMPETENCE_INDEX = re.compile(r"^[1-9]\.[1-9]$")
_DURATION = re.compile(r"^\d{2}:[0-5]\d:[0-5]\d$")

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(ValueError):
    """The content files break one or more rules; `problems` lists them, one per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{len(problems)} problème(s) dans le contenu pédagogique:\n"
            + "\n".join(f"- {p}" for p in problems)
        )


@functools.cache
def load_content(path: Path | None = None) -> LearningContent:
    """Parse, validate and index the content under `path` (default: this package). Cached."""
    return _ContentBuilder(Path(path) if path is not None else CONTENT_DIR).build()


def skill_pix_values(skills: list[tuple[str, str, int]]) -> dict[str, float]:
    """Pix value of each skill `(skill_id, competence_id, level)` (DOMAIN §1.3).

    Each level of a competence is worth 8 pix shared between its skills, at most 4 per skill.
    Only skills that are worth something (an active skill with a validated challenge) are given.
    """
    per_level = Counter((competence_id, level) for _, competence_id, level in skills)
    return {
        skill_id: min(MAX_PIX_VALUE, PIX_BY_LEVEL / per_level[(competence_id, level)])
        for skill_id, competence_id, level in skills
    }


def _check_safe_id(identifier: str, where: str, problems: Problems) -> bool:
    # Challenge and tutorial ids travel in URLs and JSON:API documents.
    if _SAFE_ID.match(identifier):
        return True
    problems.add(where, f"id {identifier!r} invalide (lettres, chiffres et _ seulement)")
    return False


def _peek(data: Any, key: str) -> str:
    """The identifying value of an object, for error messages, before it is validated."""
    value = data.get(key) if isinstance(data, dict) else None
    return "?" if value is None else str(value)


@dataclass
class _SkillDraft:
    skill: Skill
    has_validated_challenge: bool


class _ContentBuilder:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems = Problems()
        self.areas: list[Area] = []
        self.competences: dict[str, Competence] = {}  # by index
        self.tubes: list[Tube] = []
        self.skills: list[_SkillDraft] = []
        self.challenges: list[Challenge] = []
        self.tutorials: list[Tutorial] = []
        self.target_profiles: list[TargetProfile] = []
        self._seen_ids: dict[str, dict[str, str]] = defaultdict(dict)  # kind -> id -> file

    def build(self) -> LearningContent:
        self._read_framework()
        competence_files = sorted((self.root / COMPETENCES_DIR).glob("*.yaml"))
        tube_ids_by_competence: dict[str, list[str]] = defaultdict(list)
        for file in competence_files:
            for tube in self._read_competence_file(file):
                tube_ids_by_competence[tube.competence_id].append(tube.id)
        skills = self._with_pix_values()
        self._read_target_profiles(skills)
        if self.problems.items:
            raise ContentError(self.problems.items)
        competences = [
            replace(c, tube_ids=tuple(tube_ids_by_competence[c.id]))
            for c in self.competences.values()
        ]
        return LearningContent(
            areas=tuple(self.areas),
            competences=tuple(competences),
            tubes=tuple(self.tubes),
            skills=tuple(skills),
            challenges=tuple(self.challenges),
            tutorials=tuple(self.tutorials),
            target_profiles=tuple(self.target_profiles),
        )

    # -- files ---------------------------------------------------------------------------------

    def _label(self, file: Path) -> str:
        try:
            return file.relative_to(self.root).as_posix()
        except ValueError:
            return str(file)

    def _load_yaml(self, file: Path) -> Any:
        try:
            with file.open(encoding="utf-8") as stream:
                return yaml.load(stream, Loader=_SafeLoader)
        except FileNotFoundError:
            self.problems.add(self._label(file), "fichier introuvable")
        except yaml.YAMLError as error:
            self.problems.add(self._label(file), f"YAML invalide: {error}")
        return None

    def _claim_id(self, kind: str, identifier: str, where: str) -> bool:
        seen = self._seen_ids[kind]
        if identifier in seen:
            self.problems.add(
                where, f"{kind} id {identifier!r} déjà utilisé dans {seen[identifier]}"
            )
            return False
        seen[identifier] = where.split(":")[0]
        return True

    # -- framework -----------------------------------------------------------------------------

    def _read_framework(self) -> None:
        file = self.root / FRAMEWORK_FILE
        label = self._label(file)
        data = self._load_yaml(file)
        if data is None:
            return
        fields = Fields(data, label, self.problems, required={"areas"})
        for area_data in fields.list_of("areas", min_items=1):
            self._read_area(area_data, label)

    def _read_area(self, data: Any, label: str) -> None:
        fields = Fields(
            data,
            f"{label}: domaine {_peek(data, 'code')}",
            self.problems,
            {"code", "title", "color"},
            optional={"competences", "id"},
        )
        code = fields.string("code")
        where = f"{label}: domaine {code}"
        area_id = fields.string("id", default=f"recArea{code}")
        color = fields.string("color")
        if color not in AREA_COLORS:
            self.problems.add(where, f"couleur {color!r} inconnue (attendu: {sorted(AREA_COLORS)})")
        competence_ids = []
        for competence_data in fields.list_of("competences"):
            competence = self._read_framework_competence(competence_data, label, area_id, code)
            if competence is not None:
                competence_ids.append(competence.id)
        if self._claim_id("domaine", area_id, where):
            self.areas.append(
                Area(area_id, code, fields.string("title"), color, tuple(competence_ids))
            )

    def _read_framework_competence(
        self, data: Any, label: str, area_id: str, area_code: str
    ) -> Competence | None:
        fields = Fields(
            data,
            f"{label}: compétence {_peek(data, 'index')}",
            self.problems,
            {"index", "id", "name", "description"},
            optional={"origin"},
        )
        index = fields.string("index")
        where = f"{label}: compétence {index}"
        if not _COMPETENCE_INDEX.match(index) or index.split(".")[0] != area_code:
            self.problems.add(where, f"index {index!r} invalide pour le domaine {area_code}")
            return None
        competence_id = fields.string("id")
        if index in self.competences:
            self.problems.add(where, "compétence déclarée deux fois")
            return None
        if not self._claim_id("compétence", competence_id, where):
            return None
        competence = Competence(
            id=competence_id,
            index=index,
            name=fields.string("name"),
            description=fields.string("description"),
            area_id=area_id,
            tube_ids=(),
            origin=fields.string("origin", default="Pix"),
        )
        self.competences[index] = competence
        return competence

    # -- competence files ----------------------------------------------------------------------

    def _read_competence_file(self, file: Path) -> Iterator[Tube]:
        label = self._label(file)
        data = self._load_yaml(file)
        if data is None:
            return
        fields = Fields(data, label, self.problems, {"competence", "tubes"})
        index = fields.string("competence")
        competence = self.competences.get(index)
        if competence is None:
            self.problems.add(label, f"compétence {index!r} absente de {FRAMEWORK_FILE}")
            return
        if file.stem != index.replace(".", "_"):
            self.problems.add(
                label,
                f"le fichier de la compétence {index} doit s'appeler "
                f"{index.replace('.', '_')}.yaml",
            )
        for tube_data in fields.list_of("tubes", min_items=1):
            tube = self._read_tube(tube_data, label, competence)
            if tube is not None:
                yield tube

    def _read_tube(self, data: Any, label: str, competence: Competence) -> Tube | None:
        fields = Fields(
            data,
            f"{label}: sujet {_peek(data, 'name')}",
            self.problems,
            {"name", "practical_title", "practical_description", "tutorials", "skills"},
            optional={"is_mobile_compliant", "is_tablet_compliant"},
        )
        name = fields.string("name")
        where = f"{label}: sujet {name}"
        if not _TUBE_NAME.match(name):
            self.problems.add(
                where, "nom de sujet invalide: '@' puis camelCase, sans chiffre final"
            )
            return None
        tube_id = "tube" + name[1:]
        if not self._claim_id("sujet", tube_id, where):
            return None
        tutorial_ids = [
            t.id
            for t in (self._read_tutorial(d, label, tube_id) for d in fields.list_of("tutorials"))
            if t is not None
        ]
        if len(tutorial_ids) < MIN_TUTORIALS_PER_TUBE:
            self.problems.add(where, f"au moins {MIN_TUTORIALS_PER_TUBE} tutoriels requis")
        skills: list[Skill] = []
        for skill_data in fields.list_of("skills", min_items=1):
            skill = self._read_skill(skill_data, label, name, tube_id, competence, tutorial_ids)
            if skill is None:
                continue
            skills.append(skill)
        skills.sort(key=lambda s: s.difficulty)
        tube = Tube(
            id=tube_id,
            name=name,
            practical_title=fields.string("practical_title"),
            practical_description=fields.string("practical_description"),
            competence_id=competence.id,
            skill_ids=tuple(s.id for s in skills),
            tutorial_ids=tuple(tutorial_ids),
            max_level=max((s.difficulty for s in skills), default=0),
            is_mobile_compliant=fields.boolean("is_mobile_compliant", default=True),
            is_tablet_compliant=fields.boolean("is_tablet_compliant", default=True),
        )
        self.tubes.append(tube)
        return tube

    def _read_tutorial(self, data: Any, label: str, tube_id: str) -> Tutorial | None:
        fields = Fields(
            data,
            f"{label}: tutoriel {_peek(data, 'id')}",
            self.problems,
            {"id", "title", "source", "format", "duration", "link"},
        )
        tutorial_id = fields.string("id")
        where = f"{label}: tutoriel {tutorial_id}"
        ok = _check_safe_id(tutorial_id, where, self.problems)
        tutorial_format, duration, link = (fields.string(k) for k in ("format", "duration", "link"))
        if tutorial_format not in TUTORIAL_FORMATS:
            self.problems.add(
                where, f"format {tutorial_format!r} inconnu ({sorted(TUTORIAL_FORMATS)})"
            )
        if not _DURATION.match(duration):
            self.problems.add(where, f"durée {duration!r} invalide (HH:MM:SS attendu)")
        if not link.startswith(("https://", "http://")):
            self.problems.add(where, f"lien {link!r} invalide")
        if not ok or not self._claim_id("tutoriel", tutorial_id, where):
            return None
        tutorial = Tutorial(
            id=tutorial_id,
            title=fields.string("title"),
            source=fields.string("source"),
            format=tutorial_format,
            duration=duration,
            link=link,
            tube_id=tube_id,
        )
        self.tutorials.append(tutorial)
        return tutorial

    def _read_skill(
        self,
        data: Any,
        label: str,
        tube_name: str,
        tube_id: str,
        competence: Competence,
        tube_tutorial_ids: list[str],
    ) -> Skill | None:
        fields = Fields(
            data,
            f"{label}: acquis {tube_name}{_peek(data, 'level')}",
            self.problems,
            {"level", "hint", "challenges"},
            optional={"tutorials"},
        )
        level = fields.integer("level")
        name = f"{tube_name}{level}"
        where = f"{label}: acquis {name}"
        if not MIN_LEVEL <= level <= MAX_LEVEL:
            self.problems.add(where, f"niveau {level} hors de {MIN_LEVEL}..{MAX_LEVEL}")
            return None
        skill_id = "skill" + name[1:]
        if not self._claim_id("acquis", skill_id, where):
            return None
        tutorial_ids = fields.string_list("tutorials")
        for tutorial_id in tutorial_ids:
            if tutorial_id not in tube_tutorial_ids:
                self.problems.add(where, f"tutoriel {tutorial_id!r} absent des tutoriels du sujet")
        challenges = [
            c
            for c in (
                self._read_challenge(d, label, skill_id, competence.id)
                for d in fields.list_of("challenges")
            )
            if c is not None
        ]
        if not challenges:
            self.problems.add(where, "aucune épreuve: chaque acquis doit en avoir au moins une")
        skill = Skill(
            id=skill_id,
            name=name,
            tube_id=tube_id,
            tube_name=tube_name,
            competence_id=competence.id,
            difficulty=level,
            pix_value=0.0,  # set once every skill of the competence is known
            hint=fields.string("hint"),
            tutorial_ids=tuple(tutorial_ids),
            challenge_ids=tuple(c.id for c in challenges),
        )
        validated = any(c.status == "validé" for c in challenges)
        self.skills.append(_SkillDraft(skill, validated))
        return skill

    def _read_challenge(
        self, data: Any, label: str, skill_id: str, competence_id: str
    ) -> Challenge | None:
        fields = Fields(
            data,
            f"{label}: épreuve {_peek(data, 'id')}",
            self.problems,
            {"id", "type", "instruction", "solution", "explanation"},
            optional={
                "proposals",
                "format",
                "treatments",
                "timer",
                "status",
                "shuffled",
                "focused",
                "locales",
            },
        )
        challenge_id = fields.string("id")
        where = f"{label}: épreuve {challenge_id}"
        if not _check_safe_id(challenge_id, where, self.problems):
            return None
        raw_type = fields.string("type")
        try:
            challenge_type = ChallengeType(raw_type)
        except ValueError:
            self.problems.add(
                where, f"type {raw_type!r} inconnu ({[t.value for t in ChallengeType]})"
            )
            return None
        treatments = fields.string_list("treatments")
        for treatment in treatments:
            if treatment not in TREATMENTS:
                self.problems.add(where, f"traitement {treatment!r} inconnu ({list(TREATMENTS)})")
        if len(set(treatments)) != len(treatments):
            self.problems.add(where, "traitement cité deux fois")
        timer = fields.optional_integer("timer")
        if timer is not None and timer <= 0:
            self.problems.add(where, f"timer {timer} invalide (secondes > 0)")
        status = fields.string("status", default="validé")
        if status not in CHALLENGE_STATUSES:
            self.problems.add(where, f"statut {status!r} inconnu ({sorted(CHALLENGE_STATUSES)})")
        answer_format = fields.string("format", default="mots")
        if answer_format not in QROC_FORMATS:
            self.problems.add(where, f"format {answer_format!r} inconnu ({sorted(QROC_FORMATS)})")
        challenge = Challenge(
            id=challenge_id,
            skill_id=skill_id,
            competence_id=competence_id,
            type=challenge_type,
            instruction=fields.string("instruction"),
            proposals=fields.string("proposals"),
            solution=fields.string("solution", scalar=True),
            treatments=tuple(sorted(set(treatments))),
            format=answer_format,
            timer=timer,
            explanation=fields.string("explanation"),
            status=status,
            shuffled=fields.boolean("shuffled", default=False),
            focused=fields.boolean("focused", default=False),
            locales=tuple(fields.string_list("locales") or ("fr", "fr-fr")),
        )
        for problem in solution_problems(challenge):
            self.problems.add(where, problem)
        if not self._claim_id("épreuve", challenge_id, where):
            return None
        self.challenges.append(challenge)
        return challenge

    def _with_pix_values(self) -> list[Skill]:
        worth = [
            (d.skill.id, d.skill.competence_id, d.skill.difficulty)
            for d in self.skills
            if d.has_validated_challenge
        ]
        values = skill_pix_values(worth)
        return [replace(d.skill, pix_value=values.get(d.skill.id, 0.0)) for d in self.skills]

    # -- target profiles -----------------------------------------------------------------------

    def _read_target_profiles(self, skills: list[Skill]) -> None:
        file = self.root / TARGET_PROFILES_FILE
        if not file.exists():
            return
        label = self._label(file)
        data = self._load_yaml(file)
        if data is None:
            return
        tubes_by_name = {t.name: t for t in self.tubes}
        skills_by_id = {s.id: s for s in skills}
        fields = Fields(data, label, self.problems, {"target_profiles"})
        seen_names: set[str] = set()
        for profile_data in fields.list_of("target_profiles"):
            profile = self._read_target_profile(profile_data, label, tubes_by_name, skills_by_id)
            if profile is None:
                continue
            if profile.name in seen_names:
                self.problems.add(
                    f"{label}: profil cible {profile.id}", f"nom {profile.name!r} déjà utilisé"
                )
            seen_names.add(profile.name)
            self.target_profiles.append(profile)

    def _read_target_profile(
        self,
        data: Any,
        label: str,
        tubes_by_name: Mapping[str, Tube],
        skills_by_id: Mapping[str, Skill],
    ) -> TargetProfile | None:
        fields = Fields(
            data,
            f"{label}: profil cible {_peek(data, 'id')}",
            self.problems,
            {"id", "name", "category", "description", "tubes"},
            optional={
                "comment",
                "image_url",
                "is_public",
                "is_simplified_access",
                "are_knowledge_elements_resettable",
                "outdated",
                "documentation_url",
            },
        )
        profile_id = fields.integer("id")
        where = f"{label}: profil cible {profile_id}"
        if profile_id <= 0 or not self._claim_id("profil cible", str(profile_id), where):
            return None
        raw_category = fields.string("category")
        try:
            category = TargetProfileCategory(raw_category)
        except ValueError:
            known = [c.value for c in TargetProfileCategory]
            self.problems.add(where, f"catégorie {raw_category!r} inconnue ({known})")
            return None
        capped: list[CappedTube] = []
        skill_ids: list[str] = []
        for tube_data in fields.list_of("tubes", min_items=1):
            tube_fields = Fields(tube_data, where, self.problems, {"tube", "level"})
            name, level = tube_fields.string("tube"), tube_fields.integer("level")
            tube = tubes_by_name.get(name)
            if tube is None:
                self.problems.add(where, f"sujet {name!r} inconnu")
                continue
            if any(c.tube_id == tube.id for c in capped):
                self.problems.add(where, f"sujet {name} cité deux fois")
                continue
            if not MIN_LEVEL <= level <= MAX_LEVEL:
                self.problems.add(
                    where, f"niveau {level} hors de {MIN_LEVEL}..{MAX_LEVEL} pour {name}"
                )
                continue
            targeted = [s for s in tube.skill_ids if skills_by_id[s].difficulty <= level]
            if not targeted:
                self.problems.add(where, f"aucun acquis de {name} jusqu'au niveau {level}")
                continue
            capped.append(CappedTube(tube.id, tube.name, level))
            skill_ids.extend(targeted)
        documentation_url = fields.string("documentation_url") or None
        if documentation_url is not None and not documentation_url.startswith("https://"):
            self.problems.add(
                where, f"documentation_url {documentation_url!r} doit commencer par https://"
            )
        return TargetProfile(
            id=profile_id,
            name=fields.string("name"),
            category=category,
            description=fields.string("description"),
            tubes=tuple(capped),
            skill_ids=tuple(skill_ids),
            comment=fields.string("comment", default=""),
            image_url=fields.string("image_url", default=DEFAULT_TARGET_PROFILE_IMAGE_URL),
            is_public=fields.boolean("is_public", default=True),
            is_simplified_access=fields.boolean("is_simplified_access", default=False),
            are_knowledge_elements_resettable=fields.boolean(
                "are_knowledge_elements_resettable", default=False
            ),
            outdated=fields.boolean("outdated", default=False),
            documentation_url=documentation_url,
        )
