"""Adaptive test engine of the reference server: pure functions, no database, no web, no I/O.

Modules: `types` (inputs and outputs), `validation` (answer correction), `knowledge`
(knowledge elements), `smart_random` (next challenge), `scoring` (pix, levels, rates),
`checkpoints` (every-5-answers pages), `rounding` (JavaScript-compatible rounding).
"""
