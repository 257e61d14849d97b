"""Alembic migrations of the reference server (run them with server.migrate.upgrade)."""
