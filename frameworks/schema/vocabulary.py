"""Checking `framework.vocabulary`: what the framework calls its sections and themes."""

from typing import Any

from ..vocabulary import MAX_LENGTH, WORDS

VOCABULARY_FIELDS = dict.fromkeys(WORDS, False)


def check_vocabulary(check: Any, framework: dict) -> dict[str, str]:
    """The words a file gives (each optional): single-line text of at most MAX_LENGTH
    characters. `check` is the checker of `checks.py`, which records every problem."""
    if framework.get("vocabulary") is None:
        return {}
    path = "framework.vocabulary"
    data = check.mapping(framework["vocabulary"], path, VOCABULARY_FIELDS, "the vocabulary")
    if data is None:
        return {}
    words = {}
    for name in WORDS:
        word = check.text(data, name, path, required=name in data, max_length=MAX_LENGTH)
        if "\n" in word or "\r" in word:
            check.error(f"{path}.{name}", "must be one line: a word or a few, not a paragraph")
        elif word:
            words[name] = word
    return words
