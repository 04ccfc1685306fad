from django.db import models


class ProviderType(models.TextChoices):
    SCHOOL = "school", "School"
    GENERAL_FE_COLLEGE = "general_fe_college", "General further education college"
    SIXTH_FORM_COLLEGE = "sixth_form_college", "Sixth form college"
    INDEPENDENT_LEARNING_PROVIDER = "independent_learning_provider", "Independent learning provider"
    COMMUNITY_LEARNING = "community_learning", "Community learning and skills"
    INDEPENDENT_SPECIALIST_COLLEGE = (
        "independent_specialist_college",
        "Independent specialist college",
    )
    EMPLOYER_PROVIDER = "employer_provider", "Employer provider"
    HIGHER_EDUCATION = "higher_education", "Higher education"


class GroupKind(models.TextChoices):
    MULTI_ACADEMY_TRUST = "multi_academy_trust", "Multi-academy trust"
    COLLEGE_GROUP = "college_group", "College group"
    REGION = "region", "Region (coordinators)"
