"""After the load: compare the database with what the simulated people saw acknowledged.

For every question saved during the run (`records-*.json` from `locustfile.py`, the answers'
revisions before the run from the seed):
- nothing lost: the answer's revision is its revision before the run plus the writes audited
  during it, and its notes are those of the last write; every acknowledged save is one of them;
- nothing duplicated: one Answer row per assessment and question, each acknowledged revision
  acknowledged once, and as many answer events in the audit log since the run began as saves
  acknowledged, each naming notes that were acknowledged;
- every conflict refused, never overwritten: the notes of a refused save are nowhere (answers,
  audit log), no revision was acknowledged to two saves, and each deliberate pair ended one
  acknowledged, one refused. A save still in flight when the run stopped (sent, never answered)
  may be written or not, but once at most; any other write is a problem.

Run as `python -m tests.load.check WORLD.json RECORDS_DIR`; exits non-zero on any difference.
"""

import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

import django


def check(world: dict, records: dict) -> tuple[list[str], dict]:
    from django.db.models import Count

    from assessments.models import Answer, AuditEvent

    problems = list(records["problems"])
    revisions_before = {
        (o["assessment"], key): revision
        for o in world["organisations"]
        for key, revision in o["revisions"].items()
    }
    assessments = [o["assessment"] for o in world["organisations"]]
    acked = {ack["notes"]: ack for ack in records["acknowledged"]}
    refused = {r["notes"] for r in records["refused"]}
    unanswered = {s["notes"] for s in records["sent"]} - set(acked) - refused

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

    # Every write of the run, from the audit log, in order.
    events = AuditEvent.objects.filter(
        pk__gt=world["audit_before"] or 0,
        assessment__in=assessments,
        action=AuditEvent.Action.ANSWER,
    ).order_by("pk")
    writes = defaultdict(list)
    audited = Counter()
    for a, key, after in events.values_list("assessment", "question_key", "after"):
        notes = (after or {}).get("notes")
        writes[(a, key)].append(notes)
        audited[notes] += 1
        if notes in refused:
            problems.append(f"the refused save {notes!r} was written")
        elif notes not in acked and notes not in unanswered:
            problems.append(f"{(a, key)}: a write nobody sent: {notes!r}")
    for notes, ack in acked.items():
        if audited[notes] != 1:
            problems.append(f"the acknowledged save {notes!r} is audited {audited[notes]} times")
        elif writes[(ack["assessment"], ack["question"])].count(notes) != 1:
            problems.append(f"the acknowledged save {notes!r} is audited on another question")
    twice = [n for n in unanswered if audited[n] > 1]
    problems += [f"the unanswered save {n!r} was written {audited[n]} times" for n in twice]

    # Nothing lost: each answer is its last write, its revision counts every write once.
    acked_revisions = defaultdict(Counter)
    for ack in acked.values():
        acked_revisions[(ack["assessment"], ack["question"])][ack["revision"]] += 1
    for place, made in writes.items():
        revision, notes = stored.get(place, (0, ""))
        if revision != revisions_before[place] + len(made):
            problems.append(
                f"{place}: revision {revision} in the database, "
                f"{revisions_before[place]} before the run plus {len(made)} writes"
            )
        if notes != made[-1]:
            problems.append(f"{place}: the database holds {notes!r}, the last write {made[-1]!r}")
        shared = [r for r, n in acked_revisions[place].items() if n > 1]
        if shared:
            problems.append(f"{place}: revisions {shared} acknowledged to two saves (overwritten)")
    counts = {
        "acknowledged": len(acked),
        "refused": len(refused),
        "unanswered": len(unanswered),
        "unanswered_written": sum(1 for n in unanswered if audited[n]),
        "questions": len(writes),
    }
    return problems, counts


def gather(folder: Path) -> dict:
    merged = {"sent": [], "acknowledged": [], "refused": [], "conflict_pairs": [], "problems": []}
    for path in sorted(folder.glob("records-*.json")):
        for name, items in json.loads(path.read_text()).items():
            merged[name] += items
    return merged


def main(world_path: str, folder: str) -> int:
    world = json.loads(Path(world_path).read_text())
    records = gather(Path(folder))
    problems, counts = check(world, records)
    pairs = records["conflict_pairs"]
    print(
        f"Checked {counts['acknowledged']} acknowledged saves on {counts['questions']} questions, "
        f"{counts['refused']} refused as conflicts, {len(pairs)} deliberate conflict pairs "
        f"({sum(p['statuses'] == [200, 409] for p in pairs)} ended one saved, one refused); "
        f"{counts['unanswered']} saves unanswered when the run stopped "
        f"({counts['unanswered_written']} of them written, each once)."
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
