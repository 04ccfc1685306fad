#!/usr/bin/env sh
# Exit 0 if the PostgreSQL used for the second test run answers.
"${VENV:-.venv}/bin/python" - "$1" <<'PY'
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception:
    sys.exit(1)
PY
