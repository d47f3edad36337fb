"""A file other processes read is replaced whole, or not at all."""

import pytest

from csreport.data import atomic


def test_a_file_is_replaced_whole_and_a_failed_write_leaves_the_old_one(tmp_path):
    target = tmp_path / "deps" / "record.json"
    atomic.replace(target, lambda partial: partial.write_text("old"))
    assert target.read_text() == "old"

    def fails(partial):
        partial.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic.replace(target, fails)
    assert target.read_text() == "old"
    atomic.replace(target, lambda partial: partial.write_text("new"))
    assert target.read_text() == "new"
