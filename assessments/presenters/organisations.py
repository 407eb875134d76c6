"""Formatting for the pages about regions, systems and organisations: what a person may do
here, in words. Dates, periods and scores are Jinja2 filters (`config.formatting`)."""

from .. import access
from ..models import Organisation, Region, System

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


def what_you_can_do(user, obj) -> list[str]:
    """The actions of the access policy this user may take here, as a sentence each."""
    words = _ACTIONS_IN_WORDS[type(obj)]
    return [
        words[action].capitalize()
        for action in access.ACTIONS
        if words[action] and access.may(user, action, obj)
    ]
