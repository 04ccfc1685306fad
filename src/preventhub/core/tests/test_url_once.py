"""{% url %} with no arguments is reversed once, under everything the URL depends on."""

from __future__ import annotations

import pytest
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from preventhub.core.templatetags import url_once


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_url_is_the_one_django_reverses():
    assert render("{% url 'core:home' %}") == reverse("core:home")
    assert render("{% url 'people:list' %}") == reverse("people:list")


def test_url_without_arguments_is_reversed_once(monkeypatch):
    render("{% url 'people:list' %}")
    calls = []

    def counting_reverse(*args, **kwargs):
        calls.append(args)
        return "/x/"

    monkeypatch.setattr(url_once, "reverse", counting_reverse)
    assert render("{% url 'people:list' %}") == reverse("people:list")
    assert calls == []


def test_url_with_arguments_is_reversed_every_time():
    pk = "8b0e3a52-3d3c-4c41-9c8e-0a4f5f1f3a10"
    assert render("{% url 'people:detail' pk %}", pk=pk) == f"/people/{pk}/"


def test_script_prefix_is_part_of_what_is_remembered():
    plain = render("{% url 'people:list' %}")
    set_script_prefix("/preventhub/")
    try:
        assert render("{% url 'people:list' %}") == "/preventhub" + plain
    finally:
        clear_script_prefix()
    assert render("{% url 'people:list' %}") == plain


def test_as_variable_and_unknown_names_behave_as_django_does():
    assert render("{% url 'people:list' as there %}<{{ there }}>") == f"<{reverse('people:list')}>"
    assert render("{% url 'no-such-view' as there %}<{{ there }}>") == "<>"
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-view' %}")


def test_current_app_comes_from_the_request(rf: RequestFactory):
    template = Template("{% url 'people:list' %}")
    apps: tuple[str | None, ...] = ("people", "core", None)
    for app in apps:
        request = rf.get("/")
        setattr(request, "current_app", app)  # noqa: B010  (None is allowed here)
        assert template.render(RequestContext(request)) == reverse("people:list")
    keys = [key for key in url_once._remembered if key[1] == "people:list"]
    assert {key[2] for key in keys} >= {"people", "core", None}


def test_url_is_escaped_when_autoescaping():
    assert render("{% autoescape on %}{% url 'people:list' %}{% endautoescape %}") == "/people/"
