"""The tracker server's limits, declared once (docs/reliability.md lists them).

Every request body, read timeout, id range and credential lifetime the server enforces is
one of these names; the API, the dashboard, the store and the command line import them.
"""

from __future__ import annotations

#: the largest integer a column holds on every backend (PostgreSQL's INTEGER): ids, versions
MAX_INT = 2**31 - 1
#: the largest request body the server reads (bytes); a larger one is answered 413 unread
MAX_BODY_BYTES = 1_048_576
#: seconds the server waits for the next piece of a request body before answering 408
BODY_READ_TIMEOUT = 5.0
#: seconds a whole request body may take to arrive (a trickle of bytes does not reset it)
BODY_TOTAL_TIMEOUT = 15.0
#: characters of the refused input a 422 answer quotes back (the rest is cut)
MAX_ECHO = 200
#: days an API token lives when it is made without an expiry, and the most it may ask for
TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 366
