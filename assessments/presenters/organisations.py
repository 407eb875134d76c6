"""Formatting for the pages about regions, systems and organisations: what a person may do
here, in words. Dates, periods and scores are Jinja2 filters (`config.formatting`)."""

from django.urls import reverse

from .. import access
from ..models import Organisation, Region, System


class CanDo(str):
    """One sentence of "what you can do here", with the page where it is done (`href`, or "")."""

    href: str = ""

    def __new__(cls, text: str, href: str = ""):
        sentence = super().__new__(cls, text)
        sentence.href = href
        return sentence


def _plans_url(obj) -> str:
    kind = "systems" if isinstance(obj, System) else "organisations"
    return reverse("reports:plans", args=[kind, obj.ods_code])


def _plan_sentences(user, obj) -> list[CanDo]:
    """The transformation plan's line, linking to its plans (reports' pages)."""
    if isinstance(obj, Region):
        return []
    if isinstance(obj, Organisation) and access.may_change_plan(user, obj):
        return [CanDo("Write its transformation plan", _plans_url(obj))]
    if isinstance(obj, Organisation) or not access.may_change_plan(user, obj):
        if access.may_read_plan(user, obj):
            return [CanDo("Read its transformation plans", _plans_url(obj))]
    return []


# The pages where an action is done, by kind of object and action (the rest: not yet links).
_PAGES = {System: {"edit": _plans_url, "approve": _plans_url}}

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


def what_you_can_do(user, obj) -> list[CanDo]:
    """The actions of the access policy this user may take here, as a sentence each (with a
    link where the page exists)."""
    words = _ACTIONS_IN_WORDS[type(obj)]
    pages = _PAGES.get(type(obj), {})
    sentences = [
        CanDo(words[action].capitalize(), pages[action](obj) if action in pages else "")
        for action in access.ACTIONS
        if words[action] and access.may(user, action, obj)
    ]
    return sentences + _plan_sentences(user, obj)
