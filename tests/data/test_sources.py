"""Checks on the real tables behind the sources chapter: the claims its prose makes still hold."""

import re

from csreport import data
from csreport.data import sources


def test_every_key_used_by_data_exists():
    used = set()
    for name in data.names():
        used.update(sources.keys_of(data.load(name)))
    assert used <= sources.keys()


def test_urls_well_formed():
    for key, fields in sources.entries().items():
        assert re.match(r"^https?://[^\s/]+\.[^\s/]+", fields["url"]), key


def test_publisher_names_are_plain_text():
    for key in sources.entries():
        assert "\\" not in sources.publisher(key), key
