"""The insurer's central sync service: FastAPI on PostgreSQL.

Agents push their change journal and pull the insurer's decisions; the back office
records decisions, edits contact data and publishes catalogue/tariff releases.
This package is only needed on the server (`pip install propono[server]`); the
desktop application never imports it.
"""
