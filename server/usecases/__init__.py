"""Use cases: plain async functions taking a session, called by thin route functions."""
