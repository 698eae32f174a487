"""The laptop's local store: the encrypted SQLite database and what records every change.

Owns the database and its units of work (`database`: `Store`, `NotFound`, `StaleRecord`),
the change journal that sync ships (`journal`), the audit trail (`audit`, `audit_event`),
encryption of health data at rest (`crypto`) and schema migrations (`schema`).

Public surface: the modules named above. Depends on `app.models` only; every other service
package builds on it.
"""
