"""Proposals: the household, what it applies for, and the proposal's whole life.

Owns households and persons (`households`), proposals and their items (`records`), the
health questionnaire and its answers (`questionnaire`, `answers`, `answer_sets`),
underwriting and reservations (`underwriting`, `reservations`), the lifecycle's one state
machine (`lifecycle`), signatures (`signatures`, `scribble`), stored documents
(`stored_documents`), the insurer's decisions (`decisions`), the follow-up after signing
(`follow_up`) and the meeting's use cases in one transaction each (`flow`). `persons`
declares a person's fields once, without the database layer.

Public surface: the modules named above. Depends on `store`, `catalogue`, `validation`,
`postal_codes`, `dates` and `formatting`.
"""
