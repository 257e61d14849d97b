"""Which version of the demo data a database holds (stdlib only: read at TUI start-up).

Bump DEMO_SEED_VERSION whenever server/seed.py seeds something new, so that already prepared
demo databases get the new data at their next start (seeding only adds what is missing).
"""

DEMO_SEED_VERSION = "4"
DEMO_SEED_MARKER_KEY = "demo_seed_version"
