"""Great-circle distances and the bounding box that pre-filters them."""

from __future__ import annotations

import pytest

from venues.core.geo import bounding_box, haversine_km


def test_distance_to_itself_is_zero() -> None:
    assert haversine_km(51.75, -1.25, 51.75, -1.25) == 0


def test_known_distance_london_to_edinburgh() -> None:
    assert haversine_km(51.5074, -0.1278, 55.9533, -3.1883) == pytest.approx(534, abs=3)


def test_distance_is_symmetric_and_crosses_the_antimeridian() -> None:
    there = haversine_km(0, 179.5, 0, -179.5)
    assert there == pytest.approx(111.2, abs=0.5)
    assert haversine_km(0, -179.5, 0, 179.5) == pytest.approx(there)


def test_one_degree_of_latitude_is_about_111_km() -> None:
    assert haversine_km(10, 20, 11, 20) == pytest.approx(111.2, abs=0.2)


@pytest.mark.parametrize(("lat", "lon"), [(51.75, -1.25), (0.0, 0.0), (-33.9, 151.2), (70.0, 25.0)])
def test_bounding_box_encloses_every_point_of_the_circle(lat: float, lon: float) -> None:
    radius = 5.0
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
    assert min_lat < lat < max_lat and min_lon < lon < max_lon
    # The box's edges at the centre's latitude/longitude are the radius away.
    assert haversine_km(lat, lon, max_lat, lon) == pytest.approx(radius, rel=1e-3)
    assert haversine_km(lat, lon, lat, max_lon) >= radius * 0.999


def test_bounding_box_near_the_pole_does_not_blow_up() -> None:
    min_lat, max_lat, min_lon, max_lon = bounding_box(89.9999, 0.0, 50)
    assert max_lon - min_lon <= 360
