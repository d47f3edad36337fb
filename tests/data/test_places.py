"""Checks on the real places table: every place points at a row that the report's other tables hold."""


def test_every_place_points_at_an_existing_row():
    from csreport import data

    refs = [r for cell in data.load("places")["evidence"] for r in cell.split(";")]
    missing = []
    for ref in refs:
        table, _, row_id = ref.partition(":")
        if table not in data.names() or row_id not in set(data.load(table)["id"]):
            missing.append(ref)
    assert missing == [], f"references to rows that do not exist: {missing}"
