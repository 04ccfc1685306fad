"""The people register: staff and learners, usually imported from the MIS."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preventhub.core.encryption import EncryptedTextField
from preventhub.core.models import Department, Site
from preventhub.core.scoping import ProviderScopedModel
from preventhub.people.choices import JobCategory, PersonKind


class Person(ProviderScopedModel):
    """A member of staff or a learner at one provider.

    Concerns, training records and IT alerts point at people here, so the duty's evidence
    (who was trained, whose wellbeing was raised) refers to real, current people rather than
    free-text names. ``mis_id`` is the key the MIS export uses: re-importing updates the person
    with that (provider, kind, mis_id) and never duplicates them. ``support_needs`` is
    special-category data, encrypted at rest and readable by the safeguarding team only.
    """

    kind = models.CharField(max_length=10, choices=PersonKind.choices)
    mis_id = models.CharField("MIS id", max_length=64)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    # Staff
    job_category = models.CharField(max_length=20, choices=JobCategory.choices, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    # Learners
    course = models.CharField(max_length=200, blank=True)
    group_name = models.CharField("group", max_length=100, blank=True)
    apprenticeship_employer = models.CharField(max_length=200, blank=True)
    # SEND and other needs the safeguarding team must know (a Prevent referral asks for them).
    support_needs = EncryptedTextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta(ProviderScopedModel.Meta):
        # id breaks ties between namesakes, so pages of the register never overlap.
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "kind", "mis_id"], name="person_unique_mis_id"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="learner") | models.Q(course="", group_name=""),
                name="person_staff_has_no_course",
            ),
        ]
        indexes = [
            models.Index(
                fields=["provider", "kind", "last_name", "first_name"], name="person_register"
            ),
            # The whole register in name order (the safeguarding team's list): an index scan.
            models.Index(
                fields=["provider", "last_name", "first_name", "id"], name="person_by_name"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip()
