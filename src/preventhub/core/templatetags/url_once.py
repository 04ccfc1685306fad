"""``{% url %}`` for every template (a built-in, see TEMPLATES), with each URL that takes no
arguments worked out once.

Django's ``reverse()`` runs ~90,000 instructions per call, and the layout alone has four links
without arguments on every page: ~6 % of the people register page. Such a URL depends only on
the name, the current application namespace, the URL configuration, the script prefix and the
language, so it is remembered under exactly those (the resolver object stands for the URL
configuration: Django makes a new one whenever its URL caches are cleared). URLs with arguments
are reversed as before.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

_MAX_REMEMBERED = 1024
_remembered: dict[tuple[Any, ...], str] = {}


class URLOnceNode(URLNode):
    def render(self, context: Context) -> str:
        if self.args or self.kwargs:
            return str(super().render(context))
        view_name = self.view_name.resolve(context)
        current_app = _current_app(context)
        key = (
            get_resolver(get_urlconf()), view_name, current_app, get_script_prefix(),
            get_language(),
        )  # fmt: skip
        url = _remembered.get(key)
        if url is None:
            try:
                url = reverse(view_name, current_app=current_app)
            except NoReverseMatch:
                if self.asvar is None:
                    raise
                url = ""
            else:
                if len(_remembered) < _MAX_REMEMBERED:
                    _remembered[key] = url
        if self.asvar:
            context[self.asvar] = url
            return ""
        return str(conditional_escape(url)) if context.autoescape else url


def _current_app(context: Context) -> Any:
    """As Django's URLNode finds it."""
    try:
        return context.request.current_app  # type: ignore[attr-defined]
    except AttributeError:
        try:
            return context.request.resolver_match.namespace  # type: ignore[attr-defined]
        except AttributeError:
            return None


@register.tag
def url(parser: Parser, token: Token) -> URLNode:
    node = django_url(parser, token)
    return URLOnceNode(node.view_name, node.args, node.kwargs, node.asvar)
