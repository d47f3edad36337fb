"""Why Serbia's arms suppliers changed, and what the Chinese systems add (book/supplier_shift).

- `drivers`: dated steps (arms_shift_drivers): sanctions and their risk, blocked Russian supply,
  the ammunition row with Moscow, the turn to Chinese systems; their figure and table.
- `industry`: defence-industrial cooperation (arms_industry_steps) and how far each step went.
- `capability`: published specifications (arms_capabilities) and the Florence Agreement categories.
- `posture`: where the systems are based (arms_basing), the ranges drawn around those sites, and
  what the neighbours are buying (neighbour_procurement).
- `controls`: Serbia's arms-export reports and the transparency instruments it and China are party to.

Labels of categories are read from the data package; labels of single rows are columns of the
tables. No module quotes a row: the notebook chooses the rows its sentences quote.
"""

from .capability import (
    LIMITED_EXCEPT,
    capabilities_rows,
    drawn_ranges,
    figure_text,
    florence_status,
    largest,
    ranges_figure,
    uncovered,
)
from .controls import ReportCoverage, covering, instruments_rows, report_coverage, reports_rows
from .drivers import (
    KIND_COLOUR,
    drivers_figure,
    drivers_rows,
    first_of_kind,
    kind_counts,
    latest_delivery,
    steps_after,
    years_between,
)
from .industry import NOT_NAMED, IndustryCounts, industry_counts, industry_rows, named_chinese_parties
from .posture import (
    DRAWN_CLAIMS,
    FlorenceSplit,
    florence_split,
    mapped_sites,
    neighbour_rows,
    posture_figure,
    range_rings,
    ring_reach,
    unbased,
)

__all__ = [
    "DRAWN_CLAIMS",
    "KIND_COLOUR",
    "LIMITED_EXCEPT",
    "NOT_NAMED",
    "FlorenceSplit",
    "IndustryCounts",
    "ReportCoverage",
    "capabilities_rows",
    "covering",
    "drawn_ranges",
    "drivers_figure",
    "drivers_rows",
    "figure_text",
    "first_of_kind",
    "florence_split",
    "florence_status",
    "industry_counts",
    "industry_rows",
    "instruments_rows",
    "kind_counts",
    "largest",
    "latest_delivery",
    "mapped_sites",
    "named_chinese_parties",
    "neighbour_rows",
    "posture_figure",
    "range_rings",
    "ranges_figure",
    "report_coverage",
    "ring_reach",
    "reports_rows",
    "steps_after",
    "uncovered",
    "unbased",
    "years_between",
]
