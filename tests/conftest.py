import os

# Headless by default; CI and `make test` set it too.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
