"""The roles of PRODUCT.md's roles table. A user may hold several roles per provider."""

from django.db import models


class Role(models.TextChoices):
    STAFF = "staff", "Staff"
    LEARNER = "learner", "Learner"
    DSL = "dsl", "Designated safeguarding lead"
    DEPUTY_DSL = "deputy_dsl", "Deputy safeguarding lead"
    SENIOR_LEADER = "senior_leader", "Senior leader"
    GOVERNOR = "governor", "Governor"
    IT_MANAGER = "it_manager", "IT manager"
    HR = "hr", "HR"
    TRAINING_LEAD = "training_lead", "Training lead"
    SPEAKER_COORDINATOR = "speaker_coordinator", "Speaker coordinator"
    ESTATES = "estates", "Estates"
    CURRICULUM_LEAD = "curriculum_lead", "Curriculum lead"
    INSPECTOR = "inspector", "Inspector"
    ADMIN = "admin", "System administrator"


ALL_ROLES = frozenset(Role.values)
SAFEGUARDING_TEAM = frozenset({Role.DSL, Role.DEPUTY_DSL})
# These roles reach sensitive data or control access, so a second factor is mandatory.
TWO_FACTOR_ROLES = frozenset({Role.DSL, Role.DEPUTY_DSL, Role.SENIOR_LEADER, Role.ADMIN})
# Roles a dsl may grant; an admin may grant any. deputy_dsl cannot change role assignments.
ROLE_GRANTERS = frozenset({Role.DSL, Role.ADMIN})
