"""Markdown for the framework's texts (guidance, level descriptors, next steps, descriptions):
paragraphs, bulleted and numbered lists, emphasis, links and code, through markdown-it-py.

Sanitised by construction: raw HTML is never passed through (`html=False`: a `<script>` is shown
as text), links other than http(s), mailto and relative ones are not made links (markdown-it's
`validateLink` refuses `javascript:`, `vbscript:`, `file:` and `data:`), and images, headings
and rules are not recognised, so a framework's text cannot load anything or break a page's
heading outline. Registered as the `markdown` Jinja2 filter (`config/jinja2.py`).
"""

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_MARKDOWN.disable(["image", "heading", "lheading", "hr", "html_block", "html_inline"])


def markdown(text: str | None, *, compact: bool = False) -> Markup:
    """`text` as safe HTML: paragraphs and lists; "" for no text. `compact`: a text of one
    paragraph comes without its `<p>`, to sit in a line such as a radio button's label."""
    if not text:
        return Markup("")
    return _rendered(str(text), compact)


# A framework version's texts never change once published, and every questionnaire page shows
# the same few hundred of them: each is parsed once per process, not once per page view.
@lru_cache(maxsize=8192)
def _rendered(text: str, compact: bool) -> Markup:
    tokens = _MARKDOWN.parse(text)
    if compact and [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]:
        return Markup(_MARKDOWN.renderer.render(tokens[1].children or [], _MARKDOWN.options, {}))
    return Markup(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}).strip())


def markdown_split(text: str | None) -> tuple[Markup, Markup]:
    """`text` for a form control: (what may sit inside its `<label>`, which holds only
    phrasing content: the first paragraph's inline content, "" if the text starts with a list;
    the blocks after it, for a hint beside the control, "" when there are none)."""
    if not text:
        return Markup(""), Markup("")
    return _split(str(text))


@lru_cache(maxsize=8192)
def _split(text: str) -> tuple[Markup, Markup]:
    tokens = _MARKDOWN.parse(text)
    if tokens and tokens[0].type == "paragraph_open":
        first = _MARKDOWN.renderer.render(tokens[1].children or [], _MARKDOWN.options, {})
        rest = tokens[3:]
    else:
        first, rest = "", tokens
    return Markup(first), Markup(_MARKDOWN.renderer.render(rest, _MARKDOWN.options, {}).strip())


def markdown_led(text: str | None, lead: str, *, css_class: str = "") -> Markup:
    """`text` after a lead-in such as "How to get there:": a text of one paragraph stays on
    the lead-in's line; several paragraphs or a list follow it, in one block. `lead` is
    escaped unless it is already safe markup (e.g. `<strong>...</strong>` from a template)."""
    if not text:
        return Markup("")
    attributes = Markup(' class="{}"').format(css_class) if css_class else Markup("")
    body = markdown(text, compact=True)
    if body.startswith(("<p>", "<ul>", "<ol>", "<pre>", "<blockquote>")):
        return Markup("<div{}><p>{}</p>{}</div>").format(attributes, lead, body)
    return Markup("<p{}>{} {}</p>").format(attributes, lead, body)
