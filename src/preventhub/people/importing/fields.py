"""The register fields an MIS export may fill, and the column headers MIS systems commonly use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from preventhub.people.choices import PersonKind

BOTH = frozenset(PersonKind.values)
STAFF = frozenset({PersonKind.STAFF.value})
LEARNERS = frozenset({PersonKind.LEARNER.value})


@dataclass(frozen=True)
class ImportField:
    """One field of ``Person`` an import can set, with the headers that default to it."""

    name: str
    label: str
    kinds: frozenset[str] = BOTH
    required: bool = False
    aliases: tuple[str, ...] = ()

    def headers(self) -> tuple[str, ...]:
        """Normalised headers that map to this field by default, best first."""
        return (normalise_header(self.name), *(normalise_header(a) for a in self.aliases))


IMPORT_FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "mis_id",
        "MIS id",
        required=True,
        aliases=(
            "MIS ID",
            "Learner Ref",
            "Learner Reference",
            "Student ID",
            "Student Ref",
            "Student Number",
            "Staff ID",
            "Staff Ref",
            "Staff Number",
            "Employee ID",
            "Employee Number",
            "Payroll Number",
            "Person ID",
            "Admission Number",
            "Adno",
            "ID",
        ),
    ),
    ImportField(
        "first_name",
        "First name",
        required=True,
        aliases=("Forename", "First Name", "Firstname", "Legal Forename", "Given Name"),
    ),
    ImportField(
        "last_name",
        "Last name",
        required=True,
        aliases=("Surname", "Last Name", "Lastname", "Legal Surname", "Family Name"),
    ),
    ImportField(
        "preferred_name", "Preferred name", aliases=("Preferred Forename", "Known As", "Nickname")
    ),
    ImportField(
        "email", "Email", aliases=("Email Address", "E-mail", "Work Email", "College Email")
    ),
    ImportField("date_of_birth", "Date of birth", aliases=("DOB", "Date Of Birth", "Birth Date")),
    ImportField("site", "Site", aliases=("Campus", "Site Name", "Site Code", "Base")),
    ImportField(
        "department",
        "Department",
        aliases=("Dept", "Department Name", "Curriculum Area", "Faculty"),
    ),
    ImportField(
        "start_date",
        "Start date",
        aliases=("Start Date", "Learning Start Date", "Employment Start"),
    ),
    ImportField(
        "end_date",
        "End date",
        aliases=("End Date", "Planned End Date", "Expected End Date", "Leaving Date"),
    ),
    ImportField(
        "job_category",
        "Job category",
        STAFF,
        aliases=("Job Category", "Staff Category", "Category"),
    ),
    ImportField("job_title", "Job title", STAFF, aliases=("Job Title", "Role", "Post", "Position")),
    ImportField(
        "course",
        "Course",
        LEARNERS,
        aliases=("Course Title", "Course Name", "Programme", "Qualification", "Aim Title"),
    ),
    ImportField(
        "group_name",
        "Group",
        LEARNERS,
        aliases=("Group", "Tutor Group", "Registration Group", "Reg Group", "Class", "Form"),
    ),
    ImportField(
        "apprenticeship_employer",
        "Apprenticeship employer",
        LEARNERS,
        aliases=("Employer", "Employer Name", "Apprenticeship Employer"),
    ),
)
FIELDS_BY_NAME = {f.name: f for f in IMPORT_FIELDS}
_SEPARATORS = re.compile(r"[\s_\-]+")


def normalise_header(header: str) -> str:
    """``" Learner_Ref "`` and ``"learner ref"`` compare equal."""
    return _SEPARATORS.sub(" ", header.strip().lower()).strip()


def fields_for_kind(kind: str) -> list[ImportField]:
    return [f for f in IMPORT_FIELDS if kind in f.kinds]
