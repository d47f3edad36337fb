"""Military cooperation (book/military), one module per concern.

- `shares`: SIPRI supplier shares of Serbia's arms imports (China vs Russia, renderings by outlet).
- `deliveries`: the register of deliveries, supplier-group summaries, the timeline figure.
- `exercises`: joint exercises and the earlier PLA drills in Europe.
- `register`: supplier shares computed from SIPRI's trade register (a separate basis from `shares`).
- `spending`: military spending by basis, the figures for one year, the spending figure.

Functions return numbers, dates, frames, small dataclasses or `charts.Chart`; which row a sentence
quotes, and how it is worded, is decided in book/military.ipynb.
"""

from . import deliveries, exercises, register, shares, spending

__all__ = ["deliveries", "exercises", "register", "shares", "spending"]
