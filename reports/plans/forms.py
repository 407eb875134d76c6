"""What a POST to a plan page means, in the services' terms. Each returns (values, errors):
errors map a field's id (the error summary links to it) to a message a person can act on;
nothing is written unless there are none."""

import datetime as dt

from config.errors import DomainError

from .models import PlanAction
from .services import OWNER_MAX, TITLE_MAX, parse_target

STATUS_CHOICES = PlanAction.Status.choices
DECISIONS = ("accepted", "dropped")


def targets_from(post, targets) -> tuple[dict, dict]:
    """`targets` are the version's PlanTargets; the form has a `target-<measure key>` each."""
    values, errors = {}, {}
    for target in targets:
        name = f"target-{target.measure_key}"
        raw = post.get(name, "")
        try:
            values[target.measure_key] = parse_target(raw)
        except DomainError as exc:
            errors[name] = f"{target.label}: {exc.message}"
    return values, errors


def due_date_from(post) -> tuple[dt.date | None, str]:
    parts = [post.get(f"due[{part}]", "").strip() for part in ("day", "month", "year")]
    if not any(parts):
        return None, ""
    if not all(parts):
        return None, "The due date must include a day, month and year, or be left empty."
    try:
        day, month, year = (int(p) for p in parts)
        if year < 2000 or year > 2100:
            raise ValueError
        return dt.date(year, month, day), ""
    except ValueError:
        return None, "The due date must be a real date, like 31 3 2027."


def action_from(
    post,
    *,
    measure_keys: list[str] | None = None,
    proposed: bool = False,
    section: str = "success measure",
):
    """The fields of an action form. `measure_keys`: the plan's measures, when the form chooses
    one (a new action); `proposed`: the action was proposed, so it is accepted or dropped;
    `section`: what the plan's framework calls a measure."""
    values, errors = {}, {}
    values["title"] = post.get("title", "").strip()
    if not values["title"]:
        errors["title"] = "Enter what the action is."
    elif len(values["title"]) > TITLE_MAX:
        errors["title"] = f"What the action is must be {TITLE_MAX} characters or fewer."
    if measure_keys is not None:
        values["measure_key"] = post.get("measure", "")
        if values["measure_key"] not in measure_keys:
            errors["measure"] = f"Choose the {section} the action is for."
    values["owner"] = post.get("owner", "").strip()
    if len(values["owner"]) > OWNER_MAX:
        errors["owner"] = f"The owner must be {OWNER_MAX} characters or fewer."
    values["due_on"], message = due_date_from(post)
    if message:
        errors["due-day"] = message
    values["status"] = post.get("status", "")
    if values["status"] not in PlanAction.Status.values:
        errors["status"] = "Choose the action's status."
    values["notes"] = post.get("notes", "").strip()
    if proposed:
        values["decision"] = post.get("decision", "")
        if values["decision"] not in DECISIONS:
            errors["decision"] = "Choose whether to accept or drop this proposed action."
    return values, errors
