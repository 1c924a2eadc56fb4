"""A group's private contact is for its organisers and site admins, in a list as in a single read."""

from __future__ import annotations

from scheduling.groups import private_contact_readable
from tests.factories import Factory


async def test_only_organisers_and_site_admins_read_a_groups_private_contact(factory: Factory) -> None:
    organiser = await factory.account("organiser")
    mine = await factory.group(organiser)
    other = await factory.group(await factory.account("other"))
    admin = await factory.account("admin", admin=True)

    assert await private_contact_readable(organiser.user, [mine, other]) == {mine.id}
    assert await private_contact_readable(organiser.user, [other]) == set()
    assert await private_contact_readable(admin.user, [mine, other]) == {mine.id, other.id}
    assert await private_contact_readable(None, [mine, other]) == set()
    assert await private_contact_readable((await factory.account()).user, [mine]) == set()
