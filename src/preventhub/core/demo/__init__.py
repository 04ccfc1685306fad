"""Demo data for trying PreventHub and for benchmarks: ``preventhub seed_demo`` and ``demo_totp``.

- ``data``: fixed word lists (names, departments, courses, job titles, employers).
- ``people``: deterministic generation of staff and learner rows.
- ``users``: the demo sign-ins, one per role, with the published demo TOTP secret.
- ``concern_stories``: the demo's concerns as stories: what was raised and what the team did.
- ``concerns``: tells the stories through the concerns services (and ~1,500 generated for large).
- ``historical``: five years of bulk-inserted "imported" concerns for benchmarks.
- ``seed``: the idempotent seed that puts it all in the database.
- ``totp``: the current code for a demo user's authenticator (DEBUG only, via the command).
"""
