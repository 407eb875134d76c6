"""Formatting for pages: dates, periods, pagination and what a person may do here, in words."""

import datetime as dt

from django.core.paginator import Page

from . import access
from .models import Organisation, Region, System

_ACTIONS_IN_WORDS = {
    Organisation: {
        "view": "see this organisation and its results",
        "edit": "answer its self-assessment",
        "approve": "approve its self-assessment",
        "compare": "compare it with other organisations",
        "export": "download its reports",
    },
    System: {
        "view": "see this system and its results",
        "edit": "set its targets and write its transformation plan",
        "approve": "sign off its transformation plan",
        "compare": "compare it with other systems",
        "export": "download its reports",
    },
    Region: {
        "view": "see this region and its systems",
        "edit": "",
        "approve": "",
        "compare": "compare its systems",
        "export": "download its reports",
    },
}


def date_text(day: dt.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def period_text(valid_from: dt.date, valid_to: dt.date | None) -> str:
    if valid_to is None:
        return f"Since {date_text(valid_from)}"
    return f"{date_text(valid_from)} to {date_text(valid_to)}"


def what_you_can_do(user, obj) -> list[str]:
    """The actions of the access policy this user may take here, as a sentence each."""
    words = _ACTIONS_IN_WORDS[type(obj)]
    return [
        words[action].capitalize()
        for action in access.ACTIONS
        if words[action] and access.may(user, action, obj)
    ]


def pagination(request, page: Page) -> dict | None:
    """Parameters for the NHS.UK pagination component, keeping the search in the links."""
    if page.paginator.num_pages <= 1:
        return None

    def href(number: int) -> str:
        query = request.GET.copy()
        query["page"] = number
        return "?" + query.urlencode()

    items = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "href": href(number), "current": number == page.number})
    return {
        "previous": {"href": href(page.previous_page_number())} if page.has_previous() else {},
        "next": {"href": href(page.next_page_number())} if page.has_next() else {},
        "items": items,
    }
