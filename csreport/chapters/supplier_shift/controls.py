"""Export controls and transparency: Serbia's published arms-export reports (arms_export_reports)
and the instruments that record or limit arms transfers to and from Serbia (transparency_instruments)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csreport.data.rows import categories, dated, require_known
from csreport.report.glue import date_text


@dataclass(frozen=True)
class ReportCoverage:
    """The latest year each series of export reports covers, and what is known about destinations."""

    latest_national: int
    latest_regional: int
    national_published: str  # when the latest national report was published (partial date text)
    stated_destinations: int  # reports of which a source says they list destinations
    total: int


def report_coverage(reports: pd.DataFrame) -> ReportCoverage:
    """The latest national and regional years found. Raises ValueError if a series has no report."""
    out = {}
    for series in ("national", "regional"):
        rows = reports[reports["series"] == series]
        if rows.empty:
            raise ValueError(f"arms_export_reports: no report of series '{series}'")
        out[series] = rows.sort_values("year_covered").iloc[-1]
    return ReportCoverage(
        latest_national=int(out["national"]["year_covered"]),
        latest_regional=int(out["regional"]["year_covered"]),
        national_published=str(out["national"]["published_date"]),
        stated_destinations=int((reports["destinations"] == "stated").sum()),
        total=len(reports),
    )


def reports_rows(reports: pd.DataFrame, labels: pd.DataFrame | None = None) -> pd.DataFrame:
    """The reports by year covered for the table, with `series_label` and `destinations_label`."""
    labels_s = categories("arms_export_reports", "series") if labels is None else labels
    dest = categories("arms_export_reports", "destinations")
    require_known(reports["series"], labels_s.index, "series", reports["id"])
    rows = reports.sort_values(["year_covered", "series", "id"]).reset_index(drop=True)
    return rows.assign(
        series_label=rows["series"].map(labels_s["label"]),
        destinations_label=rows["destinations"].map(dest["label"]),
        published=rows["published_date"].map(lambda d: date_text(d, short=True) if isinstance(d, str) else None),
    )


def instruments_rows(instruments: pd.DataFrame, statuses: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every instrument step by date (undated rows last) for the table, with `status_label` and `shown_date`."""
    statuses = categories("transparency_instruments", "status") if statuses is None else statuses
    require_known(instruments["status"], statuses.index, "status", instruments["id"])
    rows = dated(instruments.assign(date=instruments["date"].fillna("")).replace({"date": {"": None}}))
    return rows.assign(
        status_label=rows["status"].map(statuses["label"]),
        shown_date=rows["date"].map(lambda d: date_text(d, short=True) if isinstance(d, str) else None),
    )


def covering(instruments: pd.DataFrame, answer: str) -> list[str]:
    """The instruments (each once, in table order) whose covers_new_chinese_systems is `answer`."""
    if answer not in ("yes", "no", "unknown"):
        raise ValueError(f"covers_new_chinese_systems is yes, no or unknown, not {answer!r}")
    return list(dict.fromkeys(instruments.loc[instruments["covers_new_chinese_systems"] == answer, "instrument"]))
