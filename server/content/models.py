"""Typed, immutable view of the learning content (DOMAIN §1, §2).

Objects reference each other by id only, so that they stay plain frozen values; the
`LearningContent` container holds the lookup tables that resolve those ids.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

PIX_ORIGIN = "Pix"
VALIDATED_STATUS = "validé"
DEFAULT_TARGET_PROFILE_IMAGE_URL = "https://images.pix.fr/profil-cible/Illu_GEN.svg"

# Same split as the Pix App (`proposals-as-array.js`): an option starts a line with "-".
_OPTION_SEPARATOR = re.compile(r"\n\s*-\s*")
# `${key}` or `${key#placeholder text}` (`proposals-as-blocks.js`).
_PLACEHOLDER = re.compile(r"\$\{([^}#]+)(?:#[^}]*)?\}")


class ChallengeType(StrEnum):
    QCU = "QCU"
    QCM = "QCM"
    QROC = "QROC"
    QROCM_IND = "QROCM-ind"
    QROCM_DEP = "QROCM-dep"


class TargetProfileCategory(StrEnum):
    """Exact enum of `TargetProfile.js` (DOMAIN §2)."""

    COMPETENCES = "COMPETENCES"
    CUSTOM = "CUSTOM"
    DISCIPLINE = "DISCIPLINE"
    OTHER = "OTHER"
    PIX_PLUS = "PIX_PLUS"
    PREDEFINED = "PREDEFINED"
    SUBJECT = "SUBJECT"
    TARGETED = "TARGETED"
    BACK_TO_SCHOOL = "BACK_TO_SCHOOL"


def proposal_options(proposals: str) -> list[str]:
    """Options of a QCU/QCM, in their original order (index 0 is answer value "1")."""
    return [option.strip() for option in _OPTION_SEPARATOR.split("\n" + proposals)[1:]]


def placeholder_keys(proposals: str) -> list[str]:
    """Input keys of a QROC/QROCM proposals text, in reading order."""
    return [key.strip() for key in _PLACEHOLDER.findall(proposals)]


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    code: str
    title: str
    color: str
    competence_ids: tuple[str, ...]

    @property
    def name(self) -> str:
        """Pix spells an area name with its code: "1. Information et données"."""
        return f"{self.code}. {self.title}"


@dataclass(frozen=True, slots=True)
class Competence:
    id: str
    index: str
    name: str
    description: str
    area_id: str
    tube_ids: tuple[str, ...]
    origin: str = PIX_ORIGIN

    @property
    def full_name(self) -> str:
        return f"{self.index} {self.name}"

    @property
    def area_code(self) -> str:
        return self.index.split(".")[0]


@dataclass(frozen=True, slots=True)
class Tutorial:
    id: str
    title: str
    source: str
    format: str
    duration: str
    link: str
    tube_id: str


@dataclass(frozen=True, slots=True)
class Tube:
    id: str
    name: str
    practical_title: str
    practical_description: str
    competence_id: str
    skill_ids: tuple[str, ...]
    tutorial_ids: tuple[str, ...]
    max_level: int
    is_mobile_compliant: bool = True
    is_tablet_compliant: bool = True


@dataclass(frozen=True, slots=True)
class Skill:
    id: str
    name: str
    tube_id: str
    tube_name: str  # with its "@", like Pix `tubeName`
    competence_id: str
    difficulty: int
    pix_value: float
    hint: str
    tutorial_ids: tuple[str, ...]
    challenge_ids: tuple[str, ...]

    @property
    def tube_name_without_prefix(self) -> str:
        return self.tube_name.removeprefix("@")


@dataclass(frozen=True, slots=True)
class Challenge:
    id: str
    skill_id: str
    competence_id: str
    type: ChallengeType
    instruction: str
    proposals: str
    # Raw solution text, exactly as Pix stores it: "2", "1,3", variants one per line,
    # or a YAML mapping for QROCM (see DOMAIN §1.6).
    solution: str
    treatments: tuple[str, ...]
    format: str
    timer: int | None
    explanation: str
    status: str = VALIDATED_STATUS
    shuffled: bool = False
    focused: bool = False
    locales: tuple[str, ...] = ("fr", "fr-fr")

    @property
    def is_timed(self) -> bool:
        return self.timer is not None

    @property
    def options(self) -> list[str]:
        """QCU/QCM options; empty for the other types."""
        if self.type in (ChallengeType.QCU, ChallengeType.QCM):
            return proposal_options(self.proposals)
        return []

    @property
    def input_keys(self) -> list[str]:
        """QROC/QROCM input keys; empty for QCU/QCM."""
        if self.type in (ChallengeType.QCU, ChallengeType.QCM):
            return []
        return placeholder_keys(self.proposals)

    @property
    def t_enabled(self) -> int:
        """Pix `Solution.tEnabled` bitmask: bit 0 = t1, bit 1 = t2, bit 2 = t3."""
        return sum(1 << (int(name[1:]) - 1) for name in self.treatments)


@dataclass(frozen=True, slots=True)
class CappedTube:
    tube_id: str
    tube_name: str
    level: int


@dataclass(frozen=True, slots=True)
class TargetProfile:
    id: int
    name: str
    category: TargetProfileCategory
    description: str
    tubes: tuple[CappedTube, ...]
    # Skills of each tube with difficulty <= its cap, tube by tube, easiest first.
    skill_ids: tuple[str, ...]
    comment: str = ""
    image_url: str = DEFAULT_TARGET_PROFILE_IMAGE_URL
    is_public: bool = True
    is_simplified_access: bool = False
    are_knowledge_elements_resettable: bool = False
    outdated: bool = False
    # Where a teacher reads what the profile covers ("la documentation correspondante").
    documentation_url: str | None = None

    @property
    def tube_count(self) -> int:
        """What Pix Orga shows as "Sujets : N"."""
        return len(self.tubes)


@dataclass(frozen=True, slots=True)
class LearningContent:
    """The whole framework plus target profiles, with lookup tables by id and by name."""

    areas: tuple[Area, ...]
    competences: tuple[Competence, ...]
    tubes: tuple[Tube, ...]
    skills: tuple[Skill, ...]
    challenges: tuple[Challenge, ...]
    tutorials: tuple[Tutorial, ...]
    target_profiles: tuple[TargetProfile, ...]
    areas_by_id: Mapping[str, Area] = field(init=False)
    areas_by_code: Mapping[str, Area] = field(init=False)
    competences_by_id: Mapping[str, Competence] = field(init=False)
    competences_by_index: Mapping[str, Competence] = field(init=False)
    tubes_by_id: Mapping[str, Tube] = field(init=False)
    tubes_by_name: Mapping[str, Tube] = field(init=False)
    skills_by_id: Mapping[str, Skill] = field(init=False)
    skills_by_name: Mapping[str, Skill] = field(init=False)
    challenges_by_id: Mapping[str, Challenge] = field(init=False)
    challenges_by_skill: Mapping[str, tuple[Challenge, ...]] = field(init=False)
    tutorials_by_id: Mapping[str, Tutorial] = field(init=False)
    target_profiles_by_id: Mapping[int, TargetProfile] = field(init=False)

    def __post_init__(self) -> None:
        # Frozen dataclass: derived tables are set once, here, through object.__setattr__.
        tables: dict[str, Mapping[object, object]] = {
            "areas_by_id": {a.id: a for a in self.areas},
            "areas_by_code": {a.code: a for a in self.areas},
            "competences_by_id": {c.id: c for c in self.competences},
            "competences_by_index": {c.index: c for c in self.competences},
            "tubes_by_id": {t.id: t for t in self.tubes},
            "tubes_by_name": {t.name: t for t in self.tubes},
            "skills_by_id": {s.id: s for s in self.skills},
            "skills_by_name": {s.name: s for s in self.skills},
            "challenges_by_id": {c.id: c for c in self.challenges},
            "tutorials_by_id": {t.id: t for t in self.tutorials},
            "target_profiles_by_id": {p.id: p for p in self.target_profiles},
        }
        by_skill: dict[str, list[Challenge]] = {s.id: [] for s in self.skills}
        for challenge in self.challenges:
            by_skill[challenge.skill_id].append(challenge)
        tables["challenges_by_skill"] = {k: tuple(v) for k, v in by_skill.items()}
        for name, table in tables.items():
            object.__setattr__(self, name, table)

    def skills_of_competence(self, competence_id: str) -> list[Skill]:
        return [s for s in self.skills if s.competence_id == competence_id]

    def skills_of_tube(self, tube_id: str) -> list[Skill]:
        return [self.skills_by_id[s] for s in self.tubes_by_id[tube_id].skill_ids]

    def tutorials_of_skill(self, skill_id: str) -> list[Tutorial]:
        return [self.tutorials_by_id[t] for t in self.skills_by_id[skill_id].tutorial_ids]
