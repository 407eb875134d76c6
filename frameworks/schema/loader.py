"""Reading a framework file's YAML, safely, whatever the file holds.

The format needs mappings, lists and plain values only, so this loader refuses everything else
before it can cost time or memory: files over `MAX_BYTES`, anchors and aliases (the "billion
laughs" expansion), merge keys, nesting deeper than `MAX_DEPTH`, more than `MAX_NODES` values,
keys that are not plain values, the same key twice, numbers longer than `MAX_NUMBER_CHARS`, and
tags other than YAML's own. Any other failure while building a value (a date that does not
exist, `!!int abc`) becomes the same kind of message: what is wrong, and the line and column.
"""

from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.cyaml import CParser  # libyaml: PyYAML's wheels include it
from yaml.events import AliasEvent
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .problems import Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_NODES = 20_000  # the WGLL files hold about 2,700
MAX_NUMBER_CHARS = 30
NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
MERGE_TAG = "tag:yaml.org,2002:merge"


class FrameworkLoader(Composer, CParser, SafeConstructor, Resolver):
    """PyYAML's safe loader, bounded: see the module's docstring.

    libyaml (`CParser`) reads the text into events, quickly; PyYAML's own composer, bounded
    here, builds the nodes from them, so that no alias is ever followed.
    """

    def __init__(self, stream):
        CParser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent) or event.anchor is not None:
            raise ComposerError(
                None, None, "anchors and aliases (&name, *name) are not allowed", event.start_mark
            )
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ComposerError(
                None, None, f"the file holds more than {MAX_NODES} values", event.start_mark
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ComposerError(
                    None, None, f"nesting is deeper than {MAX_DEPTH} levels", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node, deep=False):
        if (
            node.tag in NUMBER_TAGS
            and isinstance(node, ScalarNode)
            and len(node.value) > MAX_NUMBER_CHARS
        ):
            raise ConstructorError(
                None,
                None,
                f"a number of {len(node.value)} characters is too long "
                f"(at most {MAX_NUMBER_CHARS})",
                node.start_mark,
            )
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except Exception:  # PyYAML's constructors fail in many ways on odd values
            raise ConstructorError(
                None,
                None,
                f"{str(node.value)[:40]!r} cannot be read as {node.tag.rsplit(':', 1)[-1]}",
                node.start_mark,
            ) from None

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == MERGE_TAG:
                raise ConstructorError(
                    None, None, "merge keys (<<) are not allowed", key_node.start_mark
                )
            if not isinstance(key_node, ScalarNode):
                raise ConstructorError(
                    None,
                    None,
                    "a field name must be plain text, not a list or a mapping",
                    key_node.start_mark,
                )
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"the field {key!r:.60} appears twice",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str | bytes) -> tuple[Any, list[Problem]]:
    """The file's value, or the one problem that stopped it being read."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        return None, [
            Problem(
                "", f"is {size} bytes long: a framework file may have at most {MAX_BYTES} bytes"
            )
        ]
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, [Problem("", f"is not UTF-8 text (byte {exc.start} cannot be read)")]
    try:
        loader = FrameworkLoader(text)
        try:
            return loader.get_single_data(), []
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        return None, [Problem(where, f"is not valid YAML: {detail}")]
    except yaml.YAMLError as exc:
        return None, [Problem("", f"is not valid YAML: {exc}")]
