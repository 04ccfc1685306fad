"""Sites and departments: everyone sees them, admins add them, duplicates are refused."""

from preventhub.core.models import Department, Site
from preventhub.testing.factories import SiteFactory


def test_admin_adds_a_site_and_a_department(login, admin_user, provider):
    client = login(admin_user)
    client.post("/organisation/", {"add_site": "1", "site-name": "North Campus", "site-code": "N"})
    site = Site.objects.for_provider(provider).get()
    response = client.post(
        "/organisation/", {"add_department": "1", "dept-name": "Engineering", "dept-site": site.pk}
    )
    assert response.status_code == 302
    assert Department.objects.for_provider(provider).get().site == site


def test_duplicate_site_is_refused_with_a_message(login, admin_user, provider):
    SiteFactory(provider=provider, name="North Campus")
    response = login(admin_user).post(
        "/organisation/", {"add_site": "1", "site-name": "North Campus"}
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Site.objects.for_provider(provider).count() == 1


def test_another_providers_site_cannot_be_chosen(login, admin_user, provider, other_provider):
    foreign = SiteFactory(provider=other_provider)
    response = login(admin_user).post(
        "/organisation/", {"add_department": "1", "dept-name": "Maths", "dept-site": foreign.pk}
    )
    assert response.status_code == 200
    assert not Department.objects.for_provider(provider).exists()


def test_staff_can_read_but_not_change(login, staff, provider):
    client = login(staff)
    assert client.get("/organisation/").status_code == 200
    assert client.post("/organisation/", {"add_site": "1", "site-name": "X"}).status_code == 403
    assert not Site.objects.for_provider(provider).exists()


def test_field_errors_are_announced_with_their_input(login, admin_user):
    page = (
        login(admin_user)
        .post("/organisation/", {"add_site": "1", "site-name": ""})
        .content.decode()
    )
    assert 'id="id_site-name_error"' in page
    assert 'aria-describedby="id_site-name_error"' in page
