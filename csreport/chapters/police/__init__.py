"""Police cooperation (book/police), one module per concern.

- `patrols`: joint patrol rounds of China with Serbia, Croatia, Italy and Hungary (table, figure);
- `presence`: Chinese tourists, workers and residents in Serbia (tourism figure);
- `drills`: the joint special-police drills (table);
- `stations`: claims and denials about Chinese overseas "police stations" (table).

Which row a sentence quotes is chosen in book/police.ipynb, right above the paragraph.
"""

from . import drills, patrols, presence, stations

__all__ = ["drills", "patrols", "presence", "stations"]
