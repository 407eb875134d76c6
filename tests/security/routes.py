"""Every URL pattern of the site, found from the URLconf (never a hand-kept list), with the
parameters it takes, and a way to fill them with the real objects of a seeded world.

    for route in parametrised_routes():   # "assessments/<int:pk>/evidence/<int:evidence_pk>/"
        for kwargs in fill(route, values):    # {"pk": 7, "evidence_pk": 3}, ...
            url = route.url(kwargs)

`fill` works out what a parameter names from the literal segment before it (`assessments/<pk>`
is an assessment, `rounds/<pk>` a round, `actions/<pk>` a plan action) or, when that segment is
itself a parameter (`<plan_kind:kind>/<str:ods_code>`), from the value chosen for it. A route
whose parameters cannot be filled raises `Unfillable`, so a new route with parameters fails the
attack tests until someone says what its parameters name.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>|\(\?P<(?P<regex_name>\w+)>")


class Unfillable(LookupError):
    """A route takes a parameter the attack tests cannot fill with another organisation's data."""


@dataclass(frozen=True)
class Route:
    route: str  # the full pattern, "assessments/<int:pk>/"
    name: str  # "assessments:assessment"
    pattern: URLPattern
    parameters: tuple[tuple[str, str], ...]  # (segment before it, parameter name)

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    def url(self, kwargs: dict) -> str:
        if self.name and not self.name.endswith(":"):
            return reverse(self.name, kwargs=kwargs)
        return "/" + _substitute(self.route, kwargs)

    def __str__(self) -> str:
        return self.route


def all_routes(resolver=None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_routes(entry, prefix + str(entry.pattern), inner)
        else:
            route = prefix + str(entry.pattern)
            yield Route(route, namespace + (entry.name or ""), entry, _parameters(route))


def parametrised_routes() -> list[Route]:
    return [route for route in all_routes() if route.parameters]


def _parameters(route: str) -> tuple[tuple[str, str], ...]:
    found = []
    for match in PARAMETER.finditer(route):
        name = match["name"] or match["regex_name"]
        before = route[: match.start()].rstrip("/^").rsplit("/", 1)[-1].lstrip("^")
        found.append((before, name))
    return tuple(found)


def _substitute(route: str, kwargs: dict) -> str:
    """The route with its parameters replaced by values: `<int:pk>` and regex groups alike."""
    out, index = [], 0
    for match in PARAMETER.finditer(route):
        out.append(route[index : match.start()])
        name = match["name"] or match["regex_name"]
        out.append(str(kwargs[name]))
        index = match.end()
        if match["regex_name"]:  # skip the group's body, up to its closing parenthesis
            depth = 1
            while depth:
                depth += {"(": 1, ")": -1}.get(route[index], 0)
                index += 1
    out.append(route[index:])
    return "".join(out).replace("^", "").replace("$", "")


def fill(route: Route, values: dict) -> list[dict]:
    """Every combination of values for the route's parameters.

    `values` maps (segment, parameter) or (None, parameter) to a list of values; a segment that
    is itself a parameter (`<kind>`) is looked up under the value chosen for it.
    """
    combinations: list[dict] = [{}]
    for segment, name in route.parameters:
        grown = []
        for chosen in combinations:
            key_segment = segment
            placeholder = PARAMETER.fullmatch(segment) if segment else None
            if placeholder:
                key_segment = str(chosen[placeholder["name"]])
            options = values.get((key_segment, name), values.get((None, name)))
            if options is None:
                raise Unfillable(
                    f"{route.route} ({route.name}): nothing says what {name!r} after "
                    f"{key_segment!r} names. Add it to the attack tests' values "
                    "(tests/security/conftest.py) with another organisation's object."
                )
            grown += [{**chosen, name: option} for option in options]
        combinations = grown
    return combinations


def expand(route: Route, values: dict) -> list[str]:
    return [route.url(kwargs) for kwargs in fill(route, values)]


__all__ = ["Route", "Unfillable", "all_routes", "expand", "fill", "parametrised_routes"]
