"""Public security: Safe City and its safeguards (book/surveillance), one module per concern.

- `safecity`: camera numbers by kind, the draft laws' lifespans, the chapter's two figures and the
  frames of its tables (re-exported here, so `surveillance.camera_counts` reads as before).
- `benchmark`: the EU and Council of Europe benchmark for police face recognition, and how the
  withdrawn Serbian drafts measure up on it.

Functions return numbers, dates, frames, small dataclasses or `charts.Chart`; which row a sentence
quotes, and how it is worded, is decided in book/surveillance.ipynb.
"""

from . import benchmark, safecity
from .safecity import (
    biometric_laws,
    camera_counts,
    cameras_figure,
    confirmed_date,
    days_between,
    draft_law_spans,
    facts_rows,
    legal_events,
    legal_figure,
    legal_rows,
    panel_labels,
    questions_matching,
    signed,
    status_counts,
)

__all__ = [
    "benchmark",
    "biometric_laws",
    "camera_counts",
    "cameras_figure",
    "confirmed_date",
    "days_between",
    "draft_law_spans",
    "facts_rows",
    "legal_events",
    "legal_figure",
    "legal_rows",
    "panel_labels",
    "questions_matching",
    "safecity",
    "signed",
    "status_counts",
]
