"""Campaign codes (DOMAIN §6.2): 6 readable capitals then 3 digits, unique among campaigns.

Pix draws them with `randomstring` in "readable" mode, which drops 0, O, I and l: letters
from ABCDEFGHJKLMNPQRSTUVWXYZ and digits 1-9, so every generated code matches
`GENERATED_CODE_PATTERN`. Codes set by hand (seed, Pix Admin) only need `^[A-Z0-9]{9}$`.
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Callable

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_DIGITS = "123456789"
LETTER_COUNT, DIGIT_COUNT = 6, 3
GENERATED_CODE_PATTERN = re.compile(r"^[A-HJ-NP-Z]{6}[1-9]{3}$")

CodeGenerator = Callable[[], str]

_system_random = secrets.SystemRandom()


def generate_campaign_code(rng: random.Random = _system_random) -> str:
    """A fresh code; pass a seeded `random.Random` for reproducible codes (demo data)."""
    letters = "".join(rng.choice(CODE_LETTERS) for _ in range(LETTER_COUNT))
    digits = "".join(rng.choice(CODE_DIGITS) for _ in range(DIGIT_COUNT))
    return letters + digits
