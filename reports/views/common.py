"""What the reports pages share: breadcrumbs and the filters read from the query string."""

from django.urls import reverse

from ..aggregates import OVERALL, PROVIDERS, Aggregate
from ..presenters.common import measure_choices, setting_choices


def crumbs(*items) -> list[dict]:
    trail = [
        (reverse("start"), "Home"),
        (reverse("assessments:home"), "My organisations and systems"),
        *items,
    ]
    return [{"href": href, "text": text} for href, text in trail]


def chosen_setting(request, figures: Aggregate | None) -> str:
    asked = request.GET.get("setting", "")
    if figures is not None and asked in {key for key, _ in setting_choices(figures)}:
        return asked
    return PROVIDERS


def chosen_measure(request, figures: Aggregate | None) -> str:
    asked = request.GET.get("measure", "")
    if figures is not None and asked in {key for key, _ in measure_choices(figures)}:
        return asked
    return OVERALL
