"""The Jinja2 environment for our pages and PDFs: NHS.UK frontend macros, a few Django helpers
and our formatting filters (`config/formatting.py`), e.g. `{{ round.opens_on|date_text }}`,
`{{ score|score_text }}`, `{{ user|person_name }}`,
`{{ system.valid_from|period_text(system.valid_to) }}`; and `{{ question.guidance|markdown }}`
(`config/markdown.py`)."""

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from .formatting import FILTERS
from .markdown import markdown, markdown_led, markdown_split


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    # Our templates first, then the NHS.UK macros (`nhsuk/components/.../macro.jinja`).
    options["loader"] = ChoiceLoader([options.pop("loader"), PackageLoader("nhsuk_frontend_jinja")])
    # The NHS.UK macros rely on chained look-ups of parameters that may be absent.
    options["undefined"] = ChainableUndefined
    options.setdefault("autoescape", True)
    env = Environment(**options)
    env.filters.update(FILTERS)
    env.filters["markdown"] = markdown  # framework texts: paragraphs and lists, sanitised
    env.filters["markdown_led"] = markdown_led  # the same after a lead-in ("How to get there:")
    env.filters["markdown_split"] = markdown_split  # a label's inline part, and the blocks after
    env.globals.update(
        static=static,
        url=url,
        get_messages=get_messages,
        service_name=settings.WAYMARK_SERVICE_NAME,
    )
    return env


def csrf_once(request) -> dict:
    """Django's Jinja2 backend gives templates `csrf_token` and `csrf_input` as lazy strings,
    which mask a fresh token (32 random characters) each time one is written: a questionnaire
    page with a form per question made hundreds. Here each is made once per page, on first use
    (a context processor: runs after the backend's own, so it replaces them)."""
    from django.middleware.csrf import get_token
    from django.utils.functional import SimpleLazyObject
    from markupsafe import Markup

    token = SimpleLazyObject(lambda: get_token(request))
    return {
        "csrf_token": token,
        "csrf_input": SimpleLazyObject(
            lambda: Markup('<input type="hidden" name="csrfmiddlewaretoken" value="{}">').format(
                str(token)
            )
        ),
    }
