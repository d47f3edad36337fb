"""Files that other processes read while they are written (a kernel's record, the tables kept
validated, the list of installed distributions, the charts kept between builds)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def replace(target: Path, write: Callable[[Path], object]) -> None:
    """Write `target` whole: `write` fills a file beside it, which then takes its place at once, so
    that a reader finds the old file or the new one, never part of one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    write(partial)
    os.replace(partial, target)
