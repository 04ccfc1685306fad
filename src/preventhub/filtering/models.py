"""Filtering governance (DfE filtering and monitoring standards; PRODUCT.md module 7).

The standards ask schools and colleges to name a senior leader and a governor responsible for
filtering and monitoring, to document their block and allow decisions with the reasons, to
review the provision at least once a year, and to check that filtering works on every kind of
device. Ofsted's 2016 survey found learners unprotected online in nearly half the providers it
visited. These records are the evidence that the provision is owned, deliberate and tested;
a learner's request to see a blocked site for study is decided by a person and logged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from preventhub.core.encryption import EncryptedTextField
from preventhub.core.scoping import ProviderScopedModel
from preventhub.filtering.choices import (
    CheckResult,
    DecisionKind,
    RequesterKind,
    RequestStatus,
    ResponsibilityKind,
    ReviewStatus,
    Subject,
    TargetKind,
)

DEFAULT_TEST_INTERVAL_DAYS = 91  # about a school term
DEFAULT_REQUEST_WAIT_SCHOOL_DAYS = 2
DEFAULT_UNBLOCK_DAYS = 28


class FilteringSettings(models.Model):
    """Per provider: how often filtering must be tested (a term, in days), how many school days
    an unblock request may wait for a decision, and the usual length of an approved unblock."""

    provider = models.OneToOneField(
        "core.Provider", on_delete=models.CASCADE, related_name="filtering_settings"
    )
    test_interval_days = models.PositiveSmallIntegerField(default=DEFAULT_TEST_INTERVAL_DAYS)
    request_wait_school_days = models.PositiveSmallIntegerField(
        default=DEFAULT_REQUEST_WAIT_SCHOOL_DAYS
    )
    default_unblock_days = models.PositiveSmallIntegerField(default=DEFAULT_UNBLOCK_DAYS)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Filtering settings for provider {self.provider_id}"


class Responsibility(ProviderScopedModel):
    """Who is responsible (the named senior leader and governor) or what is in use (a filtering
    or monitoring provider and product), from when and until when. Nothing is overwritten: a
    change ends the current row and starts a new one, so the history shows who held it when.
    A governor without an account is recorded by name."""

    kind = models.CharField(max_length=20, choices=ResponsibilityKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The person's name (kept if the account goes) or the product's name.
    name = models.CharField(max_length=200)
    supplier = models.CharField(max_length=200, blank=True)
    notes = models.CharField(max_length=500, blank=True)
    from_date = models.DateField()
    to_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["kind", "-from_date", "-created_at"]
        verbose_name_plural = "responsibilities"
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=models.F("from_date")),
                name="filtering_responsibility_dates",
            )
        ]
        indexes = [models.Index(fields=["provider", "kind", "to_date"], name="filtering_resp")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    @property
    def is_current(self) -> bool:
        return self.to_date is None


class Decision(ProviderScopedModel):
    """A block, allow or time-limited unblock of a domain, a URL or a category: why (required),
    who decided and when, and when it is to be reviewed. The log is append-only; a later
    decision on the same target supersedes an earlier one (reviewing an allow is recording a
    new decision). An approved unblock request writes one here."""

    target_kind = models.CharField(max_length=10, choices=TargetKind.choices)
    # Normalised: a domain lower-case and IDNA-encoded; a URL as given, scheme and host checked.
    target = models.CharField(max_length=2000)
    decision = models.CharField(max_length=20, choices=DecisionKind.choices)
    reason = models.TextField()
    until = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField(max_length=200)
    decided_at = models.DateTimeField()
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "decided_by", "idempotency_key"],
                name="filtering_decision_idempotency_key",
            ),
            models.CheckConstraint(
                condition=~Q(decision=DecisionKind.UNBLOCK_PERIOD) | Q(until__isnull=False),
                name="filtering_unblock_has_end",
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "-decided_at"], name="filtering_decision_when"),
            models.Index(fields=["provider", "target_kind", "target"], name="filtering_target"),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.target}"


class Review(ProviderScopedModel):
    """The annual review of filtering and monitoring: when, who took part, which parts of the
    DfE checklist it covered (with notes on each), what it found, the actions it set (created
    in the risk assessment's action plan), and the senior leader's sign-off."""

    reviewed_on = models.DateField()
    participants = models.JSONField(default=list)
    checklist = models.JSONField(default=list)
    item_notes = models.JSONField(default=dict, blank=True)
    findings = EncryptedTextField()
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.AWAITING_SIGN_OFF
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_by_name = models.CharField(max_length=200, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.CharField(max_length=1000, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-reviewed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "reviewed_on"], name="filtering_review_one_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"Filtering review {self.reviewed_on}"

    @property
    def is_signed_off(self) -> bool:
        return self.status == ReviewStatus.SIGNED_OFF


class ReviewAction(ProviderScopedModel):
    """An action the review set, as created in the risk assessment's action plan. The title is
    kept here so the review still says what it asked for if the action is later removed."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    risk_action = models.ForeignKey(
        "risk.RiskAction", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=300)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class DeviceType(ProviderScopedModel):
    """A kind of device filtering is tested on (desktop, laptop, tablet, phone, guest Wi-Fi or
    personal devices...). Configurable; one no longer used is retired, not deleted."""

    name = models.CharField(max_length=80)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="filtering_device_name")
        ]

    def __str__(self) -> str:
        return self.name


class TestUrl(ProviderScopedModel):
    """A known test address in a category that the filter must block, and the device types it
    is checked on (none chosen: every device type)."""

    __test__ = False  # not a pytest test class, despite the name

    category = models.CharField(max_length=120)
    url = models.CharField(max_length=2000)
    device_types = models.ManyToManyField(DeviceType, blank=True, related_name="+")
    notes = models.CharField(max_length=500, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["category", "url"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "url"], name="filtering_test_url_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.url}"


class TestRun(ProviderScopedModel):
    """One session of checks from one device type (and network): who tested, when, where."""

    __test__ = False

    device_type = models.ForeignKey(DeviceType, on_delete=models.PROTECT, related_name="runs")
    run_at = models.DateTimeField()
    network = models.CharField(max_length=200, blank=True)
    notes = models.CharField(max_length=1000, blank=True)
    tested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    tested_by_name = models.CharField(max_length=200)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-run_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "tested_by", "idempotency_key"],
                name="filtering_run_idempotency_key",
            )
        ]
        indexes = [models.Index(fields=["provider", "-run_at"], name="filtering_run_when")]

    def __str__(self) -> str:
        return f"Filter test {self.run_at:%Y-%m-%d %H:%M}"


class TestCheck(ProviderScopedModel):
    """One test address checked in a run: blocked, not blocked (a failure) or could not be
    tested, with notes. A failure is followed up (what was fixed, or the decision recorded)
    and re-tested; a later blocked check of the same address on the same device type passes."""

    __test__ = False

    run = models.ForeignKey(TestRun, on_delete=models.CASCADE, related_name="checks")
    test_url = models.ForeignKey(TestUrl, on_delete=models.PROTECT, related_name="checks")
    device_type = models.ForeignKey(DeviceType, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField()
    result = models.CharField(max_length=20, choices=CheckResult.choices)
    notes = models.CharField(max_length=1000, blank=True)
    follow_up = models.TextField(blank=True)
    follow_up_decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    followed_up_at = models.DateTimeField(null=True, blank=True)
    followed_up_by_name = models.CharField(max_length=200, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["run", "test_url__category", "test_url__url"]
        constraints = [
            models.UniqueConstraint(fields=["run", "test_url"], name="filtering_check_once_a_run")
        ]
        indexes = [
            models.Index(
                fields=["provider", "test_url", "device_type", "checked_at"],
                name="filtering_check_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.test_url.url}: {self.get_result_display()}"

    @property
    def is_failure(self) -> bool:
        return self.result == CheckResult.NOT_BLOCKED


class UnblockRequest(ProviderScopedModel):
    """A learner's or member of staff's request to see a blocked site for study: the address,
    the subject, why (encrypted: a learner may explain personal reasons), and the decision by
    the IT manager or the safeguarding team with its reason. An approval is for a period and
    writes a decision-log entry. The requester sees their own requests only."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requester_name = models.CharField(max_length=200)
    requester_kind = models.CharField(max_length=10, choices=RequesterKind.choices)
    url = models.CharField(max_length=2000)
    domain = models.CharField(max_length=253)
    subject = models.CharField(max_length=20, choices=Subject.choices)
    reason = EncryptedTextField()
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    approved_until = models.DateField(null=True, blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "requester", "idempotency_key"],
                name="filtering_request_idempotency_key",
            )
        ]
        indexes = [
            models.Index(fields=["provider", "status", "created_at"], name="filtering_req_status"),
            models.Index(fields=["provider", "requester"], name="filtering_req_requester"),
        ]

    def __str__(self) -> str:
        return f"Unblock request {self.domain}"

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING
