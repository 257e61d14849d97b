"""The one place the version lives (read by hatch and by `pix-tui --version`)."""

__version__ = "0.1.0"
