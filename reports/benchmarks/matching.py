"""Matching a results file's words to Waymark's: measures, organisations, systems, settings, scores."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings

from assessments.models import Organisation, Region, System
from frameworks.models import FrameworkVersion, Measure

from .reading import CODE_IN_BRACKETS, MISSING


def normalise(text: str) -> str:
    """Lower case, "&" as "and", punctuation and repeated spaces gone."""
    text = str(text).lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def system_key(name: str) -> str:
    """A system's name without the words that vary between files ("NHS", "ICB", "ICS", ...)."""
    words = normalise(name)
    for suffix in (" integrated care board", " integrated care system", " icb", " ics"):
        if words.endswith(suffix):
            words = words[: -len(suffix)]
    if words.startswith("nhs "):
        words = words[4:]
    return words


def measure_labels(version: FrameworkVersion) -> dict[str, Measure]:
    """Normalised label -> measure of `version`, from every version's labels by stable key and
    the WAYMARK_BENCHMARK_LABELS setting."""
    measures = {m.key: m for m in Measure.objects.filter(version=version)}
    labels: dict[str, Measure] = {}
    for key, label in Measure.objects.filter(
        version__framework_id=version.framework_id, key__in=measures
    ).values_list("key", "label"):
        labels[normalise(label)] = measures[key]
    for label, key in getattr(settings, "WAYMARK_BENCHMARK_LABELS", {}).items():
        if key in measures:
            labels[normalise(label)] = measures[key]
    return labels


class Directory:
    """Organisations, systems and regions by code and normalised name (a few queries)."""

    def __init__(self):
        organisations = list(Organisation.objects.all())
        self.org_by_code = {o.ods_code: o for o in organisations}
        self.org_by_name: dict[str, list[Organisation]] = {}
        for organisation in organisations:
            self.org_by_name.setdefault(normalise(organisation.name), []).append(organisation)
        systems = list(System.objects.select_related("region"))
        self.system_by_code = {s.ods_code: s for s in systems}
        self.system_by_name: dict[str, list[System]] = {}
        for system in systems:
            self.system_by_name.setdefault(system_key(system.name), []).append(system)
        self.region_by_name = {normalise(r.name): r for r in Region.objects.all()}

    def organisation(self, text: str, code: str) -> tuple[Organisation | None, str]:
        match = CODE_IN_BRACKETS.match(text)
        if not code and match:
            code = match["code"]
            text = match["name"]
        if code:
            found = self.org_by_code.get(code.upper())
            return found, "" if found else f"no organisation has the ODS code {code.upper()}"
        candidates = self.org_by_name.get(normalise(text), [])
        if len(candidates) == 1:
            return candidates[0], ""
        if candidates:
            codes = ", ".join(sorted(o.ods_code for o in candidates))
            return (
                None,
                f"{len(candidates)} organisations are called {text!r} ({codes}): add its ODS code",
            )
        return None, f"no organisation is called {text!r}"

    def system(self, text: str) -> tuple[System | None, str]:
        match = CODE_IN_BRACKETS.match(text)
        if match and match["code"].upper() in self.system_by_code:
            return self.system_by_code[match["code"].upper()], ""
        if text.upper() in self.system_by_code:
            return self.system_by_code[text.upper()], ""
        candidates = self.system_by_name.get(system_key(text), [])
        current = [s for s in candidates if s.is_current()] or candidates
        if len(current) == 1:
            return current[0], ""
        if current:
            return None, f"more than one system is called {text!r}: use its ODS code"
        return None, f"no system (ICS) is called {text!r}"


def parse_score(text: str) -> tuple[Decimal | None, str]:
    if normalise(text) in MISSING or text.strip().lower() in MISSING:
        return None, ""
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None, f"{text[:40]!r} is not a score: use a number from 1 to 5, or leave it blank"
    if not value.is_finite() or not Decimal(1) <= value <= Decimal(5):
        return None, f"{text[:40]} is outside 1 to 5"
    # Kept to 8 places as frozen scores are (`assessments.scoring.stored`): halves up.
    return value.quantize(Decimal("0.00000001"), rounding=ROUND_HALF_UP), ""
