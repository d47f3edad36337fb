"""Sphinx extension: what the build-status page says about the build itself, computed when the book
is built (not when a notebook last ran, which a cached execution would keep for weeks).

- `` {build-status}`date` ``: the day of the build (`SOURCE_DATE_EPOCH` when set, as for any
  reproducible build; otherwise today); `` {build-status}`series` ``: how many source series
  data/release_schedule.csv tracks; `` {build-status}`due` ``: how many are due for an update on
  that day.
- ```` ```{build-status-due} caption ```` ````: the table of those series (`:name:` its label).
- ```` ```{build-status-versions} caption ```` ````, one distribution name per line of content: their
  versions in the environment that builds, after Python's.

The sentences stay in the page's Markdown; these only fill in the values. A page using them is
read again whenever the day, a listed version or the release schedule differs from when it was
last read, and only then (so a no-change rebuild on the same day reads nothing).
"""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, date, datetime
from importlib import metadata

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective, SphinxRole

from csreport import data
from csreport.data import fingerprints
from csreport.report import glue

# The release schedule's analysis and the typeset tables (pandas) are imported when the page that
# uses them is read, not when a build that may read no page starts (0.3 s of each build).

SCHEDULE = "release_schedule"


def build_date() -> date:
    """The day of the build: SOURCE_DATE_EPOCH (seconds since 1970, UTC) when set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def _schedule():
    return data.load(SCHEDULE)


def _due(built: date):
    import pandas as pd

    from csreport.data import releases

    return releases.due(_schedule(), pd.Timestamp(built))


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def stamp(env, docname: str) -> str:
    """What the page's build-dependent parts were computed from: the day, the versions it lists and
    the release schedule's files."""
    used = getattr(env, "csreport_status", {}).get(docname, {})
    parts = {"date": build_date().isoformat() if used.get("dated") else None}
    parts["versions"] = {name: _version(name) for name in used.get("versions", [])}
    if used.get("dated"):
        parts["python"] = platform.python_version()
        parts["schedule"] = fingerprints.table_inputs([SCHEDULE])
    return json.dumps(parts, sort_keys=True)


def _note(env, docname: str, **used) -> None:
    if not hasattr(env, "csreport_status"):
        env.csreport_status = {}
    entry = env.csreport_status.setdefault(docname, {"dated": False, "versions": []})
    entry["dated"] = entry["dated"] or used.get("dated", False)
    entry["versions"] = sorted(set(entry["versions"]) | set(used.get("versions", [])))


class BuildStatusRole(SphinxRole):
    """`date`, `series` or `due`: a value of the build, as text."""

    def run(self):
        built = build_date()
        what = self.text.strip()
        if what == "date":
            value = glue.date_text(built)
        elif what == "series":
            value = glue.count(len(_schedule()))
        elif what == "due":
            value = glue.count(len(_due(built)))
        else:
            msg = self.inliner.reporter.error(f"build-status: unknown value '{what}'; expected date, series or due")
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        _note(self.env, self.env.docname, dated=True)
        return [nodes.inline(self.rawtext, value, classes=["build-status"])], []


def _list_table(caption: str, name: str, header: list[str], rows: list[list[str]]) -> list[str]:
    lines = [f"```{{list-table}} {caption}", ":header-rows: 1"]
    if name:
        lines.append(f":name: {name}")
    lines.append("")
    for cells in [header, *rows]:
        lines.append("* - " + cells[0])
        lines.extend("  - " + cell for cell in cells[1:])
    return [*lines, "```"]


class _StatusTable(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"name": lambda text: text.strip()}

    def rows(self) -> tuple[list[str], list[list[str]]]:
        raise NotImplementedError

    def run(self):
        header, rows = self.rows()
        if not rows:
            return [nodes.paragraph(text=f"{self.arguments[0]}: none.")]
        text = _list_table(self.arguments[0], self.options.get("name", ""), header, rows)
        container = nodes.container()
        self.state.nested_parse(StringList(text, source=self.get_source_info()[0]), self.content_offset, container)
        return container.children


class VersionsTable(_StatusTable):
    """The versions of the distributions named in the content (one a line), after Python's."""

    def rows(self):
        names = [line.strip() for line in self.content if line.strip()]
        _note(self.env, self.env.docname, versions=names)
        return ["Package", "Version"], [["Python", platform.python_version()]] + [[n, _version(n)] for n in names]


class DueTable(_StatusTable):
    """The source series with a release expected by the day of the build that the data do not hold."""

    def rows(self):
        from csreport.report import tables

        _note(self.env, self.env.docname, dated=True)
        late = _due(build_date())
        header = ["Series", "Publisher", "Release in the data", "Next release expected from", "Tables", "Sources"]
        rows = [
            [
                tables.escape(str(r.series)),
                tables.escape(str(r.publisher)),
                tables.escape(str(r.last_release)),
                glue.date_text(r.next_expected, "month"),
                tables.escape(str(r.tables).replace(";", ", ")),
                "{cite:p}`" + ",".join(k.strip() for k in str(r.sources).split(";") if k.strip()) + "`",
            ]
            for r in late.itertuples()
        ]
        return header, rows


def _outdated(app, env, added, changed, removed):
    """Pages whose build-dependent values would read differently today."""
    kept = getattr(env, "csreport_status_stamp", {})
    return [doc for doc in kept if doc not in removed and stamp(env, doc) != kept[doc]]


def _read(app, doctree):
    env = app.env
    if env.docname in getattr(env, "csreport_status", {}):
        if not hasattr(env, "csreport_status_stamp"):
            env.csreport_status_stamp = {}
        env.csreport_status_stamp[env.docname] = stamp(env, env.docname)


def _purge(app, env, docname):
    for attr in ("csreport_status", "csreport_status_stamp"):
        getattr(env, attr, {}).pop(docname, None)


def _merge(app, env, docnames, other):
    for attr in ("csreport_status", "csreport_status_stamp"):
        theirs = getattr(other, attr, {})
        if not hasattr(env, attr):
            setattr(env, attr, {})
        getattr(env, attr).update({doc: theirs[doc] for doc in docnames if doc in theirs})


def setup(app):
    app.add_role("build-status", BuildStatusRole())
    app.add_directive("build-status-versions", VersionsTable)
    app.add_directive("build-status-due", DueTable)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-read", _read)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
