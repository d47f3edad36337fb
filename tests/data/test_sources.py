"""Checks on the real tables behind the sources chapter: the claims its prose makes still hold."""

import re

from csreport.data import sources


def test_urls_well_formed():
    for key, fields in sources.entries().items():
        assert re.match(r"^https?://[^\s/]+\.[^\s/]+", fields["url"]), key


def test_publisher_names_are_plain_text():
    for key in sources.entries():
        assert "\\" not in sources.publisher(key), key
