"""Pix App, the student side: join a campaign, answer an adaptive test, see and share results."""
