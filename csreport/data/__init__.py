"""The data layer: the tables in data/, validated, with their sources.

`load(name)` returns a typed DataFrame or raises `DataError` naming file, row and column
(`loader`); `package()` and `resource(name)` are the descriptors (`descriptor`); `dates` reads
the tables' text dates; `sources` reads references.bib; `facts` checks the facts two tables
share; `check` is `make check`; `changes` is the changelog of facts; `record` notes what an
execution read and wrote, with the `fingerprints` of its inputs; `validated` keeps validated
tables and the parsed bibliography between kernels. Nothing here imports the report, chapter,
build or Sphinx layers.
"""

import importlib

from csreport.data import record  # noqa: F401  (an execution started by the build records from here on)
from csreport.data.errors import DataError

# Imported when first asked for: the loader (and pandas, a third of a second) is not needed by the
# build's executor, which imports only `record` from this package before it starts the kernels.
_LAZY = {
    **dict.fromkeys(("MISSING", "PARTIAL_DATE", "catalogue", "cutoff", "load"), "loader"),
    **dict.fromkeys(("names", "package", "resource", "resources"), "descriptor"),
    "date_interval": "dates",
    "partial_date": "dates",
    **dict.fromkeys(("CONFIDENCE_ORDER", "confidence_rank", "row"), "rows"),
}


def __getattr__(name: str):
    if name in _LAZY:
        value = globals()[name] = getattr(importlib.import_module(f"csreport.data.{_LAZY[name]}"), name)
        return value
    raise AttributeError(f"module 'csreport.data' has no attribute {name!r}")


__all__ = [
    "CONFIDENCE_ORDER",
    "MISSING",
    "PARTIAL_DATE",
    "DataError",
    "catalogue",
    "confidence_rank",
    "cutoff",
    "date_interval",
    "load",
    "names",
    "package",
    "partial_date",
    "resource",
    "resources",
    "row",
]
