"""Crosswalks between versions: which questions of the version a new one derives from each of
its questions carries on (a question's `replaces`, SCHEMA.md).

Pure: it works on keys, so the diff, the import's checks and pre-fill share one reading. A
question carries on from the question of its own key without naming it; naming other keys adds
them. One old question carried on by several new ones is a *split*, several old ones carried on
by one new one a *merge*, one for one under another key a *re-keyed* question. A question is
split or merged, not both.
"""

from dataclasses import dataclass

from .schema import Problem

SPLIT, MERGE, REKEYED = "split", "merge", "re-keyed"


@dataclass(frozen=True)
class Move:
    kind: str  # SPLIT, MERGE or REKEYED
    old: tuple[str, ...]
    new: tuple[str, ...]


def _links(old_keys: set[str], replaces: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each old key named by the crosswalk (or keeping its key beside one) -> the new questions
    carrying it on, in file order. `replaces` maps every new question's key to its list."""
    involved = {key for key, named in replaces.items() if named}
    involved |= {old for named in replaces.values() for old in named}
    successors: dict[str, list[str]] = {}
    for new_key, named in replaces.items():
        if new_key in involved and new_key in old_keys and new_key not in named:
            successors.setdefault(new_key, []).append(new_key)
        for old in named:
            successors.setdefault(old, []).append(new_key)
    return successors


def moves(old_keys: set[str], replaces: dict[str, list[str]]) -> list[Move]:
    """The splits, merges and re-keyed questions, splits first, each in file order."""
    successors = _links(old_keys, replaces)
    predecessors: dict[str, list[str]] = {}
    for old, news in successors.items():
        for new in news:
            predecessors.setdefault(new, []).append(old)
    found = [Move(SPLIT, (old,), tuple(news)) for old, news in successors.items() if len(news) > 1]
    for new in replaces:
        olds = predecessors.get(new, [])
        if len(olds) > 1:
            found.append(Move(MERGE, tuple(olds), (new,)))
        elif olds and olds[0] != new and len(successors[olds[0]]) == 1:
            found.append(Move(REKEYED, (olds[0],), (new,)))
    return found


def sources(old_keys: set[str], replaces: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """Each new question -> the old questions it carries on (its own key when it names none)."""
    predecessors: dict[str, list[str]] = {}
    for old, news in _links(old_keys, replaces).items():
        for new in news:
            predecessors.setdefault(new, []).append(old)
    return {new: tuple(predecessors.get(new, [new])) for new in replaces}


def split_keys(old_keys: set[str], replaces: dict[str, list[str]]) -> set[str]:
    """The new questions that are one part of a split question."""
    return {new for move in moves(old_keys, replaces) if move.kind == SPLIT for new in move.new}


def document_replaces(document: dict) -> dict[str, list[str]]:
    """Every question of a document by key, with its `replaces` (empty when it names none)."""
    return {
        q["key"]: list(q.get("replaces", []))
        for measure in document["measures"]
        for q in measure["questions"]
    }


def crosswalk_problems(
    document: dict, old_keys: set[str] | None, derives_from: str = ""
) -> list[Problem]:
    """What is wrong with a valid document's `replaces`, given the question keys of the version
    it derives from (`None`: it derives from none). Paths as in the file."""
    problems = []
    replaces = document_replaces(document)
    named = {}
    for m_index, measure in enumerate(document["measures"]):
        for q_index, question in enumerate(measure["questions"]):
            for index, old in enumerate(question.get("replaces", [])):
                where = f"measures[{m_index}].questions[{q_index}].replaces[{index}]"
                named[(question["key"], old)] = where
                if old_keys is None:
                    problems.append(
                        Problem(
                            where,
                            f"{old!r} cannot be replaced: this is the first version of the "
                            "framework, so there is no earlier version to name questions of",
                        )
                    )
                elif old == question["key"]:
                    problems.append(
                        Problem(
                            where,
                            "a question carries on from the question of its own key without "
                            "naming it: list only the other questions it replaces",
                        )
                    )
                elif old not in old_keys:
                    problems.append(
                        Problem(
                            where,
                            f"{old!r} is not a question of version {derives_from}, which this "
                            "version derives from",
                        )
                    )
    if problems or old_keys is None:
        return problems
    successors = _links(old_keys, replaces)
    for move in moves(old_keys, replaces):
        if move.kind != MERGE:
            continue
        for old in move.old:
            others = [new for new in successors[old] if new != move.new[0]]
            if others:
                problems.append(
                    Problem(
                        named.get((move.new[0], old), ""),
                        f"{old!r} cannot be merged into {move.new[0]!r} and also carried on by "
                        f"{', '.join(map(repr, others))}: a question is split or merged, not both",
                    )
                )
    return problems
