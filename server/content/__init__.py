"""Learning content of the reference server: framework, tubes, skills, challenges, profiles.

`load_content()` reads the YAML files of this package once and returns an immutable,
fully indexed `LearningContent`.
"""

from server.content.loader import CONTENT_DIR, ContentError, load_content, skill_pix_values
from server.content.models import (
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

__all__ = [
    "CONTENT_DIR",
    "Area",
    "CappedTube",
    "Challenge",
    "ChallengeType",
    "Competence",
    "ContentError",
    "LearningContent",
    "Skill",
    "TargetProfile",
    "TargetProfileCategory",
    "Tube",
    "Tutorial",
    "load_content",
    "skill_pix_values",
]
