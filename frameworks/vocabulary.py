"""What a framework calls its parts, frozen with each version: WGLL's "success measure" and
"theme" unless its file says otherwise (`framework.vocabulary`, see SCHEMA.md)."""

from django.db import models

# The file's field -> the version's column, and the word used when a file says nothing.
WORDS = {"section": "section_word", "sections": "sections_word", "theme": "theme_word"}
DEFAULTS = {"section": "success measure", "sections": "success measures", "theme": "theme"}
MAX_LENGTH = 50


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


class Words:
    """A version's words for pages: `section`, `sections`, `theme` as written (lower case in
    WGLL), and `Section`, `Sections`, `Theme` to start a sentence or a heading."""

    def __init__(self, version):
        for name, column in WORDS.items():
            word = getattr(version, column)
            setattr(self, name, word)
            setattr(self, name.capitalize(), _upper_first(word))


class VersionVocabulary(models.Model):
    """The vocabulary columns of `FrameworkVersion` (an abstract base, so that models.py
    stays one job long)."""

    section_word = models.CharField(max_length=MAX_LENGTH, default=DEFAULTS["section"])
    sections_word = models.CharField(max_length=MAX_LENGTH, default=DEFAULTS["sections"])
    theme_word = models.CharField(max_length=MAX_LENGTH, default=DEFAULTS["theme"])

    class Meta:
        abstract = True

    @property
    def words(self) -> Words:
        return Words(self)

    def vocabulary_document(self) -> dict[str, str]:
        """The words of the file form, only where they differ from the defaults."""
        return {
            name: getattr(self, column)
            for name, column in WORDS.items()
            if getattr(self, column) != DEFAULTS[name]
        }


def document_words(document: dict) -> dict[str, str]:
    """A document's words (`framework.vocabulary`), the defaults where it names none."""
    named = (document.get("framework") or {}).get("vocabulary") or {}
    return {name: named.get(name) or DEFAULTS[name] for name in WORDS}


def vocabulary_columns(vocabulary: dict[str, str]) -> dict[str, str]:
    """A checked document's `framework.vocabulary` as the version's column values."""
    return {column: vocabulary.get(name) or DEFAULTS[name] for name, column in WORDS.items()}
