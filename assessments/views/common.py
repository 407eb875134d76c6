"""What assessment pages share: the breadcrumbs. Fetching for a user is in `..guards`."""

from django.urls import reverse

from ..models import Assessment


def crumbs(assessment: Assessment | None = None, *items) -> list[dict]:
    trail = [
        (reverse("start"), "Home"),
        (reverse("assessments:home"), "My organisations and systems"),
    ]
    if assessment is not None:
        trail.append(
            (
                reverse("assessments:assessment", args=[assessment.pk]),
                f"{assessment.organisation.name}: {assessment.round.name}",
            )
        )
    trail += list(items)
    return [{"href": href, "text": text} for href, text in trail]
