"""Start-up to a usable main window on the demo database: median of 5 cold starts.

Each run is a fresh process (imports included, as for an agent double-clicking the app)
on a demo database created beforehand with the real key-derivation costs. The child
process starts Propono with `app.gui`'s own functions, shows the login dialog, submits the
demo password the way the agent's Return key does, and reports when the main window is
shown with the list of clients filled. Three figures per run:

- to login: process start until the login dialog is on screen;
- login: from the password's submission to the main window (argon2id, the store, the list);
- total: both together (what the agent waits, typing aside). Target: under 1.5 s.

Wall time depends on what else the machine runs; the CPU time of the process does not, so
both are printed, with the load average.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5

CHILD = r"""
import sys, time
start = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from app.gui import main_window, start as start_propono
started = start_propono([])
assert started.mode.value == "login"
from app.views.log_in import LoginDialog
login = LoginDialog(started.context.auth)
login.show()
started.app.processEvents()
shown = time.perf_counter()
login.prompt.password.setText(sys.argv[2])  # the demo password
login.prompt.submit()
assert login.result() == LoginDialog.DialogCode.Accepted
window = main_window(started)
started.app.processEvents()
assert window.browser.model.rowCount() > 0
ready = time.perf_counter()
print(f"{shown - start:.4f} {ready - shown:.4f} {time.process_time():.4f}", flush=True)
started.store.close()
"""


def main() -> int:
    # read here, not in the child: the application itself no longer imports the demo module
    sys.path.insert(0, str(ROOT))
    from app.services.demo.data import DEMO_PASSWORD

    folder = Path(tempfile.mkdtemp(prefix="propono-bench-"))
    env = dict(os.environ, PROPONO_DATA_DIR=str(folder), QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(folder / "config"))  # not the user's preferences
    # As installed (pip writes the bytecode): compiled once, not at every start. With
    # PYTHONDONTWRITEBYTECODE set, every start compiled the application's sources again
    # (a quarter of a second, growing with the code).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "app")], env=env,
                   check=True)
    setup = ("import sys; sys.path.insert(0, sys.argv[1]); "
             "from app.paths import data_dir; from app.services.demo.data import "
             "ensure_demo_database; ensure_demo_database(data_dir() / 'propono.sqlite')")
    subprocess.run([sys.executable, "-c", setup, str(ROOT)], env=env, check=True)
    to_login, login, total, cpu = [], [], [], []
    for _ in range(RUNS):
        began = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), DEMO_PASSWORD], env=env,
                             check=True, capture_output=True, text=True).stdout.split()
        wall = time.perf_counter() - began
        second, used = float(out[-2]), float(out[-1])
        # interpreter start-up is outside the child's clock: count it in "to login"
        to_login.append(wall - second)
        login.append(second)
        total.append(wall)
        cpu.append(used)
    print(f"start-up, median of {RUNS} cold starts on the demo database "
          f"({len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'} CPUs):")
    print(f"  process start -> login dialog shown:   {statistics.median(to_login):.3f} s")
    print(f"  password submitted -> main window:     {statistics.median(login):.3f} s")
    print(f"  total (target < 1.5 s):                {statistics.median(total):.3f} s")
    print(f"  CPU time of the process (total):       {statistics.median(cpu):.3f} s")
    if hasattr(os, "getloadavg"):
        print(f"  load average during the runs:          {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
