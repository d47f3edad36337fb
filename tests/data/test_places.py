"""Checks on the real tables behind the places chapter: the claims its prose makes still hold."""


def test_every_place_and_event_points_at_an_existing_row():
    from csreport import data

    refs = [r for cell in data.load("places")["evidence"] for r in cell.split(";")]
    refs += list(data.load("event_labels")["ref"])
    missing = []
    for ref in refs:
        table, _, row_id = ref.partition(":")
        if table not in data.names() or row_id not in set(data.load(table)["id"]):
            missing.append(ref)
    assert missing == [], f"references to rows that do not exist: {missing}"
