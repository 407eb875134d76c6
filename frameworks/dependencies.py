"""Which success measures come first: the `depends_on` lists of a framework's measures.

A measure may declare the measures it depends on (SCHEMA.md). It is framework data, so another
framework says its own order; nothing here knows WGLL's measures. `find_cycles` is what the
file check refuses; `layers` is what a transformation plan orders by ("foundations first").
"""

from collections.abc import Mapping, Sequence


def find_cycles(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """One circle (its first node repeated at the end) through each group of nodes that reach
    each other, found from the nodes in the order they appear; [] when there is none."""
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        path.append(node)
        for target in graph.get(node, ()):
            if target in path:
                return path[path.index(target) :] + [target]
            if target not in done:
                found = visit(target, path)
                if found:
                    return found
        path.pop()
        done.add(node)
        return None

    for start in graph:
        if start not in done:
            cycle = visit(start, [])
            if cycle:
                cycles.append(cycle)
                done.update(cycle)
    return cycles


def dependency_problems(measures: list[dict], paths: Mapping[str, str]) -> list[tuple[str, str]]:
    """(place in the file, message) for every `depends_on` that names the measure itself or no
    measure of the file, and for each circle of dependencies. `measures` are the checked
    measures of a document; `paths` their places in the file by key."""
    problems = []
    known = ", ".join(paths) or "none"
    graph: dict[str, list[str]] = {}
    for measure in measures:
        key = measure["key"]
        for index, other in enumerate(measure["depends_on"]):
            where = f"{paths.get(key, 'measures')}.depends_on[{index}]"
            if other == key:
                problems.append((where, f"measure {key!r} cannot depend on itself"))
            elif other not in paths:
                problems.append(
                    (where, f"unknown measure {other!r} (this file's measures: {known})")
                )
            elif key:
                graph.setdefault(key, []).append(other)
    for cycle in find_cycles(graph):
        written = next(m["depends_on"] for m in measures if m["key"] == cycle[0])
        index = written.index(cycle[1])
        where = f"{paths[cycle[0]]}.depends_on[{index}]"
        problems.append(
            (where, "measures cannot depend on each other in a circle: " + " -> ".join(cycle))
        )
    return problems


def layers(depends_on: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Each measure's layer: 0 when it depends on nothing (a foundation), otherwise one more
    than the highest layer of the measures it depends on. Keys it depends on that are not in
    `depends_on` (not part of this framework version) are ignored. A cycle, which import
    refuses, is broken where it is met rather than looping."""
    found: dict[str, int] = {}

    def layer(key: str, seen: frozenset[str]) -> int:
        if key in found:
            return found[key]
        parents = [p for p in depends_on.get(key, ()) if p in depends_on and p not in seen]
        value = 1 + max((layer(p, seen | {key}) for p in parents), default=-1)
        found[key] = value
        return value

    for key in depends_on:
        layer(key, frozenset())
    return found
