"""What Serbian opinion thinks of China and what drives it, one module per concern.

- `polls`: Serbian opinion polls (table polls), one panel per question;
- `drivers`: pandemic aid, media framing and the cross-country survey (tables pandemic_aid,
  media_framing, china_views_europe).
"""

from . import drivers, polls

__all__ = ["drivers", "polls"]
