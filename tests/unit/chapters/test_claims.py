"""The claims ledger: the rules on small made-up tables; the real ledger complete and in agreement.

Verdict rules are tested on inline frames whose verdict must flip when the data flip. On the real
data only the ledger's own consistency is checked (every reference resolves, every stored verdict
equals the computed one), never today's values: nbval pins those in book/claims.ipynb.
"""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport.chapters import claims as verdicts
from csreport.chapters.claims import page, rules


def _claim(**fields) -> pd.Series:
    return pd.Series(
        {"id": "C99", "evidence": None, "rule": None, "claimed_year": None, "article_not_before": None, **fields}
    )


# --- rules on made-up tables --------------------------------------------------------------------


def _patrols(years_hosts):
    return {
        "police_patrols": pd.DataFrame(
            {
                "year": [y for y, _ in years_hosts],
                "host_country": [h for _, h in years_hosts],
                "direction": [
                    "chinese_officers_abroad" if h != "China" else "host_officers_in_china" for _, h in years_hosts
                ],
                "cities": ["X"] * len(years_hosts),
            }
        )
    }


@pytest.mark.parametrize(
    "rounds, expected",
    [
        ([(2019, "Serbia"), (2020, "Serbia")], verdicts.SUPPORTED),  # a round every year since 2019
        ([(2019, "Serbia"), (2023, "Serbia")], verdicts.PARTLY),  # gaps
        ([(2019, "Serbia"), (2020, "China")], verdicts.SUPPORTED),  # a round in China is not a round in Serbia
        ([(2020, "Serbia")], verdicts.CONTRADICTED),  # did not start in 2019
        ([(2019, "China")], verdicts.UNVERIFIED),  # no round in Serbia at all
    ],
)
def test_patrols_since_year_follows_the_years_of_rounds_in_serbia(rounds, expected):
    assert rules.patrols_since_year(_patrols(rounds), _claim(claimed_year=2019)) == expected


def test_patrols_since_year_flips_with_the_claimed_year():
    rounds = _patrols([(2019, "Serbia"), (2020, "Serbia")])
    assert rules.patrols_since_year(rounds, _claim(claimed_year=2019)) == verdicts.SUPPORTED
    assert rules.patrols_since_year(rounds, _claim(claimed_year=2018)) == verdicts.CONTRADICTED
    with pytest.raises(ValueError, match="C99.*claimed_year"):
        rules.patrols_since_year(rounds, _claim())


def _timeline(rows):
    return {"context_timeline": pd.DataFrame(rows, columns=["id", "date", "event", "category", "date_confirmed"])}


def test_partnership_year_takes_the_earliest_confirmed_political_partnership():
    claim = _claim(claimed_year=2009)
    rows = [
        ("a1", "2009-08-20", "Strategic partnership established", "political", "yes"),
        ("a2", "2008-01-01", "Strategic partnership rumoured", "political", "no"),
    ]
    assert rules.partnership_year(_timeline(rows), claim) == verdicts.SUPPORTED
    rows.append(("a3", "2007-05-01", "A strategic partnership signed", "political", "yes"))
    assert rules.partnership_year(_timeline(rows), claim) == verdicts.CONTRADICTED
    assert rules.partnership_year(_timeline(rows[1:2]), claim) == verdicts.UNVERIFIED


def test_bri_year_reads_the_row_the_claim_names_as_evidence():
    rows = [("b1", "2013-09-07", "Xi proposes a new initiative in Astana", "economic", "yes")]
    claim = _claim(evidence="context_timeline:b1;other_table:z9", claimed_year=2013)
    assert rules.bri_year(_timeline(rows), claim) == verdicts.SUPPORTED
    moved = [("b1", "2014-03-01", "Xi proposes a new initiative in Astana", "economic", "yes")]
    assert rules.bri_year(_timeline(moved), claim) == verdicts.CONTRADICTED
    assert rules.bri_year(_timeline(rows), _claim(claimed_year=2013)) == verdicts.UNVERIFIED  # nothing named


def _exercises(rows):
    return {"exercises": pd.DataFrame(rows, columns=["scope", "force", "start_date", "place", "country", "parties"])}


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([("china_serbia", "military", "2023-01-01", "P", "China", "China; Serbia")], verdicts.SUPPORTED),
        ([("china_serbia", "military", "2025-07-01", "P", "China", "China; Serbia")], verdicts.PARTLY),
        ([("china_serbia", "police", "2019-11-28", "P", "Serbia", "China; Serbia")], verdicts.PARTLY),
        ([("context", "military", "2015-01-01", "P", "Belarus", "China; Belarus")], verdicts.CONTRADICTED),
    ],
)
def test_joint_military_exercises_are_judged_as_of_the_article(rows, expected):
    claim = _claim(article_not_before="2023-10-17")
    assert rules.joint_military_exercises(_exercises(rows), claim) == expected


def test_joint_military_exercises_needs_the_articles_date():
    with pytest.raises(ValueError, match="article_not_before"):
        rules.joint_military_exercises(_exercises([]), _claim())


def test_first_in_europe_is_contradicted_by_an_earlier_exercise_abroad():
    smederevo = ("china_serbia", "police", "2019-11-28", "Steel mill, Smederevo", "Serbia", "China; Serbia")
    earlier = ("context", "military", "2019-07-03", "Hospital", "Germany", "China; Germany")
    later = ("context", "military", "2024-05-01", "Range", "Belarus", "China; Belarus")
    assert rules.first_in_europe(_exercises([smederevo, later])) == verdicts.SUPPORTED
    assert rules.first_in_europe(_exercises([smederevo, earlier])) == verdicts.CONTRADICTED
    assert rules.first_in_europe(_exercises([later])) == verdicts.UNVERIFIED


def test_smederevo_year_needs_the_steel_mill_drill_in_the_claimed_year():
    drill = ("china_serbia", "police", "2019-11-28", "Steel mill, Smederevo", "Serbia", "China; Serbia")
    assert rules.smederevo_year(_exercises([drill]), _claim(claimed_year=2019)) == verdicts.SUPPORTED
    assert rules.smederevo_year(_exercises([drill]), _claim(claimed_year=2020)) == verdicts.CONTRADICTED
    assert rules.smederevo_year(_exercises([]), _claim(claimed_year=2019)) == verdicts.UNVERIFIED


def _shares(rows):
    return {"arms_import_shares": pd.DataFrame(rows, columns=["period", "supplier", "share_pct"])}


def test_china_over_russia_compares_chinas_lowest_with_russias_highest_rendering():
    both = [
        ("2019-2023", "China", 57),
        ("2019-2023", "Russia", 20),
        ("2020-2024", "China", 61),
        ("2020-2024", "Russia", 18),
    ]
    assert rules.china_over_russia(_shares(both)) == verdicts.SUPPORTED
    conflicting = both + [("2020-2024", "China", 15)]  # another source renders China lower than Russia
    assert rules.china_over_russia(_shares(conflicting)) == verdicts.PARTLY
    tie = [("2019-2023", "China", 20), ("2019-2023", "Russia", 20)]
    assert rules.china_over_russia(_shares(tie)) == verdicts.CONTRADICTED


def test_eu_us_concern_needs_both_actors_for_support():
    frame = pd.DataFrame({"topic": ["arms", "arms"], "actor": ["US", "EU"]})
    assert rules.eu_us_concern({"reactions": frame}) == verdicts.SUPPORTED
    assert rules.eu_us_concern({"reactions": frame.iloc[:1]}) == verdicts.PARTLY
    assert rules.eu_us_concern({"reactions": frame.iloc[:0]}) == verdicts.UNVERIFIED


def test_evidence_ids_of_one_table():
    claim = _claim(evidence="t1:a1;t2:b1;t1:a2")
    assert rules.evidence_ids(claim, "t1") == ["a1", "a2"] and rules.evidence_ids(_claim(), "t1") == []


# --- the ledger's mechanics on a made-up ledger -------------------------------------------------


def _ledger():
    return pd.DataFrame(
        {
            "id": ["C01", "C02", "C03"],
            "dimension": ["police", "police", "context"],
            "dimension_label": ["Police", "Police", "Context"],
            "verdict": ["supported", "opinion", "partly_supported"],
            "decidable_by_data": ["yes", "no", "no"],
            "rule": ["patrols_in_serbia", None, None],
            "claimed_year": [None, None, None],
            "evidence": ["police_patrols:a1", None, None],
            "sources": ["k1", "k2", "k3"],
        }
    )


def test_check_flags_a_verdict_that_disagrees_with_its_rule():
    ledger = _ledger()
    assert verdicts.check(ledger, _patrols([(2019, "Serbia")]))["match"].all()
    assert not verdicts.check(ledger, _patrols([(2019, "China")]))["match"].any()  # rule says unverified


def test_check_flags_a_decidable_claim_without_a_rule_and_names_an_unknown_rule():
    ledger = _ledger()
    ledger.loc[1, "decidable_by_data"] = "yes"
    result = verdicts.check(ledger, _patrols([(2019, "Serbia")])).set_index("id")
    assert not result.loc["C02", "match"]
    ledger.loc[0, "rule"] = "no_such_rule"
    with pytest.raises(ValueError, match="C01.*no_such_rule"):
        verdicts.check(ledger, _patrols([(2019, "Serbia")]))


def test_verdict_counts_follow_the_ledger():
    counts = verdicts.verdict_counts(_ledger())
    assert (counts.n, counts.supported, counts.partly, counts.opinion, counts.computed) == (3, 1, 1, 1, 1)
    assert counts.hold_up == 2
    flipped = _ledger().assign(verdict=["contradicted", "opinion", "contradicted"])
    assert verdicts.verdict_counts(flipped).contradicted == 2 and verdicts.verdict_counts(flipped).hold_up == 0
    with pytest.raises(ValueError, match="maybe"):
        verdicts.verdict_counts(_ledger().assign(verdict="maybe"))


def test_dimension_labels_are_one_per_dimension():
    assert verdicts.dimension_labels(_ledger()) == {"context": "Context", "police": "Police"}
    with pytest.raises(ValueError, match="police"):
        verdicts.dimension_labels(_ledger().assign(dimension_label=["Police", "Policing", "Context"]))


def test_verdicts_figure_draws_the_ledger_rows():
    chart = verdicts.verdicts_figure(_ledger())
    plt.close(chart.fig)
    assert chart.data["id"].tolist() == ["C01", "C02", "C03"] and "sources" in chart.data


def test_evidence_links_name_chapters_and_rows():
    chapters = {"police_patrols": "book/police", "exercises": "book/military"}
    tables = {
        "police_patrols": pd.DataFrame({"id": ["a_1"], "name": ["Round one"]}),
        "exercises": pd.DataFrame({"id": ["x1"], "name": ["Drill one"]}),
    }
    text = page.evidence_myst(page.evidence_in_words("police_patrols:a_1;exercises:x1", chapters, tables))
    assert text.startswith("{doc}`/book/police`: ‘Round one’. {doc}`/book/military`")
    assert "‘Drill one’" in text
    assert page.evidence_myst(page.evidence_in_words(None, chapters, tables)) == "none in the data tables"
