"""After the load: compare the database with what the simulated people saw acknowledged.

For every question saved during the run (`records-*.json` from `locustfile.py`, the answers'
revisions before the run from the seed):
- nothing lost: the answer's revision is its revision before the run plus the saves acknowledged,
  and its notes are those of the acknowledged save with the highest revision;
- nothing duplicated: one Answer row per assessment and question, each acknowledged revision
  acknowledged once, and as many answer events in the audit log since the run began as saves
  acknowledged, each naming notes that were acknowledged;
- every conflict refused, never overwritten: the notes of a refused save are nowhere (answers,
  audit log), and each deliberate pair ended one acknowledged, one refused.

Run as `python -m tests.load.check WORLD.json RECORDS_DIR`; exits non-zero on any difference.
"""

import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

import django


def check(world: dict, records: dict) -> list[str]:
    from django.db.models import Count

    from assessments.models import Answer, AuditEvent

    problems = list(records["problems"])
    revisions_before = {
        (o["assessment"], key): revision
        for o in world["organisations"]
        for key, revision in o["revisions"].items()
    }
    saves = defaultdict(list)
    for ack in records["acknowledged"]:
        saves[(ack["assessment"], ack["question"])].append(ack)
    assessments = [o["assessment"] for o in world["organisations"]]

    duplicates = (
        Answer.objects.filter(assessment__in=assessments)
        .values("assessment", "question")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    problems += [f"{row['n']} answer rows for {row}" for row in duplicates]

    stored = {
        (a, key): (revision, notes)
        for a, key, revision, notes in Answer.objects.filter(
            assessment__in=assessments
        ).values_list("assessment", "question__key", "revision", "notes")
    }
    for place, acks in saves.items():
        before = revisions_before[place]
        revision, notes = stored.get(place, (0, ""))
        counted = Counter(ack["revision"] for ack in acks)
        twice = [r for r, n in counted.items() if n > 1]
        if twice:
            problems.append(f"{place}: revisions {twice} acknowledged more than once (overwritten)")
        if revision != before + len(acks):
            problems.append(
                f"{place}: revision {revision} in the database, {before} before the run plus "
                f"{len(acks)} saves acknowledged (lost or extra writes)"
            )
        last = max(acks, key=lambda ack: ack["revision"])
        if notes != last["notes"]:
            problems.append(f"{place}: the database holds {notes!r}, last acknowledged {last!r}")

    events = AuditEvent.objects.filter(
        pk__gt=world["audit_before"] or 0,
        assessment__in=assessments,
        action=AuditEvent.Action.ANSWER,
    ).values_list("assessment", "question_key", "after")
    events = list(events)
    if len(events) != len(records["acknowledged"]):
        problems.append(
            f"{len(events)} answer events in the audit log, "
            f"{len(records['acknowledged'])} saves acknowledged"
        )
    audited_notes = Counter((a, key, (after or {}).get("notes")) for a, key, after in events)
    for ack in records["acknowledged"]:
        if audited_notes[(ack["assessment"], ack["question"], ack["notes"])] != 1:
            problems.append(f"the acknowledged save {ack['notes']!r} is not audited exactly once")
    stored_notes = {notes for _, notes in stored.values()}
    for refusal in records["refused"]:
        seen = (refusal["assessment"], refusal["question"], refusal["notes"])
        if refusal["notes"] in stored_notes or audited_notes[seen]:
            problems.append(f"the refused save {refusal['notes']!r} was written")
    return problems


def gather(folder: Path) -> dict:
    merged = {"acknowledged": [], "refused": [], "conflict_pairs": [], "problems": []}
    for path in sorted(folder.glob("records-*.json")):
        for name, items in json.loads(path.read_text()).items():
            merged[name] += items
    return merged


def main(world_path: str, folder: str) -> int:
    world = json.loads(Path(world_path).read_text())
    records = gather(Path(folder))
    problems = check(world, records)
    pairs = records["conflict_pairs"]
    print(
        f"Checked {len(records['acknowledged'])} acknowledged saves on "
        f"{len({(a['assessment'], a['question']) for a in records['acknowledged']})} questions, "
        f"{len(records['refused'])} refused as conflicts, {len(pairs)} deliberate conflict pairs "
        f"({sum(p['statuses'] == [200, 409] for p in pairs)} ended one saved, one refused)."
    )
    if not records["acknowledged"] or not pairs:
        problems.append("nothing to check: no save acknowledged or no conflict made")
    for problem in problems[:50]:
        print("PROBLEM:", problem)
    print(
        f"{len(problems)} problem(s)."
        if problems
        else "Nothing lost, nothing duplicated, every conflict refused."
    )
    return 1 if problems else 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()
    sys.exit(main(*sys.argv[1:3]))
