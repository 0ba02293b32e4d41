"""HTML-to-text tools that make the plain-text renderings parse_text is tested on."""

from __future__ import annotations

import copy
from collections.abc import Callable

import html_text
import inscriptis
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.html_properties import Display
from inscriptis.model.config import ParserConfig
from inscriptis.model.css import HtmlElement
from inscriptis.model.tag import CustomHtmlTagHandlerMapping
from resiliparse.extract.html2text import extract_plain_text


def _linear_inscriptis() -> ParserConfig:
    """Inscriptis lays table columns side by side; corpora use it with tables read as blocks."""
    css = copy.deepcopy(CSS_PROFILES["strict"])
    for tag in ("table", "tbody", "tr", "td", "th"):
        css[tag] = HtmlElement(display=Display.block)
    ignore_start: dict[str, Callable[..., None]] = {t: (lambda state, attrs: None) for t in ("table", "tr", "td", "th")}
    ignore_end: dict[str, Callable[..., None]] = {t: (lambda state: None) for t in ("table", "td", "th")}
    return ParserConfig(css=css, custom_html_tag_handler_mapping=CustomHtmlTagHandlerMapping(ignore_start, ignore_end))


_INSCRIPTIS = _linear_inscriptis()

RENDERERS: dict[str, Callable[[str], str]] = {
    "html-text": lambda html: str(html_text.extract_text(html, guess_layout=True)),
    "resiliparse": lambda html: str(extract_plain_text(html, main_content=False)),
    "inscriptis": lambda html: str(inscriptis.get_text(html, _INSCRIPTIS)),
}
