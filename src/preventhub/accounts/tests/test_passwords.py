"""Password rules apply wherever a password is chosen: change, set and reset."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from preventhub.testing.factories import TEST_PASSWORD

COMMON = "password1234"  # 12 characters, so only CommonPasswordValidator objects


def test_common_password_is_refused_on_change(login, staff):
    client = login(staff)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": COMMON, "password2": COMMON},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(TEST_PASSWORD)


def test_common_password_is_refused_when_setting_one(login, staff):
    staff.set_unusable_password()
    staff.save()
    response = login(staff).post(
        reverse("account_set_password"), {"password1": COMMON, "password2": COMMON}
    )
    assert "This password is too common." in response.content.decode()
    staff.refresh_from_db()
    assert not staff.has_usable_password()


def test_strong_password_change_works(login, staff):
    new = "correct horse battery staple 7"
    response = login(staff).post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(new)


def test_password_reset_refuses_a_common_password(client, staff):
    client.post(reverse("account_reset_password"), {"email": staff.email})
    link = _link_in(mail.outbox[-1].body)
    form_url = client.get(link)["Location"]  # allauth moves the key into the session
    response = client.post(form_url, {"password1": COMMON, "password2": COMMON})
    assert "This password is too common." in response.content.decode()


def test_password_reset_does_not_say_whether_the_address_exists(client, staff):
    known = client.post(reverse("account_reset_password"), {"email": staff.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")


def _link_in(body: str) -> str:
    line = next(word for word in body.split() if "/accounts/password/reset/key/" in word)
    return line[line.index("/accounts/") :]
