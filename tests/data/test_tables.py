"""Checks on the real tables behind the tables chapter: the claims its prose makes still hold."""

from csreport import data


def test_real_table_loads_typed():
    frame = data.load("ceec_membership")
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame["country"].is_unique is False  # Lithuania, Estonia and Latvia appear twice
    assert set(frame["event"]) == {"founding_member", "joined", "left"}


def test_every_table_has_sources_and_primary_key():
    for res in data.resources():
        names = [f["name"] for f in res["schema"]["fields"]]
        assert "sources" in names, res["name"]
        assert res["schema"].get("primaryKey"), res["name"]
        assert res.get("description") and res.get("unit") and res.get("title"), res["name"]


def test_every_table_names_the_chapter_that_uses_it():
    from csreport.paths import ROOT

    for res in data.resources():
        chapter = res.get("chapter")
        assert chapter, res["name"]
        assert (ROOT / f"{chapter}.ipynb").exists() or (ROOT / f"{chapter}.md").exists(), res["name"]


def test_package_has_licence():
    assert data.package()["licenses"][0]["name"] == "CC-BY-4.0"
