"""Reading a refused form as a person sees it: which sentence stands under which field.

The standard library's HTML parser is enough; pages are read by their `data-field` wrappers.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Words of pydantic's or Python's own messages, which must never reach a person.
ENGLISH_LEAKS = ("Input should", "Field required", "value is not", "Traceback", "validation error")
_VOID = {"input", "br", "img", "meta", "link", "hr", "col", "source", "wbr"}


class _Field(HTMLParser):
    """Collects, inside the wrapper `[data-field=name]`, the text of `.field-error` and whether a control is invalid."""

    def __init__(self, name: str, error_class: str):
        super().__init__()
        self.name, self.error_class = name, error_class
        self.depth = 0  # open elements inside the wrapper (0: outside)
        self.error_depth = 0  # the depth at which the error element opened (0: not inside one)
        self.errors: list[str] = []
        self.invalid = False
        self.found = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if self.depth == 0:
            if found.get("data-field") == self.name:
                self.depth, self.found = 1, True
            return
        if found.get("aria-invalid") == "true":
            self.invalid = True
        if tag in _VOID:
            return
        self.depth += 1
        if self.error_class in (found.get("class") or "").split() and not self.error_depth:
            self.error_depth = self.depth
            self.errors.append("")

    def handle_endtag(self, tag):
        if self.depth == 0 or tag in _VOID:
            return
        if self.error_depth == self.depth:
            self.error_depth = 0
        self.depth -= 1

    def handle_data(self, data):
        if self.error_depth:
            self.errors[-1] += data


def field_error(html: str, name: str, error_class: str = "field-error") -> str | None:
    """The error text shown inside the field `name`'s wrapper, or None when there is none.

    Fails when the field is not on the page at all, so a renamed field cannot pass silently.
    """
    parser = _Field(name, error_class)
    parser.feed(html)
    assert parser.found, f"no [data-field={name}] on the page"
    return " ".join(e.strip() for e in parser.errors) or None


def is_marked_invalid(html: str, name: str) -> bool:
    """Whether a control inside the field `name`'s wrapper carries aria-invalid="true"."""
    parser = _Field(name, "field-error")
    parser.feed(html)
    return parser.invalid


def assert_said_in_chinese(text: str | None) -> None:
    """A message for a person: present, in Chinese, with no English of the framework in it."""
    assert text and CHINESE.search(text), f"not a Chinese message: {text!r}"
    assert not any(leak in text for leak in ENGLISH_LEAKS), f"framework English in: {text!r}"
