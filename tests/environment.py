"""The environment the test run's settings read, loaded by pytest before Django starts
(`-p tests.environment` in pyproject.toml's addopts; conftest.py is read too late for it).

Tests run with DEBUG off, as production does, so the settings insist on a real SECRET_KEY;
this one is for tests only. A value already in the environment wins.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "Qm7Vx2Lp9Rw4Tz8Ny3Hb6Jd1Kf5Gs0" * 2)
