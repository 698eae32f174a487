import os

# Headless by default; CI and `make test` set it too.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The sync server's PostgreSQL fixtures (started only by the tests that use them).
from tests.sync_fixtures import enrol, pg_cluster, server_config, sync_server  # noqa: E402,F401
