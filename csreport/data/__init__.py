"""The data layer: the tables in data/, validated, with their sources.

`load(name)` returns a typed DataFrame or raises `DataError` naming file, row and column
(`loader`); `sources` reads references.bib; `facts` checks the facts two tables share; `check` is
`make check`; `changes` is the changelog of facts; `record` notes what an execution read and wrote;
`validated` keeps validated tables and the parsed bibliography between kernels. Nothing here
imports the report, chapter, build or Sphinx layers.
"""

from csreport.data import record  # noqa: F401  (an execution started by the build records from here on)
from csreport.data.errors import DataError

_LOADER = {
    "CONFIDENCE_ORDER",
    "MISSING",
    "PARTIAL_DATE",
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
}


def __getattr__(name: str):
    # The loader (and pandas, a third of a second) is imported when a table is first asked for:
    # the build's executor imports only `record` from this package before it starts the kernels.
    if name in _LOADER:
        from csreport.data import loader

        return getattr(loader, name)
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
