"""The annual review pages: the history of reviews, recording one (its actions go into the
risk assessment's action plan), one review, and the senior leader's sign-off."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from preventhub.accounts.roles import Role
from preventhub.concerns.selectors import users_holding
from preventhub.core.access import requires
from preventhub.core.models import Provider
from preventhub.filtering import permissions as perms
from preventhub.filtering.choices import ReviewItem
from preventhub.filtering.forms import ACTION_ROWS, ReviewForm, SignOffForm
from preventhub.filtering.review_services import (
    ActionIn,
    ReviewIn,
    online_risks,
    review_record,
    review_record_view,
    review_sign_off,
)
from preventhub.filtering.selectors import (
    get_review_for_user,
    review_due_on,
    reviews_for_user,
)
from preventhub.filtering.services import actor_name
from preventhub.filtering.views import ProviderRequest, form_errors_from, posted
from preventhub.risk.selectors import possible_owners

PEOPLE_ROLES = (
    Role.SENIOR_LEADER, Role.GOVERNOR, Role.DSL, Role.DEPUTY_DSL, Role.IT_MANAGER,
)  # fmt: skip
ROLE_LABELS = dict(Role.choices)


def _people(provider: Provider) -> list[tuple[str, str]]:
    """Those who usually take part, as (user id, "Name (role, role)") choices."""
    from preventhub.accounts.selectors import roles_for

    choices = []
    for user in users_holding(provider, PEOPLE_ROLES):
        held = [ROLE_LABELS[r] for r in PEOPLE_ROLES if r in roles_for(user, provider)]
        choices.append((str(user.pk), f"{actor_name(user)} ({', '.join(held)})"))
    return choices


@requires(perms.VIEW)
@require_GET
def review_list(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    context = {
        "reviews": reviews_for_user(request.user, provider).prefetch_related("actions"),
        "due_on": review_due_on(provider),
        "today": timezone.localdate(),
        "can_record": request.user.has_perm(perms.EDIT, provider),
        "items": ReviewItem.choices,
    }
    return render(request, "filtering/reviews.html", context)


def _review_form(request: ProviderRequest) -> ReviewForm:
    provider = request.provider
    return ReviewForm(
        posted(request),
        people=_people(provider),
        risks=online_risks(provider),
        owners=possible_owners(provider),
        initial={"reviewed_on": timezone.localdate(), "checklist": ReviewItem.values},
    )


def _review_in(form: ReviewForm, provider: Provider) -> ReviewIn:
    data = form.cleaned_data
    chosen = dict(form.fields["participants"].choices)  # type: ignore[attr-defined]
    others = [line for line in data["other_participants"].splitlines() if line.strip()]
    owners = {str(u.pk): u for u in possible_owners(provider)}
    actions = []
    for row in range(1, ACTION_ROWS + 1):
        title = data.get(f"action_{row}_title", "")
        if not title:
            continue
        actions.append(
            ActionIn(
                title=title,
                owner=owners.get(data.get(f"action_{row}_owner") or ""),
                due_date=data.get(f"action_{row}_due"),
                impact_measure=data.get(f"action_{row}_impact", ""),
            )
        )
    risk = online_risks(provider).filter(pk=data["risk"]).first() if data.get("risk") else None
    return ReviewIn(
        reviewed_on=data["reviewed_on"],
        participants=[chosen[pk] for pk in data["participants"]] + others,
        checklist=data["checklist"],
        item_notes={k: data.get(f"note_{k}", "") for k in ReviewItem.values},
        findings=data["findings"],
        actions=actions,
        risk=risk,
    )


def _orphan_action_fields(form: ReviewForm) -> None:
    """An owner, date or measure given for a row without a title would be silently dropped."""
    for row in range(1, ACTION_ROWS + 1):
        data = form.cleaned_data
        if not data.get(f"action_{row}_title") and any(
            data.get(f"action_{row}_{part}") for part in ("owner", "due", "impact")
        ):
            form.add_error(f"action_{row}_title", f"Action {row}: enter what is to be done.")


@requires(perms.EDIT)
def review_new(request: ProviderRequest) -> HttpResponse:
    form = _review_form(request)
    if request.method == "POST" and form.is_valid():
        _orphan_action_fields(form)
    if request.method == "POST" and form.is_valid():
        try:
            review = review_record(
                actor=request.user, provider=request.provider,
                data=_review_in(form, request.provider),
            )  # fmt: skip
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            count = review.actions.count()
            extra = (
                f" Its {count} action{'s are' if count != 1 else ' is'} in the action plan."
                if count
                else ""
            )
            messages.success(request, f"The review is recorded and awaits sign-off.{extra}")
            return redirect("filtering:review_detail", pk=review.pk)
    context = {"form": form, "has_risks": online_risks(request.provider).exists()}
    return render(request, "filtering/review_form.html", context)


@requires(perms.VIEW)
def review_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """One review; a senior leader signs it off here."""
    provider = request.provider
    review = get_review_for_user(request.user, provider, pk)
    can_sign = request.user.has_perm(perms.SIGN_OFF, provider) and not review.is_signed_off
    form = SignOffForm(posted(request) if can_sign else None)
    if request.method == "POST" and can_sign and form.is_valid():
        try:
            review = review_sign_off(
                actor=request.user, review=review, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The review is signed off.")
            return redirect("filtering:review_detail", pk=review.pk)
    review_record_view(actor=request.user, review=review)
    context: dict[str, Any] = {
        "review": review,
        "form": form,
        "can_sign": can_sign,
        "covered": [
            (k, label, review.item_notes.get(k, ""))
            for k, label in ReviewItem.choices
            if k in review.checklist
        ],
        "missed": [label for k, label in ReviewItem.choices if k not in review.checklist],
        "can_see_plan": request.user.has_perm("risk.view_assessment", provider),
    }
    return render(request, "filtering/review_detail.html", context)
