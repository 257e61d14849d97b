"""Typed reading of one YAML mapping that reports problems instead of raising.

The loader wants every mistake of a content file at once, so a missing or mistyped field is
recorded (with the file and object it belongs to) and a neutral value is returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_MISSING: Any = object()


@dataclass
class Problems:
    items: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")


class Fields:
    """Values of a YAML mapping at `where`; unknown and missing keys are reported up front."""

    def __init__(
        self,
        data: Any,
        where: str,
        problems: Problems,
        required: set[str],
        optional: set[str] | None = None,
    ) -> None:
        self.where = where
        self.problems = problems
        self.required = required
        if not isinstance(data, dict):
            problems.add(where, f"objet attendu (clés {sorted(required)}), trouvé {data!r:.60}")
            data = {}
        self.data: dict[Any, Any] = data
        allowed = required | (optional or set())
        for key in sorted(required - data.keys()):
            problems.add(where, f"champ {key!r} manquant")
        for key in sorted(set(data) - allowed, key=str):
            problems.add(where, f"champ {key!r} inconnu (attendus: {sorted(allowed)})")

    def _report(self, key: str, expected: str) -> None:
        self.problems.add(
            self.where, f"champ {key!r}: {expected} attendu, trouvé {self.data[key]!r:.60}"
        )

    def string(self, key: str, default: str = "", *, scalar: bool = False) -> str:
        """Text value; with `scalar`, an unquoted YAML number is accepted as its text."""
        if key not in self.data:
            return default
        value = self.data[key]
        if scalar and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self._report(key, "texte")
            return default
        if key in self.required and not value.strip():
            self.problems.add(self.where, f"champ {key!r} vide")
        return value

    def integer(self, key: str) -> int:
        """Whole number; 0 when missing or mistyped (the problem is recorded)."""
        return self.optional_integer(key) or 0

    def optional_integer(self, key: str) -> int | None:
        if key not in self.data:
            return None
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self._report(key, "nombre entier")
            return None
        return value

    def boolean(self, key: str, default: bool) -> bool:
        if key not in self.data:
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            self._report(key, "booléen (true/false)")
            return default
        return value

    def string_list(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._report(key, "liste de textes")
            return []
        return value

    def list_of(self, key: str, min_items: int = 0) -> list[Any]:
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self._report(key, "liste")
            return []
        if len(value) < min_items:
            self.problems.add(
                self.where, f"champ {key!r}: au moins {min_items} élément(s) attendu(s)"
            )
        return value
