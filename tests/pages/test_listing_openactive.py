"""The organiser's OpenActive activity on the listing form (a text box offering the Activity List's names, no
script), stored as the concept's URL and shown back as its name, or "none" never to publish it, and what the
activity's page says about OpenActive: to residents the activity it is listed as, and only to its editors why
finder apps do not get it, always with the link to change it."""

from __future__ import annotations

import html

import httpx

from scheduling.models import Activity, Booking
from scheduling.openactive.activity_list import by_label
from tests.factories import Account, Factory
from tests.pages.support import days_ahead, london, post_form, sign_in

YOGA = by_label("Yoga")


async def booked(client: httpx.AsyncClient, factory: Factory) -> tuple[Account, int]:
    booker = await factory.account("booker")
    venue = await factory.venue()
    space = await factory.space(venue)
    day = days_ahead(5)
    booking = await factory.booking(
        space, london(day, 10), london(day, 11), booked_by=booker.id, venue=venue.id, title="Tuesday club"
    )
    await sign_in(client, booker)
    return booker, booking.id


async def test_the_form_offers_the_lists_names_and_stores_the_chosen_ones_url_showing_its_name_back(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    assert YOGA is not None
    _, booking_id = await booked(client, factory)
    form_page = f"/my/bookings/{booking_id}/listing"
    blank = (await client.get(form_page)).text
    assert 'list="openactive-activities"' in blank and '<datalist id="openactive-activities">' in blank
    assert '<option value="Walking Football">' in blank and '<option value="Yoga">' in blank

    saved = await post_form(
        client,
        form_page,
        {"listing_title": "Stretch club", "listing_cost": "free", "listing_openactive": "yoga"},
        form_page,
    )

    assert saved.status_code == 303, saved.text
    activity = await Activity.objects().where(Activity.booking == booking_id).first()
    assert activity is not None and activity.openactive_activity == YOGA.id
    again = (await client.get(form_page)).text
    assert 'name="listing_openactive" type="text" maxlength="200" list="openactive-activities" value="Yoga"' in again
    public = html.unescape((await client.get(f"/activities/{activity.id}")).text)
    assert "Listed on OpenActive as Yoga" in public


async def test_a_name_the_list_does_not_have_comes_back_with_the_form_as_filled_in(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, booking_id = await booked(client, factory)
    form_page = f"/my/bookings/{booking_id}/listing"

    refused = await post_form(
        client,
        form_page,
        {"listing_title": "Knit and natter", "listing_cost": "free", "listing_openactive": "Knitting"},
        form_page,
    )

    assert refused.status_code == 400, refused.text
    text = html.unescape(refused.text)
    assert "'Knitting' is not an activity on the OpenActive Activity List" in text
    assert 'value="Knitting"' in text and 'value="Knit and natter"' in text
    assert await Activity.count() == 0


async def test_a_listing_that_is_no_physical_activity_says_it_is_not_sent_to_finder_apps(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker, booking_id = await booked(client, factory)
    activity = await factory.activity(booking=booking_id, title="Coffee morning")

    as_editor = html.unescape((await client.get(f"/activities/{activity.id}")).text)
    assert "Not published to OpenActive finder apps" in as_editor
    assert "not a physical activity on the OpenActive Activity List" in as_editor
    assert f'href="/my/bookings/{booking_id}/listing">change the listing' in as_editor
    assert "Listed on OpenActive" not in as_editor

    await client.post("/sign-out", data={})
    client.cookies.clear()
    as_resident = html.unescape((await client.get(f"/activities/{activity.id}")).text)
    assert "OpenActive" not in as_resident, "residents are told only what is listed"
    assert "change the listing" not in as_resident, "residents are not told to change what they cannot"
    assert "Only you and others who run this booking can see this page" not in as_resident


async def test_a_listing_residents_cannot_see_yet_is_not_said_to_be_on_openactive(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, booking_id = await booked(client, factory)
    await Booking.update({Booking.status: "requested"}).where(Booking.id == booking_id)
    activity = await factory.activity(booking=booking_id, title="Yoga for beginners")

    page = html.unescape((await client.get(f"/activities/{activity.id}")).text)

    assert "To be listed on OpenActive as Yoga once residents can see it." in page
    assert "Listed on OpenActive as" not in page
    assert "Only you and others who run this booking can see this page" in page


async def test_editors_can_change_a_matched_activity_and_residents_see_only_that_it_is_listed(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, booking_id = await booked(client, factory)
    activity = await factory.activity(booking=booking_id, title="Yoga for beginners")

    as_editor = html.unescape((await client.get(f"/activities/{activity.id}")).text)
    assert "Listed on OpenActive as Yoga" in as_editor
    assert (
        f'Not the right activity? Choose another, or none, when you <a href="/my/bookings/{booking_id}/listing">'
        in (as_editor)
    )

    await client.post("/sign-out", data={})
    client.cookies.clear()
    as_resident = html.unescape((await client.get(f"/activities/{activity.id}")).text)
    assert "Listed on OpenActive as Yoga" in as_resident
    assert "Not the right activity" not in as_resident and "change the listing" not in as_resident


async def test_none_on_the_form_in_any_case_keeps_it_from_finder_apps_and_the_page_says_so_to_its_editors(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, booking_id = await booked(client, factory)
    form_page = f"/my/bookings/{booking_id}/listing"
    blank = html.unescape((await client.get(form_page)).text)
    assert "write none never to send it to those apps" in blank

    saved = await post_form(
        client,
        form_page,
        {"listing_title": "Yoga for beginners", "listing_cost": "free", "listing_openactive": "None"},
        form_page,
    )

    assert saved.status_code == 303, saved.text
    activity = await Activity.objects().where(Activity.booking == booking_id).first()
    assert activity is not None and activity.openactive_activity == "none"
    assert 'list="openactive-activities" value="none"' in (await client.get(form_page)).text
    page = html.unescape((await client.get(f"/activities/{activity.id}")).text)
    assert "Not published to OpenActive finder apps: you chose not to." in page
    assert f'href="/my/bookings/{booking_id}/listing">change the listing' in page
    assert "Listed on OpenActive" not in page


async def test_a_sport_named_in_a_title_of_another_category_is_not_listed(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, booking_id = await booked(client, factory)
    lunch = await factory.activity(booking=booking_id, title="Boxing Day lunch", category="lunch_club")

    page = html.unescape((await client.get(f"/activities/{lunch.id}")).text)

    assert "Listed on OpenActive" not in page and "Not published to OpenActive finder apps" in page
