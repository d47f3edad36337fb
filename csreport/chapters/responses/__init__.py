"""Western and regional responses (book/responses), one module per concern.

- `alignment`: alignment with EU foreign policy (table cfsp_alignment), Serbia's rank, the CFSP chart;
- `statements`: public statements by Western actors and neighbours (table reactions), the timeline;
- `opinion`: Serbian opinion polls (table polls), one panel per question.

Functions return numbers, frames and small dataclasses; the notebook chooses the rows it quotes and
formats them for the prose with `csreport.report.glue`.
"""

from . import alignment, statements

__all__ = ["alignment", "statements"]
