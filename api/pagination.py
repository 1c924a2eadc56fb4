"""limit/offset pagination: the query parameters and the ``next`` link every list returns."""

from __future__ import annotations

from typing import Annotated, Sequence, TypeVar

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


def page_of(request: Request, items: Sequence[T], total: int, paging: Paging) -> Page[T]:
    next_url: str | None = None
    if paging.offset + len(items) < total:
        next_url = str(request.url.include_query_params(limit=paging.limit, offset=paging.offset + paging.limit))
    return Page(items=list(items), total=total, limit=paging.limit, offset=paging.offset, next=next_url)
