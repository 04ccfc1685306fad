"""Demo data for trying PreventHub and for benchmarks: ``preventhub seed_demo`` and ``demo_totp``.

- ``data``: fixed word lists (names, departments, courses, job titles, employers).
- ``people``: deterministic generation of staff and learner rows.
- ``users``: the demo sign-ins, one per role, with the published demo TOTP secret.
- ``seed``: the idempotent seed that puts it all in the database.
- ``totp``: the current code for a demo user's authenticator (DEBUG only, via the command).
"""
