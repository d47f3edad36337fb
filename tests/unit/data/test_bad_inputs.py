"""Every kind of bad input ends `python -m csreport.data.check` with exactly one clear line.

Each test builds a small fake project (one table, two bibliography entries) in a temporary
folder, breaks one thing and runs the check: the exit status is 1, there is no traceback (the
check returns instead of raising), and the one problem line names the file, the line or row,
the column where there is one, and what is expected.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from csreport import data
from csreport.data import check

HEADER = "id,day,start,end,note,sources"
ROWS = [
    "a1,2020-01-31,2020-01,2020-02-03,Fake note,src1",
    'a2,2020-02-29,2021,,"Quoted, with a comma",src1;src2',
]
PACKAGE = {
    "name": "fake",
    "cutoff": "2024-06-30",
    "resources": [
        {
            "name": "events",
            "x-intervals": [["start", "end"]],
            "path": "events.csv",
            "schema": {
                "fields": [
                    {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
                    {"name": "day", "x-past": True, "type": "date"},
                    {"name": "start", "x-past": True, "type": "string", "constraints": {"pattern": data.PARTIAL_DATE}},
                    {"name": "end", "type": "string", "constraints": {"pattern": data.PARTIAL_DATE}},
                    {"name": "note", "type": "string"},
                    {"name": "sources", "type": "string"},
                ],
                "primaryKey": ["id"],
            },
        }
    ],
}
BIB = """% fake bibliography
@online{src1,
  title        = {A fake title},
  organization = {Fake Agency},
  date         = {2020-01-01},
  url          = {https://example.org/one},
  urldate      = {2024-06-30}
}

@online{src2,
  title        = {Another fake title},
  organization = {Fake Daily},
  date         = {2021},
  url          = {https://news.example.com/two},
  urldate      = {2024-06-30}
}
"""


@pytest.fixture
def project(tmp_path, use_tree):
    """A fake project the check reads instead of the real one; returns its root."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "_config.yml").write_text("title: fake\n", encoding="utf-8")
    (root / "data" / "datapackage.json").write_text(json.dumps(PACKAGE, indent=2), encoding="utf-8")
    write_csv(root, [HEADER, *ROWS])
    (root / "references.bib").write_text(BIB, encoding="utf-8")
    use_tree(root)
    return root


def write_csv(root, lines, encoding="utf-8"):
    (root / "data" / "events.csv").write_bytes(("\n".join(lines) + "\n").encode(encoding))


def with_cell(row: int, column: str, value: str) -> list[str]:
    """The fake table's lines with one cell replaced (row counted as in a spreadsheet)."""
    lines = [HEADER, *ROWS]
    cells = lines[row - 1].split(",")
    cells[HEADER.split(",").index(column)] = value
    lines[row - 1] = ",".join(cells)
    return lines


def problems(capsys) -> list[str]:
    """Run the check; it must fail and print problem lines then the summary line."""
    status = check.main()
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert "Traceback" not in out.out + out.err
    assert lines[-1].startswith("check: ")
    assert status == (1 if lines[:-1] else 0)
    return lines[:-1]


def one_problem(capsys) -> str:
    found = problems(capsys)
    assert len(found) == 1, found
    assert "; expected" in found[0], found[0]
    return found[0]


def test_fake_project_is_clean(project, capsys):
    assert problems(capsys) == []


def test_not_utf8_names_line_and_column(project, capsys):
    write_csv(project, [HEADER, ROWS[0], 'a2,2020-02-29,2021,,"Tadič, fake",src1'], encoding="cp1250")
    line = one_problem(capsys)
    assert line.startswith("data/events.csv, line 3, column 'note': byte 0xe8 is not UTF-8")


def test_byte_order_mark_is_accepted(project, capsys):
    write_csv(project, ["\ufeff" + HEADER, *ROWS])
    assert problems(capsys) == []
    assert list(data.load("events")["id"]) == ["a1", "a2"]


def test_byte_order_mark_in_package_and_bibliography_is_accepted(project, capsys):
    for path in (project / "data" / "datapackage.json", project / "references.bib"):
        path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert problems(capsys) == []


@pytest.mark.parametrize(
    "lines, where",
    [
        (
            [HEADER, 'a1,2020-01-31,"2020-01,2020-02-03,Fake note,src1', ROWS[1]],
            "data/events.csv, line 2, column 'start'",
        ),
        ([HEADER, ROWS[0], 'a2,2020-02-29,2021,,"Never closed,src1'], "data/events.csv, line 3, column 'note'"),
        (
            [HEADER, 'a1,2020-01-31,2020-01,2020-02-03,"Fake" note,src1', ROWS[1]],
            "data/events.csv, line 2, column 'note'",
        ),
    ],
)
def test_unbalanced_quotes(project, capsys, lines, where):
    write_csv(project, lines)
    line = one_problem(capsys)
    assert line.startswith(f"{where}")
    assert "unbalanced quotes" in line


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_empty_file(project, capsys, content):
    (project / "data" / "events.csv").write_bytes(content)
    assert one_problem(capsys).startswith("data/events.csv, line 1: the file is empty")


@pytest.mark.parametrize(
    "lines, start",
    [
        ([HEADER, ROWS[0] + ",extra", ROWS[1]], "data/events.csv, row 2: 7 cells"),
        (
            [HEADER, ROWS[0].rsplit(",", 1)[0], ROWS[1]],
            "data/events.csv, row 2, column 'sources': the row ends after 5",
        ),
        ([HEADER, "", *ROWS], "data/events.csv, row 2: the row is blank"),
        (
            [HEADER + ",comment", ROWS[0] + ",", ROWS[1] + ","],
            "data/events.csv, row 1, column 'comment': column not described",
        ),
        (
            [HEADER.replace(",note", ""), ROWS[0].replace(",Fake note", ""), "a2,2020-02-29,2021,,src1"],
            "data/events.csv, row 1, column 'note': column described in the data package is missing",
        ),
        ([HEADER.replace(",day,", ",dya,"), *ROWS], "data/events.csv, row 1, column 'dya': column not described"),
    ],
)
def test_extra_or_missing_column(project, capsys, lines, start):
    write_csv(project, lines)
    assert one_problem(capsys).startswith(start)


def test_misspelled_column_is_one_problem_naming_the_expected_column(project, capsys):
    write_csv(project, [HEADER.replace(",day,", ",dya,"), *ROWS])
    assert one_problem(capsys).endswith("expected 'day' here")


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("day", "2021-02-29", "'2021-02-29' is not a calendar date: February 2021 has 28 days"),
        ("day", "2021-04-31", "'2021-04-31' is not a calendar date: April 2021 has 30 days"),
        ("day", "20210101", "'20210101' is not a date; expected YYYY-MM-DD"),
        ("start", "2019-02-30", "'2019-02-30' is not a calendar date: February 2019 has 28 days"),
        ("start", "2019-13", "'2019-13' is not a calendar date: there is no month 13"),
        ("start", "2019-00", "'2019-00' is not a calendar date: there is no month 00"),
        (
            "start",
            "spring 2019",
            "'spring 2019' does not match the pattern; expected a date as YYYY, YYYY-MM or YYYY-MM-DD",
        ),
    ],
)
def test_calendar_impossible_dates(project, capsys, column, value, message):
    write_csv(project, with_cell(2, column, value))
    assert one_problem(capsys).startswith(f"data/events.csv, row 2, column '{column}': {message}")


def test_leap_day_in_a_leap_year_is_a_date(project, capsys):
    write_csv(project, with_cell(3, "start", "2020-02-29"))  # row 3 also has day 2020-02-29
    assert problems(capsys) == []


@pytest.mark.parametrize(
    "start, end, bad",
    [
        ("2020-03", "2020-02-28", True),
        ("2020-03-02", "2020-03-01", True),
        ("2021", "2020-12", True),
        ("2020-02", "2020-02-01", False),  # overlapping at the start's precision: not before
        ("2020", "2020-01-01", False),
        ("2020-03-01", "2020-03-01", False),
        ("2020-03-01", "", False),
    ],
)
def test_end_before_start(project, capsys, start, end, bad):
    lines = with_cell(2, "start", start)
    cells = lines[1].split(",")
    cells[3] = end
    lines[1] = ",".join(cells)
    write_csv(project, lines)
    if bad:
        assert one_problem(capsys).startswith(
            f"data/events.csv, row 2, column 'end': the end '{end}' is before the start '{start}' (start)"
        )
    else:
        assert problems(capsys) == []


@pytest.mark.parametrize(
    "column, value, bad",
    [
        ("day", "2024-07-01", True),
        ("start", "2024-07", True),
        ("start", "2025", True),
        ("day", "2024-06-30", False),
        ("start", "2024", False),  # the year began before the cut-off
        ("end", "2030", False),  # not a column of past events
    ],
)
def test_date_after_cutoff_in_a_column_of_past_events(project, capsys, column, value, bad):
    write_csv(project, with_cell(3, column, value))
    if bad:
        assert one_problem(capsys).startswith(
            f"data/events.csv, row 3, column '{column}': '{value}' is after the data cut-off 2024-06-30"
        )
    else:
        assert problems(capsys) == []


def test_bibliography_syntax_error_names_line_and_entry(project, capsys):
    (project / "references.bib").write_text(BIB.replace("/one},", "/one}"), encoding="utf-8")
    line = one_problem(capsys)
    assert line.startswith("references.bib, line 7: BibTeX syntax error in entry 'src1' (from line 2)")


def test_bibliography_unclosed_brace(project, capsys):
    (project / "references.bib").write_text(BIB.replace("{A fake title}", "{A fake title"), encoding="utf-8")
    line = one_problem(capsys)
    assert line.startswith("references.bib, line ")
    assert "BibTeX syntax error" in line


def test_duplicate_bibliography_key(project, capsys):
    (project / "references.bib").write_text(BIB.replace("@online{src2,", "@online{src1,"), encoding="utf-8")
    line = one_problem(capsys)
    assert line.startswith("references.bib, line 10: the key 'src1' is used again (first at line 2)")


def test_duplicate_bibliography_key_differing_in_case(project, capsys):
    (project / "references.bib").write_text(BIB.replace("@online{src2,", "@online{SRC1,"), encoding="utf-8")
    assert one_problem(capsys).startswith("references.bib, line 10: the key 'src1' is used again (first at line 2)")


def test_duplicate_bibliography_field(project, capsys):
    (project / "references.bib").write_text(
        BIB.replace("  date         = {2021},", "  date = {2021},\n  date = {2022},"), encoding="utf-8"
    )
    assert one_problem(capsys).startswith("references.bib, line 10: entry with key src2 has a duplicate date field")


def test_bibliography_not_utf8(project, capsys):
    (project / "references.bib").write_bytes(BIB.replace("Fake Daily", "Fake Dnevnik č").encode("cp1250"))
    assert one_problem(capsys).startswith("references.bib, line 12: byte 0xe8 is not UTF-8")


@pytest.mark.parametrize(
    "url",
    [
        "htp//example.org/one",
        "https://example org/one",
        "example.org/one",
        "https://localhost/one",
        "ftp://example.org/one",
    ],
)
def test_malformed_url(project, capsys, url):
    (project / "references.bib").write_text(BIB.replace("https://example.org/one", url), encoding="utf-8")
    assert one_problem(capsys).startswith(
        f"references.bib, line 6, field 'url': entry 'src1': '{url}' is not a web address"
    )


@pytest.mark.parametrize(
    "url",
    ["https://example.org/one", "http://www.example.org/one/", "https://EXAMPLE.org/one#top"],
)
def test_two_entries_for_one_page(project, capsys, url):
    (project / "references.bib").write_text(BIB.replace("https://news.example.com/two", url), encoding="utf-8")
    assert one_problem(capsys).startswith(
        "references.bib, line 14, field 'url': entry 'src2' has the address of entry 'src1' (line 2)"
    )


def test_different_pages_of_one_site_are_different_sources(project, capsys):
    (project / "references.bib").write_text(
        BIB.replace("https://news.example.com/two", "https://example.org/one?p=2"), encoding="utf-8"
    )
    assert problems(capsys) == []


def test_invalid_datapackage_json(project, capsys):
    path = project / "data" / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"fake",', '"fake"', 1), encoding="utf-8")
    assert one_problem(capsys).startswith("data/datapackage.json, line 3: invalid JSON")


def test_unsupported_field_type_is_one_problem(project, capsys):
    path = project / "data" / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"type": "date"', '"type": "dates"'), encoding="utf-8")
    assert one_problem(capsys).startswith("data/datapackage.json: resource 'events', field 'day': unsupported type")


def test_what_only_frictionless_checks_is_reported_once(project, capsys):
    path = project / "data" / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["resources"][0]["schema"]["fields"][4]["constraints"] = {"maxLength": 10}  # 'note'; the loader ignores it
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")
    found = problems(capsys)
    assert len(found) == 1
    assert found[0].startswith("data/events.csv, row 3, column 'note': ")
    assert found[0].endswith("(frictionless)")


def test_several_problems_each_once(project, capsys):
    write_csv(
        project,
        [
            HEADER,
            "a1,2021-02-29,2019-13,2020-02-03,Fake note,nosuchkey",
            'a1,2020-02-29,2021,,"Quoted, with a comma",src1;src2',
        ],
    )
    found = problems(capsys)
    assert found == [
        (
            "data/events.csv, row 2, column 'day': '2021-02-29' is not a calendar date: February 2021 has 28 days; "
            "expected a day from 01 to 28"
        ),
        (
            "data/events.csv, row 2, column 'start': '2019-13' is not a calendar date: there is no month 13; "
            "expected a month from 01 to 12"
        ),
        "data/events.csv, row 2, column 'sources': unknown BibTeX key 'nosuchkey'; expected a key of references.bib",
        "data/events.csv, row 3, column 'id': duplicate key a1 (first in row 2); expected each key once",
    ]


def test_command_line_exits_1_with_one_line_and_no_traceback(project):
    path = project / "data" / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"fake",', '"fake"', 1), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(check.__file__).resolve().parents[1])}
    run = subprocess.run(
        [sys.executable, "-m", "csreport.data.check"],
        check=False,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert run.stderr == ""
    assert run.stdout.splitlines()[0].startswith("data/datapackage.json, line 3: invalid JSON")
    assert len(run.stdout.splitlines()) == 2
