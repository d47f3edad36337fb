"""The kernel profiler counts each second once, in the innermost category that spent it."""

import pytest

from csreport.build import profile


@pytest.fixture
def clock(monkeypatch):
    """A clock that moves only when the code under test says so."""
    now = [0.0]
    monkeypatch.setattr(profile.time, "perf_counter", lambda: now[0])
    monkeypatch.setattr(profile, "_totals", {})
    monkeypatch.setattr(profile, "_counts", {})

    def spend(seconds):
        now[0] += seconds

    return spend


def test_time_is_counted_exclusively_and_a_nested_save_stays_with_saving(clock):
    save = profile.timed("figures: compress", lambda: clock(2), inside_ok=("figures: save",))

    def savefig():
        clock(5)
        save()  # PIL saving inside matplotlib's savefig is part of saving the figure

    def publish():
        clock(3)
        profile.timed(lambda *a: "figures: save png", savefig)()
        save()  # compressing the saved PNG afterwards is compressing

    profile.timed("figures: frame", publish)()
    assert profile._totals == {"figures: frame": 3, "figures: save png": 7, "figures: compress": 2}
    assert profile._counts == {"figures: frame": 1, "figures: save png": 1, "figures: compress": 1}


def test_the_format_of_a_saved_figure_comes_from_its_name_or_format():
    assert profile._savefig_format(None, "chart.svg") == "figures: save svg"
    assert profile._savefig_format(None, "chart.png", format="PDF") == "figures: save pdf"
    assert profile._savefig_format(None, object()) == "figures: save png"
