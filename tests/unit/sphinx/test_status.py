"""The build-status page's values are those of the day of the build."""

from datetime import date
from types import SimpleNamespace

from csreport.sphinx import status


def test_the_build_date_is_source_date_epoch_when_set(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert status.build_date() == date(2026, 9, 21)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert status.build_date() == date.today()


def test_a_page_that_shows_the_day_is_outdated_the_next_day_and_only_then(monkeypatch, sandbox):
    env = SimpleNamespace()
    status._note(env, "book/status", dated=True)
    status._note(env, "book/about", versions=["pandas"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    env.csreport_status_stamp = {doc: status.stamp(env, doc) for doc in ("book/status", "book/about")}
    assert status._outdated(None, env, set(), set(), set()) == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1790000000 + 86400))
    assert status._outdated(None, env, set(), set(), set()) == ["book/status"]
    monkeypatch.setattr(status, "_version", lambda name: "0.0-other")
    assert status._outdated(None, env, set(), set(), set()) == ["book/status", "book/about"]
