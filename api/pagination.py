"""limit/offset pagination: the query parameters and the ``next`` link every list returns.

``Page.total`` is exact, except on lists whose size grows with the whole country (what's on), which
count only up to a cap and set ``total_capped`` beyond it (``total`` is then a lower bound, and ``next``
is there while the page was full): clients page on with ``next``, never by page numbers from ``total``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from litestar import Request
from litestar.params import QueryParameter
from msgspec import Struct

from api.schemas import Page

T = TypeVar("T")

MAX_LIMIT = 200


class Paging(Struct, frozen=True):
    limit: int
    offset: int


def provide_paging(
    limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="page size")] = 50,
    offset: Annotated[int, QueryParameter(ge=0, le=10_000_000, description="items to skip")] = 0,
) -> Paging:
    return Paging(limit=limit, offset=offset)


def next_page_url(request: Request, paging: Paging) -> str:
    """The request's own URL, every other query parameter kept, moved on by one page."""
    kept = [(key, value) for key, value in request.url.query_params.multi_items() if key not in ("limit", "offset")]
    query = urlencode([*kept, ("limit", paging.limit), ("offset", paging.offset + paging.limit)])
    return str(request.url.with_replacements(query=query))


def page_of(request: Request, items: Sequence[T], total: int, paging: Paging, capped: bool = False) -> Page[T]:
    """The page; ``capped``: more than ``total`` match (the count stopped at a cap), so there is a next page."""
    next_url: str | None = None
    if capped or paging.offset + len(items) < total:
        next_url = next_page_url(request, paging)
    return Page(
        items=list(items), total=total, limit=paging.limit, offset=paging.offset, next=next_url, total_capped=capped
    )
