"""The address a request came from, for limits that count per client.

By default that is the socket peer: a header can be set by anyone, so trusting one
would let a guesser pick a fresh "address" for every attempt. Behind a reverse proxy
every request's peer is the proxy, so name the header that proxy sets in
``COMMONROOM_CLIENT_IP_HEADER`` (for example ``X-Forwarded-For`` or ``X-Real-IP``); its
last entry, the one the proxy itself appended, is used. A proxy may add its own header
line rather than extend the client's, so all lines are read in order, joined as one
list. Set it only when every request reaches the app through that proxy.
"""

from __future__ import annotations

import os
from typing import Any

from litestar.connection import ASGIConnection

CLIENT_IP_HEADER_ENV = "COMMONROOM_CLIENT_IP_HEADER"


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    header = os.environ.get(CLIENT_IP_HEADER_ENV, "").strip()
    if header:
        lines = connection.headers.getall(header, [])
        forwarded = ",".join(lines).split(",")[-1].strip()
        if forwarded:
            return forwarded[:100]
    return connection.client.host if connection.client else "unknown"
