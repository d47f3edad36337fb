"""The shared formatters of numbers, dates and lists in the prose (csreport.report.glue) and row lookup."""

import pandas as pd
import pytest

from csreport import data
from csreport.report import glue


# Dates
def test_date_text_keeps_the_precision_of_the_source():
    assert glue.date_text("2019-09-05") == "5 September 2019"
    assert glue.date_text("2016-06") == "June 2016"
    assert glue.date_text("2009") == "2009"


def test_date_text_can_show_a_coarser_precision_never_a_finer_one():
    assert glue.date_text("2019-09-05", "month") == "September 2019"
    assert glue.date_text("2019-09-05", "year") == "2019"
    assert glue.date_text("2016-06", "year") == "2016"
    assert glue.date_text("2009", "day") == "2009"  # no invented day or month
    assert glue.date_text("2016-06", "day") == "June 2016"


def test_date_text_short_abbreviates_the_month_at_the_same_precision():
    assert glue.date_text("2019-09-05", short=True) == "5 Sep 2019"
    assert glue.date_text("2016-06", short=True) == "Jun 2016"
    assert glue.date_text("2009", short=True) == "2009"
    assert glue.date_text(pd.Timestamp("2024-01-31"), "month", short=True) == "Jan 2024"


def test_date_text_accepts_a_timestamp_and_rejects_an_unknown_precision():
    assert glue.date_text(pd.Timestamp("2024-01-31")) == "31 January 2024"
    with pytest.raises(ValueError, match="precision"):
        glue.date_text("2019-09-05", "week")


def test_period_text_half_years_dates_and_spans_of_years():
    assert glue.period_text("2024-H1") == "the first half of 2024"
    assert glue.period_text("2023-H2") == "the second half of 2023"
    assert glue.period_text("2022-06") == "June 2022"
    assert glue.period_text("2019") == "2019"
    assert glue.period_text("2021-2025") == "2021–25" and glue.period_text("1999-2003") == "1999–2003"
    with pytest.raises(ValueError):
        glue.period_text("2024-H3")


def test_month_span_short_months_and_years():
    assert glue.month_span("2020-09", "2020-10-15") == "Sep–Oct 2020"
    assert glue.month_span("2023-12-30", "2024-01-20") == "Dec 2023–Jan 2024"
    assert glue.month_span("2022-06-13", "2022-06-22") == "Jun 2022"
    assert glue.month_span("2021", "2021") == "2021"
    assert glue.month_span("2019", "2020-03") == "2019–2020"


def test_days_plural():
    assert glue.days(1) == "1 day"
    assert glue.days(2) == "2 days"


# Money
def test_money_short_form_in_millions_and_billions():
    assert glue.money(6090, "USD") == "USD 6.09bn"
    assert glue.money(478.9, "EUR", "approx") == "about EUR 478.9m"
    assert glue.money(608, "USD", "at_least") == "at least USD 608m"
    assert glue.money(15000, "EUR", "at_most") == "at most EUR 15bn"
    assert glue.money(1234567, "EUR") == "EUR 1,234.57bn"  # thousands separator, two decimals at most


def test_money_long_form_with_a_code_or_a_sign():
    assert glue.money(2.7e9, "EUR", "approx", unit=1, long=True) == "about 2.7 billion EUR"
    assert glue.money(15e6, "USD", unit=1, long=True) == "15 million USD"
    assert glue.money(2209.6, "$", long=True) == "$2.21 billion"
    assert glue.money(725, "€", long=True) == "€725 million"


def test_money_qualifier_words_can_be_overridden_and_a_missing_qualifier_is_exact():
    assert glue.money(15000, "EUR", "at_most", words={"at_most": "up to "}) == "up to EUR 15bn"
    assert glue.money(1000, "USD", "at_least", words={"at_least": "more than "}) == "more than USD 1bn"
    assert glue.money(2.7e9, "EUR", pd.NA, unit=1, long=True) == "2.7 billion EUR"


# Percentages
def test_percent_whole_numbers_without_decimals_others_with_one():
    assert glue.percent(45) == "45%"
    assert glue.percent(45.0) == "45%"
    assert glue.percent(60.5, "approx") == "about 60.5%"
    assert glue.percent(33, "at_most") == "at most 33%"
    assert glue.percent(12, "at_least") == "at least 12%"


def test_percent_ranges_decimals_sign_and_words():
    assert glue.percent(35, high=40, sign="") == "35–40"
    assert glue.percent(57, high=57, sign="") == "57"
    assert glue.percent(37.5, "at_least", decimals=0, words={"at_least": "more than "}) == "more than 38%"
    assert glue.percent(4.5, "approx", sign="", words={"approx": "c. "}) == "c. 4.5"
    assert glue.percent(9, "at_most", sign="", words={"at_most": "≤"}) == "≤9"


# Lists and years
def test_sentence_start_capitalises_only_the_first_letter():
    assert glue.sentence_start("the Commission's annual report") == "The Commission's annual report"
    assert glue.sentence_start("SIPRI's data") == "SIPRI's data"
    assert glue.sentence_start("") == ""


def test_and_list():
    assert glue.and_list(["a"]) == "a"
    assert glue.and_list(["a", "b"]) == "a and b"
    assert glue.and_list(["a", "b", "c"]) == "a, b and c"
    assert glue.and_list(x for x in (2019, 2023)) == "2019 and 2023"
    with pytest.raises(ValueError):
        glue.and_list([])


def test_year_spans():
    assert glue.year_spans([2014, 2015, 2016, 2020, 2025]) == "2014–2016, 2020 and 2025"
    assert glue.year_spans({2017, 2011, 2015, 2016}) == "2011 and 2015–2017"
    assert glue.year_spans(["2020", 2020, 2021]) == "2020–2021"
    assert glue.year_spans([2019]) == "2019"


# Rows
def test_row_finds_a_row_by_id():
    frame = pd.DataFrame({"id": ["a", "b"], "value": [1, 2]})
    r = data.row(frame, "b")
    assert r["value"] == 2 and r.name == "b"
    with pytest.raises(KeyError):
        data.row(frame, "c")


def test_text_dates_have_one_parser():
    import pandas as pd

    from csreport import data

    assert data.date_interval("2009") == (pd.Timestamp("2009-01-01"), pd.Timestamp("2009-12-31"), "year")
    assert data.date_interval("2016-02")[1] == pd.Timestamp("2016-02-29")
    assert data.partial_date("2016-06") == (pd.Timestamp("2016-06-15"), "month")
    assert data.partial_date("2019") == (pd.Timestamp("2019-07-01"), "year")
    when, precision = data.partial_date("")
    assert pd.isna(when) and precision is None


def test_ordinal_and_count():
    assert [glue.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 102)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "102nd",
    ]
    assert glue.ordinal(2, spelled=True) == "second" and glue.ordinal(12, spelled=True) == "12th"
    assert glue.count(156664) == "156,664"
    with pytest.raises(ValueError, match="whole number"):
        glue.count(2.5)


def test_the_locale_is_a_parameter():
    assert glue.date_text("2019-09-05", locale="sr_Latn") == "5 septembar 2019"
    assert glue.number(1234.5, locale="de") == "1.234,5"
    assert glue.currency_sign("EUR") == "€"


def test_confidence_rank_puts_the_best_sourced_first():
    ranks = data.confidence_rank(pd.Series(["low", "high", "medium"]))
    assert ranks.tolist() == [2, 0, 1]


# Ranges (added with the military chapter)
def test_year_range_shortens_the_end_year_within_a_century_only():
    assert glue.year_range(2020, 2024) == "2020–24"
    assert glue.year_range(2020, 2024, short=False) == "2020–2024"
    assert glue.year_range(1998, 2002) == "1998–2002"
    assert glue.year_range(2024, 2024) == "2024"


def test_count_range_collapses_equal_ends():
    assert glue.count_range(6, 9) == "6–9"
    assert glue.count_range(6, 6) == "6"
    assert glue.count_range(6) == "6"
    assert glue.count_range(1000, 1200) == "1,000–1,200"


def test_date_range_writes_the_shared_month_and_year_once():
    assert glue.date_range("2025-07-19", "2025-07-28") == "19 to 28 July 2025"
    assert glue.date_range("2025-06-30", "2025-07-02") == "30 June to 2 July 2025"
    assert glue.date_range("2024-12-30", "2025-01-02") == "30 December 2024 to 2 January 2025"
    assert glue.date_range("2025-07-19", "2025-07-19") == "19 July 2025"


def test_or_list_and_times():
    assert glue.or_list([5, 10, 15]) == "5, 10 or 15"
    assert glue.or_list(["a", "b"]) == "a or b"
    assert glue.or_list(["a"]) == "a"
    with pytest.raises(ValueError):
        glue.or_list([])
    assert [glue.times(n) for n in (1, 2, 3, 1000)] == ["once", "twice", "3 times", "1,000 times"]


def test_count_words_spells_one_to_nine_only():
    assert [glue.count_words(n) for n in (1, 3, 9, 10, 1000)] == ["one", "three", "nine", "10", "1,000"]
    assert glue.count_words(0) == "0"


def test_each_glues_one_column_of_named_rows_and_names_a_missing_row():
    frame = pd.DataFrame({"id": ["a", "b"], "share": [12.5, 40.0]}).set_index("id")
    texts = glue.each(frame, "share", {"k_a": "a", "k_b": "b"}, glue.percent)
    assert texts == {"k_a": glue.percent(12.5), "k_b": glue.percent(40.0)}
    with pytest.raises(KeyError, match="no row c"):
        glue.each(frame, "share", {"k_c": "c"})


def test_expect_passes_silently_and_names_the_sentence_when_the_data_flip():
    glue.expect(True, "China leads")
    with pytest.raises(glue.ProseOutdated, match="the text says: China leads"):
        glue.expect(False, "China leads")
