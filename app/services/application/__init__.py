"""The application layer: every use case a screen starts, each owning its transaction.

`ports` declares what the screens may call (small protocols and the values they return);
the modules here implement them over the domain packages: the agent's session and the
clients list, drafts and signing (`proposals`, `health`), places and checks, the
catalogue, basic insurance, pricing, questionnaires and documents as the wizard shows
them, the follow-up after signing, and the review of sync conflicts and repriced offers.
`draft` is the wizard's working copy of a proposal, `recovery` keeps a draft the store
refuses so nothing typed is lost.

No Qt here: the views (`app/views/`) call these and show the answers; they never open a
unit of work, a session or a query. Depends on every domain package; none depends on it.
"""
