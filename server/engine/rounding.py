"""JavaScript-compatible rounding, so that our numbers match the ones Pix shows to the digit.

Python's `round` rounds half to even on the binary value (`round(0.125, 2) == 0.12`); Pix rounds
with `Math.round`, lodash `_.round` and `Number.prototype.toPrecision`, each with its own rule.
`Decimal` keeps these computations exact instead of adding float errors of our own.
"""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal


def js_math_round(x: float) -> int:
    """JavaScript `Math.round`: half rounds towards +∞ (`2.5 → 3`, `-2.5 → -2`)."""
    if not math.isfinite(x):
        raise ValueError(f"cannot round {x!r} to an integer")
    return int((Decimal(x) + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR))


def lodash_round(x: float, precision: int = 0) -> float:
    """lodash `_.round(x, precision)`.

    lodash shifts the *shortest decimal representation* of `x` by `precision` digits, applies
    `Math.round`, and shifts back; so `_.round(0.0625, 3) == 0.063` even though Python's
    `round(0.0625, 3)` gives 0.062.
    """
    if not math.isfinite(x):
        return x
    shifted = Decimal(repr(x)).scaleb(precision)
    rounded = (shifted + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR)
    return float(rounded.scaleb(-precision))


def js_to_precision(x: float, digits: int) -> float:
    """`parseFloat(x.toPrecision(digits))`.

    JavaScript rounds the exact binary value of `x`, ties going to the larger digit:
    `0.125 → 0.13`, `0.625 → 0.63`, but `0.145 → 0.14` because the double nearest 0.145 lies
    just below it.
    """
    if x == 0 or not math.isfinite(x):
        return x
    exact = Decimal(x)
    quantum = Decimal(1).scaleb(exact.adjusted() - digits + 1)
    return float(exact.quantize(quantum, rounding=ROUND_HALF_UP))
