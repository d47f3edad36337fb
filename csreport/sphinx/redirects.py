"""Sphinx extension: old page addresses keep working after a page is renamed.

`csreport_redirects` in _config.yml maps an old page name to its current one
(`book/04_military: book/military`); the HTML build writes, at each old address, a small page that
sends the reader on (a meta refresh, a canonical link, and a plain link for readers without it).
"""

from __future__ import annotations

import html
import os
from pathlib import Path

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved: {title}</title>
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>This page has moved to <a href="{target}">{title}</a>.</p>
</body>
</html>
"""


def redirect_page(old: str, new: str, title: str) -> str:
    """The HTML written at `old`.html: `new` as a link relative to it."""
    target = os.path.relpath(f"{new}.html", start=os.path.dirname(f"{old}.html") or ".")
    return PAGE.format(target=html.escape(target), title=html.escape(title))


def _write(app, exception) -> None:
    if exception or app.builder.format != "html":
        return
    for old, new in app.config.csreport_redirects.items():
        if new not in app.env.all_docs:
            raise ValueError(f"_config.yml csreport_redirects: {old} -> {new}, but there is no page {new}")
        title = app.env.titles[new].astext() if new in app.env.titles else new
        path = Path(app.outdir) / f"{old}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(redirect_page(old, new, title), encoding="utf-8")


def setup(app):
    app.add_config_value("csreport_redirects", {}, "html")
    app.connect("build-finished", _write)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
