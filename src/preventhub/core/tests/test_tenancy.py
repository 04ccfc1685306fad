"""Tenancy: provider data is only reachable through a provider; groups see aggregates only."""

import pytest

from preventhub.accounts.roles import Role
from preventhub.accounts.services import group_add_member
from preventhub.core.models import Site
from preventhub.core.scoping import UnscopedQueryError
from preventhub.people.models import Person
from preventhub.testing.factories import (
    PersonFactory,
    ProviderFactory,
    ProviderGroupFactory,
    SiteFactory,
    UserFactory,
)


def test_unscoped_queries_on_provider_data_are_refused(db):
    with pytest.raises(UnscopedQueryError, match="for_provider"):
        list(Person.objects.all())
    with pytest.raises(UnscopedQueryError):
        Site.objects.filter(name="x").exists()


def test_scoped_queries_see_only_that_provider(provider, other_provider):
    mine = PersonFactory(provider=provider)
    PersonFactory(provider=other_provider)
    assert list(Person.objects.for_provider(provider)) == [mine]


def test_reverse_relations_stay_within_their_parent(provider):
    site = SiteFactory(provider=provider)
    person = PersonFactory(provider=provider, site=site)
    assert person.site == site


def test_group_user_sees_only_anonymised_counts(client, db):
    group = ProviderGroupFactory(slug="trust", name="Trust")
    a = ProviderFactory(group=group, name="Alpha College")
    ProviderFactory(group=group, name="Beta College")
    PersonFactory.create_batch(3, provider=a, last_name="Secretname")
    viewer = UserFactory()
    group_add_member(actor=None, group=group, user=viewer)
    client.force_login(viewer)
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == "/groups/trust/"
    page = client.get("/groups/trust/").content.decode()
    assert "Alpha College" in page
    assert "Beta College" in page
    assert "Secretname" not in page
    assert client.get("/people/").status_code in (403, 404)


def test_group_page_of_another_group_is_404(client, db):
    ProviderGroupFactory(slug="theirs")
    client.force_login(UserFactory())
    assert client.get("/groups/theirs/").status_code == 404


def test_user_switches_only_to_providers_they_work_at(client, make_user, provider, other_provider):
    user = make_user(provider, Role.STAFF)
    client.force_login(user)
    assert client.post("/provider/switch/", {"provider": other_provider.slug}).status_code == 404
    from preventhub.testing.factories import grant

    grant(user, other_provider, Role.STAFF)
    assert client.post("/provider/switch/", {"provider": other_provider.slug}).status_code == 302
    assert other_provider.name in client.get("/").content.decode()


def test_home_names_leads_and_deputies_but_not_disabled_ones(client, make_user, provider):
    make_user(provider, "dsl", first_name="Lena", last_name="Lead")
    make_user(provider, "deputy_dsl", first_name="Dev", last_name="Deputy")
    make_user(provider, "dsl", first_name="Gone", last_name="Away", is_active=False)
    client.force_login(make_user(provider, "staff"))
    page = client.get("/").content.decode()
    assert "Lena Lead" in page
    assert "Dev Deputy" in page
    assert "Gone Away" not in page
