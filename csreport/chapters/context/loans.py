"""Serbia's published loan agreements with Chinese lenders or Chinese cover, read against *How China Lends*.

Tables: loan_documents (the agreements, and the 2009 infrastructure agreement), loan_headings (the
headings read in their tables of contents, and in one non-Chinese facility read for comparison) and
loan_clauses (the study's kinds of clause, and how far the test went for Serbia). No clause text
was read: the functions here count headings, they never infer what a clause says.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csreport import data
from csreport.report import glue

HEADING_FLAGS = ("heading_confidentiality", "heading_default", "heading_change_of_law")
STATUS_TEXT = {  # how a status reads in the chapter's table
    "texts_public": "Text published",
    "heading_only": "Heading only; text not read",
    "not_read": "No heading; text not read",
}


def loan_rows(documents: pd.DataFrame) -> pd.DataFrame:
    """The loan agreements only (not the framework agreement or protocol), by date of signature."""
    loans = documents[documents["kind"] == "loan_agreement"].copy()
    for column in (*HEADING_FLAGS, "lender_kind"):
        missing = loans.loc[loans[column].isna(), "id"]
        if not missing.empty:
            raise data.DataError(f"loan_documents, column '{column}': empty for loan agreement(s) {', '.join(missing)}")
    loans["start"] = _first_day(loans["signed"])
    return loans.sort_values("start", kind="stable").reset_index(drop=True)


def _first_day(signed: pd.Series) -> pd.Series:
    """The first day each text date of signature covers, to order agreements by."""
    return signed.map(lambda d: data.date_interval(d)[0])


@dataclass(frozen=True)
class Headings:
    """What the tables of contents show, over the loan agreements (no clause text was read)."""

    n_loans: int
    n_confidentiality: int
    n_default: int
    n_change_of_law: int
    n_text_read: int
    confidentiality_kinds: tuple[str, ...]  # lender kinds of the agreements with a confidentiality heading
    no_confidentiality_kinds: tuple[str, ...]  # lender kinds none of whose agreements has one
    change_of_law_kinds: tuple[str, ...]  # lender kinds of the agreements with a change-of-law heading


def headings(loans: pd.DataFrame) -> Headings:
    """Counts of headings over the loan agreements (rows of `loan_rows`) and the lender kinds behind them."""
    flag = {c: loans[c].astype(bool) for c in HEADING_FLAGS}
    conf = flag["heading_confidentiality"]
    with_conf = tuple(sorted(set(loans.loc[conf, "lender_kind"])))
    return Headings(
        n_loans=len(loans),
        n_confidentiality=int(conf.sum()),
        n_default=int(flag["heading_default"].sum()),
        n_change_of_law=int(flag["heading_change_of_law"].sum()),
        n_text_read=int(loans["text_read"].fillna(False).astype(bool).sum()),
        confidentiality_kinds=with_conf,
        no_confidentiality_kinds=tuple(sorted(set(loans.loc[~conf, "lender_kind"]) - set(with_conf))),
        change_of_law_kinds=tuple(sorted(set(loans.loc[flag["heading_change_of_law"], "lender_kind"]))),
    )


def comparator_clauses(headings_read: pd.DataFrame) -> set[str]:
    """The study's clause kinds whose heading also appears in a non-Chinese facility read for comparison."""
    comp = headings_read[headings_read["comparator"].astype(bool)]
    return set(comp["matches_study_clause"].dropna())


def unlisted_headings(headings_read: pd.DataFrame, documents: pd.DataFrame) -> list[str]:
    """Documents of Serbia's agreements in loan_headings that loan_documents does not list (should be none)."""
    own = headings_read[~headings_read["comparator"].astype(bool)]
    return sorted(set(own["document"]) - set(documents["id"]))


def flags_disagree(headings_read: pd.DataFrame, loans: pd.DataFrame) -> list[str]:
    """Agreements whose confidentiality flag in loan_documents disagrees with the headings read in loan_headings.

    Only agreements with headings in loan_headings are compared; the others are not tested.
    """
    conf = headings_read[headings_read["matches_study_clause"] == "confidentiality"]["document"]
    read = set(headings_read["document"])
    out = []
    for _, loan in loans.iterrows():
        if loan["id"] in read and bool(loan["heading_confidentiality"]) != (loan["id"] in set(conf)):
            out.append(loan["id"])
    return out


def clause_rows(clauses: pd.DataFrame) -> pd.DataFrame:
    """The study's clause kinds with `status` as the chapter's table words it."""
    unknown = set(clauses["serbia_status"]) - set(STATUS_TEXT)
    if unknown:
        raise ValueError(f"loan_clauses, column 'serbia_status': no wording for {', '.join(sorted(unknown))}")
    return clauses.assign(status=clauses["serbia_status"].map(STATUS_TEXT))


def agreement_rows(loans: pd.DataFrame) -> pd.DataFrame:
    """The loan agreements for the Databook table: date as short text and the heading flags as yes/no."""
    yes_no = {True: "yes", False: "no"}
    return loans.assign(
        when=[glue.date_text(d, short=True) for d in loans["signed"]],
        **{c: loans[c].astype(bool).map(yes_no) for c in HEADING_FLAGS},
    )


def heading_rows(headings_read: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Every heading read, with its agreement's label, in the order the agreements were signed and,
    within one, as read."""
    by_id = documents.set_index("id")
    rows = headings_read.assign(
        agreement=headings_read["document"].map(by_id["label"]),
        where=[f"{p.capitalize()} {n}" for p, n in zip(headings_read["part"], headings_read["number"])],
        start=_first_day(headings_read["document"].map(by_id["signed"])),
    )
    return rows.sort_values("start", kind="stable").drop(columns="start").reset_index(drop=True)
