"""Closing chapter (assessment and options): logic on small made-up frames.

The values in data/ are pinned by nbval; these tests must survive any valid correction of them.
"""

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport import data
from csreport.chapters import assessment as levers


def _frame(text: str, booleans=(), strings=()) -> pd.DataFrame:
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False).replace("", pd.NA)
    for column in booleans:
        frame[column] = frame[column].map({"true": True, "false": False}).astype("boolean")
    return frame


COMMITMENTS = _frame(
    """id,label,date,serbian_speaker,gsi_reference,law_enforcement,quote,quote_kind,description,sources
c1,A,2021-05-28,Speaker One,false,true,,,First.,k
c2,B,2024-05-08,Speaker Two,true,,some words,translation,Second.,k
c3,C,2024-09,Speaker One,true,true,other words,as_reported,Third.,k
c4,D,2024-09-12,Speaker One,false,false,,,Fourth.,k
""",
    booleans=("gsi_reference", "law_enforcement"),
)

LEVERS = _frame("""id,label,actor,lever,instrument,date,status,option,sources
l1,A,EU,Chapter X,negotiations,2018-07-31,not_opened,o,k
l2,B,EU,Trade,FTA,2023-10,applies_on_accession,o,k
l3,C,EU,Screening,Regulation,2019,member_states_only,o,k
l4,D,US,5G,pledge,2020-09-04,pledge,o,k
l5,E,NATO,Partnership,plan,2015-01-15,partnership,o,k
""")

# --- commitments ---------------------------------------------------------------------------------


def test_commitments_are_dated_sorted_and_quotes_are_marked():
    rows = levers.commitment_rows(COMMITMENTS.iloc[::-1])
    assert list(rows["id"]) == ["c1", "c2", "c4", "c3"]  # a month-only date sits mid-month, after the 12th
    assert rows.loc[1, "what"].endswith("“some words” (report's translation).")
    assert rows.loc[3, "what"].endswith("(as reported).")
    assert rows.loc[0, "what"] == "First."


def test_a_quote_without_its_kind_is_an_error_naming_the_row():
    bad = COMMITMENTS.copy()
    bad.loc[bad["id"] == "c2", "quote_kind"] = pd.NA
    with pytest.raises(data.DataError, match="c2"):
        levers.commitment_rows(bad)


def test_endorsements_count_unknown_law_enforcement_apart():
    e = levers.endorsements(levers.commitment_rows(COMMITMENTS))
    assert (e.n_events, e.n_gsi, e.n_law_enforcement, e.n_law_unknown) == (4, 2, 2, 1)
    assert e.first_gsi == pd.Timestamp("2024-05-08")
    assert e.gsi_speakers == ("Speaker Two", "Speaker One")  # in date order, each once


def test_no_gsi_reference_gives_no_first_date():
    none = COMMITMENTS.assign(gsi_reference=pd.array([False] * 4, dtype="boolean"))
    e = levers.endorsements(levers.commitment_rows(none))
    assert e.n_gsi == 0 and e.first_gsi is None and e.gsi_speakers == ()


# --- levers --------------------------------------------------------------------------------------


def test_lever_rows_label_states_and_refuse_unknown_status():
    rows = levers.lever_rows(LEVERS)
    assert rows.set_index("id").loc["l1", "state"] == levers.STATUS_TEXT["not_opened"]
    bad = LEVERS.assign(status=["not_opened", "suspended", "pledge", "pledge", "partnership"])
    with pytest.raises(data.DataError, match="suspended"):
        levers.lever_rows(bad)


# --- key judgements ------------------------------------------------------------------------------

SCALE = _frame("""id,rank,term,low_pct,high_pct,sources
a,1,remote chance,0,5,k
b,5,likely,55,75,k
c,6,highly likely,80,90,k
""")
LEVELS = _frame("""id,rank,level,sources
high,1,high,k
moderate,2,moderate,k
low,3,low,k
""")
JUDGEMENTS = _frame("""id,rank,part,short,confidence,likelihood,horizon,would_change,watch_series,sources
kj_b,2,drivers,B,moderate,,,x,,k
kj_a,1,how_far,A,high,likely,through 2028,x,s1,k
kj_c,3,consequences,C,low,highly likely,by 2030,x,,k
""")
SCHEDULE = _frame("""id,short_name,update_period_days,last_release,sources
s1,One,365,2026-03-09,k
s2,Two,,2024,k
""")


def test_likelihood_ranges_read_as_text():
    assert levers.likelihood_ranges(SCALE) == {"remote chance": "0–5%", "likely": "55–75%", "highly likely": "80–90%"}


def test_judgements_in_rank_order_with_the_range_of_their_likelihood():
    rows = levers.judgement_rows(JUDGEMENTS, SCALE, LEVELS)
    assert list(rows["id"]) == ["kj_a", "kj_b", "kj_c"]
    assert rows.loc[0, "range"] == "55–75%" and pd.isna(rows.loc[1, "range"]) and rows.loc[2, "range"] == "80–90%"


@pytest.mark.parametrize(
    "column, value, row, message",
    [
        ("confidence", "certain", "kj_b", "confidence 'certain'"),
        ("likelihood", "probably", "kj_a", "not a term"),
        ("horizon", pd.NA, "kj_c", "needs a horizon"),
        ("horizon", "by 2027", "kj_b", "horizon without a likelihood"),
    ],
)
def test_a_judgement_off_the_scales_is_an_error_naming_it(column, value, row, message):
    bad = JUDGEMENTS.copy()
    bad.loc[bad["id"] == row, column] = value
    with pytest.raises(data.DataError, match=f"{row}.*{message}"):
        levers.judgement_rows(bad, SCALE, LEVELS)


def test_next_release_follows_the_watched_series_rhythm():
    expected = levers.next_releases(JUDGEMENTS, SCHEDULE)
    assert expected["kj_a"] == pd.Timestamp("2027-03-09")
    assert pd.isna(expected["kj_b"])
    bad = JUDGEMENTS.assign(watch_series=["s9", pd.NA, pd.NA])
    with pytest.raises(data.DataError, match="s9"):
        levers.next_releases(bad, SCHEDULE)


# --- options -------------------------------------------------------------------------------------

OPTIONS = _frame("""id,rank,actor_group,option,evidence_rows,sources
o3,3,Serbian institutions and civil society,c,tb:r3,k
o1,2,EU,a,ta:r1;tb:r2;ta:r9,k
o2,1,NATO members,b,tc:r4,k
o4,4,EU,d,ta:r5,k
""")


def test_options_follow_the_columns_of_the_action_matrix():
    assert list(levers.option_rows(OPTIONS)["id"]) == ["o1", "o4", "o2", "o3"]
    with pytest.raises(data.DataError, match="UN"):
        levers.option_rows(OPTIONS.assign(actor_group=["EU", "UN", "EU", "EU"]))


def test_evidence_links_name_each_chapter_once_and_prefer_the_section():
    chapters, sections = {"ta": "book/military", "tb": "book/police"}, {"tb": "police-patrols"}
    assert levers.evidence_links("ta:r1;tb:r2;ta:r9", chapters, sections) == [
        "{doc}`/book/military`",
        "{ref}`police-patrols`",
    ]
    assert levers.evidence_links(pd.NA, chapters) == []
    with pytest.raises(data.DataError, match="tc"):
        levers.evidence_links("tc:r4", chapters)
    assert levers.rows_of("ta:r1;tb:r2;ta:r9", "ta") == ["r1", "r9"]


def test_options_list_one_item_each_with_what_it_would_and_would_not_change():
    frame = pd.DataFrame(
        {
            "actor_group": ["EU", "NATO members"],
            "actor": ["Commission", "Allies"],
            "option": ["Do *this*.", "Do that."],
            "would_change": ["A.", "B."],
            "would_not_change": ["Purchases.", "C."],
        }
    )
    text = levers.options_markdown(frame)
    lines = text.strip().split("\n")
    assert len(lines) == 2 and all(line.startswith("- **") for line in lines)
    assert lines[0] == (
        "- **EU (Commission).** Do \\*this\\*. *Would change:* A. *Would not change:* Purchases."
    )  # markup in the data is escaped
    detailed = levers.options_markdown(
        frame.assign(instrument=["Treaty", "Plan"], precedent=["Done before.", "Never."]),
        detail=True,
        links=pd.Series(["{doc}`/book/x`", ""]),
    ).split("\n")
    assert "*Instrument:* Treaty. *Precedent:* Done before." in detailed[0]
    assert detailed[0].endswith("*Evidence:* {doc}`/book/x`.") and "*Evidence:*" not in detailed[1]
    with pytest.raises(ValueError):
        levers.options_markdown(frame.iloc[0:0])


# --- figure --------------------------------------------------------------------------------------

SHARES = _frame("""supplier,share_pct,sources
Russia,7,k1
China,61,k1
France,12,k1
""")
EXERCISES = _frame("""partner,count,unit,sources
Russia,4,exercises,k2
NATO members,14,exercises,k2
""")


def test_buy_and_train_draws_both_panels_with_their_sources():
    chart = levers.buy_and_train_figure(SHARES, EXERCISES, note="note")
    assert list(chart.data["panel"]) == ["arms imports"] * 3 + ["exercises"] * 2
    assert list(chart.data["name"]) == ["Russia", "France", "China", "Russia", "NATO members"]  # smallest first
    assert set(chart.data["sources"]) == {"k1", "k2"}
    plt.close(chart.fig)


def test_exercise_counts_of_different_units_do_not_share_an_axis():
    mixed = EXERCISES.assign(unit=["exercises", "joint military activities"])
    with pytest.raises(data.DataError, match="units"):
        levers.buy_and_train_figure(SHARES, mixed)
    with pytest.raises(ValueError):
        levers.buy_and_train_figure(SHARES.iloc[0:0], EXERCISES)
