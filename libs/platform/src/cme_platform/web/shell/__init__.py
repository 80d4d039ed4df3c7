"""The page shell every server-rendered page extends: one layout, one stylesheet, one set of
filters, for the portal and for the learner-facing pages of attendance and certificates.

A service asks for its templates with `page_templates(its_folder)`; its pages say
`{% extends "shell.html" %}` and fill `title`, `styles` and `content`. Its own folder is
searched first, so a service changes a part of the shell by shipping a template of the same
name: the portal ships its own `nav.html` (sign-in state, messages), the others keep the
shell's links back to the portal.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from os import PathLike

from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from cme_platform.web.shell.filters import LOCAL_ZONE, local_time, mask_id

__all__ = ["LOCAL_ZONE", "local_time", "mask_id", "page_templates"]

SHELL_TEMPLATES = files("cme_platform.web.shell") / "templates"


def page_templates(own: str | PathLike[str] | Traversable, links: tuple[tuple[str, str], ...] = ()
                   ) -> Jinja2Templates:
    """Templates from the service's folder `own` (a path, or a package's folder from
    `importlib.resources.files`, installed as files), then the shell's, with the shared filters;
    `links` (address, text) lead to the service's own pages from the shell's header."""
    loader = ChoiceLoader([FileSystemLoader(str(own)), FileSystemLoader(str(SHELL_TEMPLATES))])
    environment = Environment(loader=loader, autoescape=select_autoescape(["html", "xml"]))
    environment.filters["local_time"] = local_time
    environment.filters["mask_id"] = mask_id
    environment.globals["service_links"] = links
    return Jinja2Templates(env=environment)
