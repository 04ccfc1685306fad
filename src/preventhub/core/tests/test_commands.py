"""The fixed command-line contract: create_provider, create_user, create_token."""

import io

import pytest
from django.core.management import CommandError, call_command

from preventhub.accounts.models import ApiToken, RoleAssignment, User, hash_token
from preventhub.core.models import Provider


def _call(*args, stdin=None):
    out = io.StringIO()
    if stdin is not None:
        import sys

        old, sys.stdin = sys.stdin, io.StringIO(stdin)
        try:
            call_command(*args, stdout=out)
        finally:
            sys.stdin = old
    else:
        call_command(*args, stdout=out)
    return out.getvalue()


def test_create_provider(db):
    _call(
        "create_provider",
        "north-college",
        "--name",
        "North College",
        "--type",
        "sixth_form_college",
    )
    provider = Provider.objects.get(slug="north-college")
    assert (provider.name, provider.type) == ("North College", "sixth_form_college")


def test_create_provider_refuses_duplicates_and_bad_types(db):
    _call("create_provider", "x-college", "--name", "X", "--type", "school")
    with pytest.raises(CommandError, match="already exists"):
        _call("create_provider", "x-college", "--name", "X", "--type", "school")
    with pytest.raises(CommandError):
        _call("create_provider", "y-college", "--name", "Y", "--type", "castle")


def test_create_user_with_several_roles_and_password_from_stdin(provider):
    _call(
        "create_user",
        "jo",
        "--email",
        "jo@example.org",
        "--provider",
        provider.slug,
        "--role",
        "dsl",
        "--role",
        "staff",
        stdin="a-very-long-password-99\n",
    )
    user = User.objects.get(username="jo")
    assert user.check_password("a-very-long-password-99")
    roles = set(
        RoleAssignment.objects.for_provider(provider)
        .filter(user=user)
        .values_list("role", flat=True)
    )
    assert roles == {"dsl", "staff"}


def test_create_user_generates_and_prints_a_password(provider):
    out = _call(
        "create_user",
        "kim",
        "--email",
        "k@example.org",
        "--provider",
        provider.slug,
        "--role",
        "staff",
        stdin="",
    )
    generated = out.strip().splitlines()[-1].removeprefix("Generated password: ")
    assert User.objects.get(username="kim").check_password(generated)


def test_create_user_rejects_common_passwords(provider):
    with pytest.raises(CommandError, match="too common"):
        _call(
            "create_user",
            "lee",
            "--email",
            "l@example.org",
            "--provider",
            provider.slug,
            "--role",
            "staff",
            stdin="password1234\n",
        )
    assert not User.objects.filter(username="lee").exists()


def test_create_user_unknown_provider(db):
    with pytest.raises(CommandError, match="No provider"):
        _call(
            "create_user",
            "z",
            "--email",
            "z@example.org",
            "--provider",
            "nowhere",
            "--role",
            "staff",
        )


def test_create_token_prints_the_token_alone_on_its_last_line(staff):
    out = _call("create_token", staff.username)
    raw = out.strip().splitlines()[-1]
    assert raw.startswith("ph_")
    assert " " not in raw
    assert ApiToken.objects.get(key_hash=hash_token(raw)).user == staff


def test_create_token_unknown_user(db):
    with pytest.raises(CommandError, match="No user"):
        _call("create_token", "ghost")
