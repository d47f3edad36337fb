"""Maps and distances: TopoJSON boundaries, the range map, and distances to countries.

Boundaries come from Natural Earth's 1:50m countries as TopoJSON (the npm package world-atlas
2.0.2, vendored in assets/geo/); `decode` turns its quantized, delta-encoded arcs into lon/lat
rings without any GIS dependency. Sites and ranges come from the chapters' tables.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd

from csreport import paths
from csreport.report import charts

# Map window: latitudes from Serbia's south (with Kosovo) to its north, centred on this longitude;
# the longitudes shown follow from the page width, so that the legend sits beside the country.
WINDOW = (41.75, 46.35)
CENTRE_LON = 20.9
MAP_HEIGHT_IN = 4.3
MAP_LEFT, MAP_RIGHT = 0.005, 0.995  # the axes span the figure's width


Ring = list[tuple[float, float]]


def decode_arcs(topology: dict) -> list[Ring]:
    """The arcs of a TopoJSON topology as lists of (lon, lat) points.

    Quantized topologies (with a `transform`) store each arc's first point absolutely and the
    others as deltas from the previous one; unquantized ones store plain positions.
    """
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list[Ring]) -> Ring:
    # A negative index ~i means arc i reversed; consecutive arcs share their end point.
    ring: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def decode(topology: dict, object_name: str) -> dict[str, list[Ring]]:
    """The rings (outer boundaries and holes) of each named geometry of a TopoJSON object."""
    if object_name not in topology.get("objects", {}):
        raise ValueError(f"TopoJSON: no object '{object_name}' (has {sorted(topology.get('objects', {}))})")
    arcs = decode_arcs(topology)
    shapes: dict[str, list[Ring]] = {}
    for geometry in topology["objects"][object_name]["geometries"]:
        name = geometry.get("properties", {}).get("name", str(geometry.get("id", "")))
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        shapes[name] = [_ring(ring, arcs) for polygon in polygons for ring in polygon]
    return shapes


BOUNDARIES = "assets/geo/countries-50m.json"  # vendored Natural Earth 1:50m, relative to the root


@lru_cache(maxsize=1)
def countries(path: Path | None = None) -> dict[str, list[Ring]]:
    """Country rings of the vendored Natural Earth boundaries, by Natural Earth's short name."""
    return decode(json.loads(Path(path or paths.ROOT / BOUNDARIES).read_text(encoding="utf-8")), "countries")


def _draw_country(ax, rings: list[Ring], *, face: str, edge: str, width: float, zorder: int) -> None:
    for ring in rings:
        xs, ys = zip(*ring)
        ax.fill(xs, ys, facecolor=face, edgecolor=edge, linewidth=width, zorder=zorder)


def _label(ax, group: pd.DataFrame, side: str) -> None:
    name, lat = group["name"].iloc[0], group["latitude"].iloc[0]
    lon = group["longitude"].iloc[0]
    where = {
        "right": (group["x"].max() + 0.12, lat, "left", "center"),
        "left": (group["x"].min() - 0.12, lat, "right", "center"),
        "above": (lon, lat + 0.1, "center", "bottom"),
        "below": (lon, lat - 0.1, "center", "top"),
        "upper right": (group["x"].max() + 0.08, lat + 0.02, "left", "bottom"),
    }
    if side not in where:
        raise ValueError(f"map label of '{name}': side '{side}' is not one of {', '.join(where)}")
    x, y, ha, va = where[side]
    ax.text(x, y, name, ha=ha, va=va, fontsize=8, color=charts.TEXT, zorder=6)


def _window() -> tuple[float, float, float, float]:
    """The map's (lon0, lon1, lat0, lat1): WINDOW's latitudes, and longitudes that fill the page width."""
    lat0, lat1 = WINDOW
    # A degree of longitude is cos(latitude) as long as one of latitude: widen the window to match.
    aspect = 1 / math.cos(math.radians((lat0 + lat1) / 2))
    half = (lat1 - lat0) * aspect * charts.WIDTH_IN * (MAP_RIGHT - MAP_LEFT) / MAP_HEIGHT_IN / 2
    return CENTRE_LON - half, CENTRE_LON + half, lat0, lat1


def _meets(ring: Ring, window: tuple[float, float, float, float]) -> bool:
    """True when the ring's bounding box overlaps the window (lon0, lon1, lat0, lat1)."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs) <= window[1] and max(xs) >= window[0] and min(ys) <= window[3] and max(ys) >= window[2]


def _draw_countries(ax, shapes: dict, focus: str, disputed: str, disputed_label: str, window) -> None:
    """Neighbours in white, the focus country tinted, the disputed territory with its own label.
    Rings outside the window are not drawn: the map shows the same, drawn in a tenth of the time."""
    for name, rings in shapes.items():
        if name in (focus, disputed):
            continue
        visible = [ring for ring in rings if _meets(ring, window)]
        _draw_country(ax, visible, face="white", edge="#BBBBBB", width=0.5, zorder=1)
    _draw_country(ax, shapes[focus], face="#FFF6E5", edge=charts.GREY, width=0.8, zorder=2)
    _draw_country(ax, shapes[disputed], face="white", edge=charts.GREY, width=0.8, zorder=2)
    xs, ys = zip(*[p for ring in shapes[disputed] for p in ring])
    ax.text(
        sum(xs) / len(xs),
        sum(ys) / len(ys),
        disputed_label,
        ha="center",
        va="center",
        fontsize=8,
        color=charts.GREY,
        zorder=3,
    )


EARTH_RADIUS_KM = 6371.0


def circle(lat: float, lon: float, radius_km: float, points: int = 180) -> tuple[list[float], list[float]]:
    """Longitudes and latitudes of the points `radius_km` from (lat, lon) on a sphere: the outline of
    a published range drawn around a site (great-circle distance, so it stays round on the ground)."""
    if radius_km <= 0:
        raise ValueError(f"a range circle needs a positive radius, not {radius_km}")
    phi1, lam1 = math.radians(lat), math.radians(lon)
    delta = radius_km / EARTH_RADIUS_KM
    lons, lats = [], []
    for i in range(points + 1):
        theta = 2 * math.pi * i / points
        phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
        lam2 = lam1 + math.atan2(
            math.sin(theta) * math.sin(delta) * math.cos(phi1), math.cos(delta) - math.sin(phi1) * math.sin(phi2)
        )
        lats.append(math.degrees(phi2))
        lons.append(math.degrees(lam2))
    return lons, lats


def visible_centre(shapes: dict, country: str, lons: tuple, lats: tuple, step: float = 0.1):
    """The centre (lon, lat) of the part of `country` inside the window, on a grid of `step`
    degrees (the mean of the grid points inside its boundary), or None if none is visible."""
    from matplotlib.path import Path as _Path

    if country not in shapes:
        raise ValueError(f"{Path(BOUNDARIES).name}: no country named '{country}'")
    margin = 0.25
    xs = [lons[0] + margin + i * step for i in range(int((lons[1] - lons[0] - 2 * margin) / step) + 1)]
    ys = [lats[0] + margin + j * step for j in range(int((lats[1] - lats[0] - 2 * margin) / step) + 1)]
    grid = [(x, y) for x in xs for y in ys]
    inside = set()
    for ring in shapes[country]:
        hits = _Path(ring).contains_points(grid)
        inside |= {g for g, hit in zip(grid, hits) if hit}
    if not inside:
        return None
    return sum(x for x, _ in inside) / len(inside), sum(y for _, y in inside) / len(inside)


def range_map(
    sites: pd.DataFrame,
    rings: pd.DataFrame,
    *,
    focus: str = "Serbia",
    disputed: str = "Kosovo",
    disputed_label: str = "Kosovo*",
    label_side: dict[str, str] | None = None,
    country_labels: dict[str, str] | None = None,
) -> charts.Chart:
    """Serbia and its neighbours with one marker per site and a circle per published range.

    `country_labels` maps a Natural Earth name to the label written on that country, placed at
    the mean of its boundary points inside the map window (so a large neighbour is named where
    it is visible).

    `sites` has `id`, `name` (the label), `latitude`, `longitude`, `colour`, `marker`, `legend`
    (the legend entry of its kind) and `sources`; `rings` has `site` (an id of `sites`),
    `radius_km`, `label` (the legend entry of the circle), `style` ('-', '--' or ':') and `sources`.
    The data drawn are the rings joined to their sites, then the sites without a ring.
    """
    shapes = countries()
    missing = [n for n in (focus, disputed) if n not in shapes]
    if missing:
        raise ValueError(f"{Path(BOUNDARIES).name}: no country named {missing}")
    unknown = sorted(set(rings["site"]) - set(sites["id"]))
    if unknown:
        raise ValueError(f"range rings around unknown site(s): {', '.join(unknown)}")
    lon0, lon1, lat0, lat1 = window = _window()
    fig, ax = charts.figure(height=MAP_HEIGHT_IN)
    fig.subplots_adjust(left=MAP_LEFT, right=MAP_RIGHT)
    _draw_countries(ax, shapes, focus, disputed, disputed_label, window)
    by_id = sites.set_index("id")
    for _, ring in rings.iterrows():
        site = by_id.loc[ring["site"]]
        xs, ys = circle(site["latitude"], site["longitude"], float(ring["radius_km"]))
        ax.plot(xs, ys, linestyle=ring["style"], color=site["colour"], linewidth=1.3, zorder=4, label=ring["label"])
    for legend, group in sites.groupby("legend", sort=False):
        ax.scatter(
            group["longitude"],
            group["latitude"],
            marker=group["marker"].iloc[0],
            s=60,
            color=group["colour"].iloc[0],
            edgecolor="white",
            linewidth=0.6,
            zorder=5,
            label=legend,
        )
    for name, group in sites.assign(x=sites["longitude"], y=sites["latitude"]).groupby("name", sort=False):
        _label(ax, group, (label_side or {}).get(name, "right"))
    for country, text in (country_labels or {}).items():
        spot = visible_centre(shapes, country, (lon0, lon1), (lat0, lat1))
        if spot is not None:
            ax.text(*spot, text, ha="center", va="center", fontsize=7.5, color=charts.GREY, style="italic", zorder=3)
    _bare_frame(ax, window)
    ax.legend(loc="lower left", fontsize=7.2, frameon=True, facecolor="white", edgecolor="#DDDDDD")
    return charts.Chart(fig, _drawn(sites, rings))


def _bare_frame(ax, window: tuple[float, float, float, float]) -> None:
    """The map's window, without ticks, grid or frame."""
    lon0, lon1, lat0, lat1 = window
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _drawn(sites: pd.DataFrame, rings: pd.DataFrame) -> pd.DataFrame:
    """The data drawn: the rings joined to their sites (with the sources of both), then the sites
    without a ring."""
    placed = sites[["id", "name", "latitude", "longitude", "sources"]].rename(columns={"id": "site"})
    drawn = rings.merge(placed.rename(columns={"sources": "site_sources"}), on="site")
    drawn["sources"] = [
        ";".join(dict.fromkeys(f"{a};{b}".split(";"))) for a, b in zip(drawn["sources"], drawn["site_sources"])
    ]
    alone = placed[~placed["site"].isin(rings["site"])]
    return pd.concat([drawn.drop(columns="site_sources"), alone]).reset_index(drop=True)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in km (haversine formula)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _nearest_km(lat: float, lon: float, rings: list[Ring]) -> float:
    """The distance in km from (lat, lon) to the nearest point of the rings' edges (not only their
    vertices), on a local equirectangular projection: close enough for the few hundred km of a
    published range."""
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
    best = math.inf
    for ring in rings:
        pts = [((x - lon) * kx, (y - lat) * ky) for x, y in ring]
        for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]):
            dx, dy = x2 - x1, y2 - y1
            t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(x1 * dx + y1 * dy) / (dx * dx + dy * dy)))
            best = min(best, math.hypot(x1 + t * dx, y1 + t * dy))
    return best


def countries_within(
    lat: float, lon: float, radius_km: float, shapes: dict | None = None, exclude: tuple[str, ...] = ()
) -> list[str]:
    """The countries (Natural Earth names) whose boundary comes within `radius_km` of (lat, lon),
    nearest first: the territory a published range around a site reaches."""
    shapes = countries() if shapes is None else shapes
    nearest = {name: _nearest_km(lat, lon, rings) for name, rings in shapes.items() if name not in exclude}
    return sorted((n for n, d in nearest.items() if d <= radius_km), key=nearest.get)


def countries_distance(lat: float, lon: float, country: str, shapes: dict | None = None) -> float:
    """The distance in km from (lat, lon) to the nearest point of `country`'s boundary."""
    shapes = countries() if shapes is None else shapes
    if country not in shapes:
        raise ValueError(f"{Path(BOUNDARIES).name}: no country named '{country}'")
    return _nearest_km(lat, lon, shapes[country])
