from fractions import Fraction
from types import SimpleNamespace

import pytest
from django.template import engines


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (Fraction(6, 10), "up 0.6"),
        (Fraction(-1, 10), "down 0.1"),
        (Fraction(1, 100), "no change"),  # shown as 0.0: never "up 0.0"
        (Fraction(-4, 100), "no change"),
        (Fraction(0), "no change"),
        (Fraction(5, 100), "up 0.1"),  # halves up, as everywhere
    ],
)
def test_a_change_is_written_as_people_read_it(change, words):
    template = engines["jinja2"].from_string(
        '{% from "reports/documents/_macros.jinja" import change %}{{ change(row) }}'
    )
    assert template.render({"row": SimpleNamespace(change=change)}).strip() == words
