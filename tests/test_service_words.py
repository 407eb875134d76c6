"""The service's own words are not only for WGLL (issue 11): the footer on every page and the
start page speak of digital maturity frameworks; the about page may name WGLL as an example."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_footer_and_the_start_page_are_not_only_for_wgll(client, reader):
    client.force_login(reader)
    for path in ("/", "/about/", "/frameworks/"):
        html = client.get(path).content.decode()
        assert "self-assessment and planning against digital maturity frameworks" in html, path
        assert "a self-assessment tool for the What Good Looks Like framework" not in html
    start = client.get("/").content.decode()
    assert (
        "record where\n      they stand against a digital maturity framework, such as What Good"
        in start
    )
    assert "one section at a time" in start
    assert "success measure" not in start.lower()
