"""The map's logic on made-up data: TopoJSON decoding, the point frame, distances and range circles."""

import pytest

from csreport.report import geo

# Two squares sharing one edge (arc 1), quantized: transform scale 0.5, translate (10, 40).
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 40]},
    "arcs": [
        [[2, 0], [-2, 0], [0, 2], [2, 0]],  # A: (2,0)->(0,0)->(0,2)->(2,2)
        [[2, 2], [0, -2]],  # shared edge: (2,2)->(2,0)
        [[2, 2], [2, 0], [0, -2], [-2, 0]],  # B: (2,2)->(4,2)->(4,0)->(2,0)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "properties": {"name": "Westland"}, "arcs": [[0, 1]]},
                {"type": "MultiPolygon", "properties": {"name": "Eastland"}, "arcs": [[[2, ~1]]]},
                {"type": "Point", "properties": {"name": "Ignored"}, "coordinates": [1, 1]},
            ],
        }
    },
}


def test_arcs_are_delta_decoded_and_transformed():
    arcs = geo.decode_arcs(TOPOLOGY)
    assert arcs[0] == [(11.0, 40.0), (10.0, 40.0), (10.0, 41.0), (11.0, 41.0)]
    assert arcs[1] == [(11.0, 41.0), (11.0, 40.0)]


def test_unquantized_arcs_are_plain_positions():
    topo = {"arcs": [[[19.5, 44.0], [20.5, 45.0]]]}
    assert geo.decode_arcs(topo) == [[(19.5, 44.0), (20.5, 45.0)]]


def test_rings_join_arcs_and_reverse_negative_indices():
    shapes = geo.decode(TOPOLOGY, "countries")
    assert set(shapes) == {"Westland", "Eastland"}
    west = shapes["Westland"][0]
    assert west[0] == west[-1] == (11.0, 40.0)  # closed ring, shared point not repeated
    assert len(west) == 5
    east = shapes["Eastland"][0]
    # ~1 is the shared edge walked backwards: (11,40) -> (11,41), closing Eastland's ring.
    assert east[-2:] == [(11.0, 40.0), (11.0, 41.0)]
    assert east[0] == east[-1]


def test_unknown_object_is_named():
    with pytest.raises(ValueError, match="no object 'land'"):
        geo.decode(TOPOLOGY, "land")


def test_map_of_real_boundaries_has_serbia_and_kosovo():
    shapes = geo.countries()
    assert {"Serbia", "Kosovo"} <= set(shapes)
    lons = [x for ring in shapes["Serbia"] for x, _ in ring]
    assert 18 < min(lons) < max(lons) < 23.5


# --- Distances and range circles ---------------------------------------------------------------------


def test_distance_km_of_a_degree_of_latitude_and_of_a_point_to_itself():
    assert geo.distance_km(44.0, 20.0, 45.0, 20.0) == pytest.approx(111.2, abs=0.2)
    assert geo.distance_km(44.0, 20.0, 44.0, 20.0) == 0


def test_circle_points_lie_at_the_radius_and_close_the_ring():
    lons, lats = geo.circle(44.87, 20.64, 170, points=36)
    assert (lons[0], lats[0]) == pytest.approx((lons[-1], lats[-1]))
    for lon, lat in zip(lons, lats):
        assert geo.distance_km(44.87, 20.64, lat, lon) == pytest.approx(170, rel=1e-6)
    with pytest.raises(ValueError, match="positive radius"):
        geo.circle(44.0, 20.0, 0)


SQUARES = {  # 1°-wide squares: Homeland around (20.5, 44.5), Eastland from 21.0, Farland from 24.0
    "Homeland": [[(20.0, 44.0), (21.0, 44.0), (21.0, 45.0), (20.0, 45.0)]],
    "Eastland": [[(21.0, 44.0), (22.0, 44.0), (22.0, 45.0), (21.0, 45.0)]],
    "Farland": [[(24.0, 44.0), (25.0, 44.0), (25.0, 45.0), (24.0, 45.0)]],
}


def test_countries_within_a_radius_nearest_first_leaving_out_the_excluded():
    near = geo.countries_within(44.5, 20.5, 50, SQUARES, exclude=("Homeland",))
    assert near == ["Eastland"]  # its edge is about 40 km away, although its nearest vertex is further
    assert geo.countries_within(44.5, 20.5, 300, SQUARES, exclude=("Homeland",)) == ["Eastland", "Farland"]
    assert geo.countries_within(44.5, 20.5, 30, SQUARES, exclude=("Homeland",)) == []


def test_countries_distance_and_visible_centre():
    assert geo.countries_distance(44.5, 20.5, "Farland", SQUARES) > geo.countries_distance(
        44.5, 20.5, "Eastland", SQUARES
    )
    with pytest.raises(ValueError, match="no country named 'Nowhere'"):
        geo.countries_distance(44.5, 20.5, "Nowhere", SQUARES)
    centre = geo.visible_centre(SQUARES, "Eastland", (20.0, 23.0), (43.0, 46.0), step=0.05)
    assert centre == pytest.approx((21.5, 44.5), abs=0.05)
    assert geo.visible_centre(SQUARES, "Farland", (20.0, 23.0), (43.0, 46.0)) is None  # outside the window
