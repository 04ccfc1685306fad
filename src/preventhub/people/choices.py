from django.db import models


class PersonKind(models.TextChoices):
    STAFF = "staff", "Staff"
    LEARNER = "learner", "Learner"


class JobCategory(models.TextChoices):
    TEACHING = "teaching", "Teaching"
    SUPPORT = "support", "Support"
    LEADERSHIP = "leadership", "Leadership"
    ESTATES = "estates", "Estates"
    GOVERNOR = "governor", "Governor / board"
    VOLUNTEER = "volunteer", "Volunteer"
    SUBCONTRACTOR = "subcontractor", "Subcontractor"
