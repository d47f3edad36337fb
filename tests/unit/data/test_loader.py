"""The loader turns bad data into errors that name the file, the row and the column."""

import csv

import pytest

from csreport import data

TABLE = "ceec_membership"


def rewrite(root, edit):
    """Apply `edit` to the rows (header first) of the CEEC table in the sandbox."""
    path = root / "data" / "ceec_membership.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return rows


def col(rows, name):
    return rows[0].index(name)


def test_missing_file(sandbox):
    (sandbox / "data" / "ceec_membership.csv").unlink()
    with pytest.raises(data.DataError, match=r"data/ceec_membership\.csv: file not found"):
        data.load(TABLE)


def test_missing_required_column(sandbox):
    def drop_event(rows):
        i = col(rows, "event")
        for r in rows:
            del r[i]

    rewrite(sandbox, drop_event)
    with pytest.raises(data.DataError, match=r"data/ceec_membership\.csv, row 1, column 'event': .*missing"):
        data.load(TABLE)


def test_wrong_type(sandbox):
    rows = rewrite(sandbox, lambda rows: rows[3].__setitem__(col(rows, "date"), "spring 2012"))
    assert rows[3][col(rows, "date")] == "spring 2012"
    with pytest.raises(
        data.DataError, match=r"data/ceec_membership\.csv, row 4, column 'date': 'spring 2012' is not a date"
    ):
        data.load(TABLE)


def test_value_outside_allowed_set(sandbox):
    rewrite(sandbox, lambda rows: rows[18].__setitem__(col(rows, "event"), "observer"))
    with pytest.raises(
        data.DataError,
        match=r"data/ceec_membership\.csv, row 19, column 'event': 'observer' is not an allowed value; expected one of",
    ):
        data.load(TABLE)


def test_unknown_bibtex_key(sandbox):
    rewrite(sandbox, lambda rows: rows[2].__setitem__(col(rows, "sources"), "err2022baltics;nosuchsource"))
    with pytest.raises(
        data.DataError, match=r"data/ceec_membership\.csv, row 3, column 'sources': unknown BibTeX key 'nosuchsource'"
    ):
        data.load(TABLE)


def test_duplicate_primary_key(sandbox):
    rewrite(sandbox, lambda rows: rows[5].__setitem__(col(rows, "id"), rows[4][col(rows, "id")]))
    with pytest.raises(
        data.DataError, match=r"data/ceec_membership\.csv, row 6, column 'id': duplicate key .*first in row 5"
    ):
        data.load(TABLE)


def test_empty_required_cell(sandbox):
    rewrite(sandbox, lambda rows: rows[7].__setitem__(col(rows, "country"), ""))
    with pytest.raises(data.DataError, match=r"data/ceec_membership\.csv, row 8, column 'country': value required"):
        data.load(TABLE)


def test_every_error_is_reported(sandbox):
    def two_errors(rows):
        rows[2][col(rows, "event")] = "observer"
        rows[9][col(rows, "date")] = "2012-13-01"

    rewrite(sandbox, two_errors)
    with pytest.raises(data.DataError) as err:
        data.load(TABLE)
    assert "row 3, column 'event'" in str(err.value)
    assert "row 10, column 'date'" in str(err.value)


def test_undescribed_column(sandbox):
    def add_column(rows):
        rows[0].append("comment")
        for r in rows[1:]:
            r.append("")

    rewrite(sandbox, add_column)
    with pytest.raises(data.DataError, match=r"row 1, column 'comment': column not described"):
        data.load(TABLE)


def test_unknown_resource_names_package(sandbox):
    with pytest.raises(data.DataError, match=r"datapackage\.json: no resource named 'nope'"):
        data.load("nope")
