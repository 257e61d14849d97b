"""Pix colours: the brand blue for what you act on, the brand yellow for what needs your eye."""

from __future__ import annotations

from textual.theme import Theme

PIX_THEME = Theme(
    name="pix",
    primary="#3D68FF",
    secondary="#6E45E2",
    accent="#FFBE00",
    warning="#FFBE00",
    error="#FF6B6B",
    success="#4EBF71",
    foreground="#E8EAF2",
    background="#0F1426",
    surface="#182038",
    panel="#22305A",
    dark=True,
)
