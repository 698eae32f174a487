"""Writer process for the crash test: commits proposals until it is killed.

Prints "ready" once started, then "<proposal id>" after each commit (flushed), so
the test knows exactly which proposals were reported committed before SIGKILL.
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from app.services.proposals import records as pr
from app.services.proposals.households import list_households
from app.services.proposals.records import ItemData, ProposalData
from app.services.store.schema import open_store


def main(path: str) -> None:
    store = open_store(Path(path))
    household = list_households(store, limit=1)[0]
    persons = [p.id for p in household.persons]
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        items = [
            ItemData(persons[i % len(persons)], "LAMAL" if i % 3 == 0 else "GL", str(i % 4 + 1),
                     Decimal(300 + 100 * i))
            for i in range(12)
        ]
        proposal = pr.create_proposal(
            store, household.id, ProposalData(start_date=date(2027, 1, 1), items=items)
        )
        # Autosave as an agent would type, each its own transaction.
        version = pr.save_draft(store, proposal.id, "signing_place", f"Lausanne {n}", proposal.version)
        pr.save_draft(store, proposal.id, "note", "x" * (n % 50), version)
        sys.stdout.write(proposal.id + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
