"""The ceiling: a bare Litestar JSON endpoint, served by the same server, protocol, loop and workers as the app.

Every ratio in the results is the app's throughput over this one's, measured in
the same run, so the machine's noise (colleagues' test suites) mostly cancels.
"""

from __future__ import annotations

from litestar import Litestar, get


@get("/", sync_to_thread=False)
def hello() -> dict[str, str]:
    return {"status": "ok"}


app = Litestar(route_handlers=[hello], debug=False)
