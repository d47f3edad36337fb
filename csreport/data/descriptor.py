"""The data package's descriptors, as data/datapackage.json and the tables' description files
write them: JSON only. The build's configuration reads the edition from here without the loader
and pandas (`csreport.data.loader` loads the tables these describe)."""

from __future__ import annotations

import json
from functools import cache, lru_cache

from csreport import paths
from csreport.data import schema
from csreport.data.errors import DataError, at


@paths.on_change
def _reset() -> None:
    package.cache_clear()
    _description.cache_clear()


def _json(path) -> dict:
    """A JSON file of the package, or DataError naming the file and line (a BOM is accepted)."""
    try:
        return json.loads(path.read_text(encoding="utf-8").removeprefix("\ufeff"))
    except FileNotFoundError:
        raise DataError(f"{paths.rel(path)}: file not found") from None
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{paths.rel(path)}: byte 0x{exc.object[exc.start]:02x} is not UTF-8 text; expected UTF-8"
        ) from None
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{at(paths.rel(path), line=exc.lineno)}: invalid JSON ({exc.msg} at character "
            f"{exc.colno}; a missing comma shows at the start of the next line); expected "
            "valid JSON (check commas, quotes and brackets)"
        ) from None


@lru_cache(maxsize=1)
def package() -> dict:
    """The data package descriptor as written (each table's schema a path to its description file)."""
    return _json(paths.PACKAGE)


def resource(name: str) -> dict:
    """The descriptor of one table (only its description file is read)."""
    for entry in _entries():
        if entry["name"] == name:
            return _described(entry)
    names = ", ".join(r["name"] for r in _entries())
    raise DataError(f"{paths.rel(paths.PACKAGE)}: no resource named '{name}'; expected one of: {names}")


def names() -> list[str]:
    """The names of the tables (an execution that asks for them depends on the list: recorded)."""
    from csreport.data.record import ALL, record_table

    record_table(ALL)
    return [res["name"] for res in _entries()]


def _entries() -> list[dict]:
    """The tables' entries in datapackage.json, as written."""
    resources = package().get("resources") if isinstance(package(), dict) else None
    if not isinstance(resources, list) or not all(
        isinstance(r, dict) and isinstance(r.get("name"), str) for r in resources
    ):
        raise DataError(
            f"{paths.rel(paths.PACKAGE)}: 'resources' is missing or malformed; expected a list of "
            "tables, each with a name, a path and a schema"
        )
    return resources


def resources() -> list[dict]:
    return [_described(res) for res in _entries()]


@cache
def _description(path: str) -> dict:
    return _json(paths.DATA / path)


def _described(entry: dict) -> dict:
    """A table's descriptor: its entry in datapackage.json merged with its description file."""
    ref = entry.get("schema")
    return schema.expand(entry, _description(ref) if isinstance(ref, str) else None)
