"""Benchmarks of pix-tui: `uv run python -m bench` prints a table (`--quick` for a short run)."""
