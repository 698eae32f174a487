"""Sync with the insurer, seen from the laptop.

Owns the transport and its API (`api`, `client`), the wire format of journal entries
(`wire`), applying what the server sends back (`replica`: releases, decisions, policies),
the whole sync use case (`service`), its settings (`settings`), the signed offline bundle
(`bundle`) and offers to price again after a tariff release (`stale_offers`).

Public surface: the modules named above. Depends on `store`, `proposals`, `catalogue` and
`pricing`; nothing in the services depends on it.
"""
