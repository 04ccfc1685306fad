"""Fixed word lists for the demo data set: names, departments, courses, job titles, employers.

Everything here is fictional. Names are a varied mix of those common in Britain today; the
employers and e-mail domains are invented (``.example`` is reserved for documentation). The lists
are written as small text tables so they stay compact and readable under the formatter.
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _lines(table: str) -> list[str]:
    return [line.strip() for line in table.strip().splitlines() if line.strip()]


FIRST_NAMES = _words(
    """
    Oliver Amelia George Isla Harry Ava Noah Mia Jack Ivy Leo Freya Arthur Lily Muhammad
    Florence Oscar Evie Charlie Grace Jacob Poppy Thomas Sophia Alfie Ella Theo Willow Archie Rosie
    Aisha Zainab Maryam Fatima Yusuf Ibrahim Hamza Ayaan Amira Safiya Priya Anjali Arjun Rohan
    Simran Harpreet Gurpreet Jaspreet Dev Kiran Kwame Ama Kofi Adwoa Chidi Ngozi Tunde Folake Abdi
    Hodan Siobhan Niamh Ciaran Aoife Sean Roisin Eilidh Callum Morag Fraser Rhys Cerys Dylan Seren
    Gethin Ffion Bethan Owain Carys Iestyn Wiktoria Jakub Zofia Kacper Andrei Ioana Luca Giulia
    Mateo Sofia Wei Mei Jun Hui Minh Linh Tyrone Jade Shanice Marcus Chloe Ryan Megan Liam Jessica
    Connor Holly Kieran Nathan Abigail
    """
)

LAST_NAMES = _words(
    """
    Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
    Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner
    Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen Khan Ahmed
    Hussain Ali Begum Rahman Islam Iqbal Akhtar Chaudhry Singh Kaur Sharma Gill Sandhu Mistry Shah
    Mehta Desai Joshi Okafor Mensah Adeyemi Osei Boateng Okonkwo Abdi Mohamed Haile Bello O'Brien
    Murphy Kelly O'Connor Byrne Doyle McCarthy Gallagher Quinn Walsh MacDonald Campbell Stewart
    Fraser MacLeod Ross Sinclair Grant Reid Murray Nowak Kowalski Wisniewska Popescu Ionescu Silva
    Rossi Kaya Nguyen Chen Wong Li Zhang Campbell-Brown Francis Richards Bennett Powell Price Lloyd
    """
)


# Apprenticeship employers by curriculum department code; "*" for any department not listed.
def _employers(table: str) -> dict[str, tuple[str, ...]]:
    """Rows of ``CODE | employer; employer``."""
    return {
        code.strip(): tuple(e.strip() for e in employers.split(";"))
        for code, employers in (line.split("|") for line in _lines(table))
    }


# Apprenticeship employers by curriculum department code; "*" for any department not listed.
EMPLOYERS = _employers(
    """
    CON | Northbridge Builders Ltd; Redbrick Housing Association; Castleford Homes
    ENG | Harbour Engineering Group; Apex Fabrications; Pennine Aerostructures
    HSC | Riverside Care Homes; Oakfield Hospitals NHS Foundation Trust; Brightlife Home Care
    BUS | Northbridge City Council; Lowther and Daughters Accountants; Meridian Logistics
    MVS | Kestrel Motors; Northbridge Bus Company
    ELE | Pennine Electrical Services; Sparkright Contractors
    PLU | Summit Plumbing and Heating; Redbrick Housing Association
    HAB | Canalside Salons; Glow Beauty Rooms
    CAT | Castlegate Hotel; The Wharf Kitchen
    SPO | Northbridge Leisure Trust; Active Northbridge
    EYE | Brightside Nurseries; Little Acorns Day Nursery
    SCI | Oakfield Hospitals NHS Foundation Trust; Northbridge Water Laboratories
    TRV | Skyline Travel; Northbridge Airport
    ANI | Willow Veterinary Group; Northbridge Animal Rescue
    HOR | Greenway Landscapes; Northbridge City Council
    ACC | Lowther and Daughters Accountants; Harbour Engineering Group
    CYB | Nexus Digital; Northbridge City Council
    TED | Northbridge College; Pennine Training Partnership
    LOG | Meridian Logistics; Parcelpoint Distribution
    FAB | Apex Fabrications; Harbour Engineering Group
    *   | Northbridge City Council; Oakfield Hospitals NHS Foundation Trust
    """
)


# Fictional; encrypted at rest and shown to the safeguarding team only.
SUPPORT_NEEDS = tuple(
    _lines(
        """
        Education, health and care plan: autism spectrum condition; prefers written instructions.
        Dyslexia: extra time in assessments and coloured overlays.
        Young carer for a parent; may need flexibility with attendance.
        Looked-after child; virtual school contact on file.
        Anxiety: agreed time-out card and named contact in learner services.
        Hearing impairment: uses a radio aid.
        """
    )
)


@dataclass(frozen=True)
class Curriculum:
    """A curriculum department: its courses and, where it runs one, an apprenticeship standard."""

    name: str
    code: str
    courses: tuple[str, ...]
    apprenticeship: str = ""


def _curriculum(table: str) -> tuple[Curriculum, ...]:
    """Rows of ``CODE | name | course; course | apprenticeship standard (optional)``."""
    rows = []
    for line in _lines(table):
        code, name, courses, *standard = (cell.strip() for cell in line.split("|"))
        rows.append(Curriculum(name, code, tuple(c.strip() for c in courses.split(";")), *standard))
    return tuple(rows)


# The first five make the small demo's curriculum; all thirty the large one's.
CURRICULUM = _curriculum(
    """
    CON | Construction | Level 1 Diploma in Construction Skills; Level 2 Diploma in Bricklaying; Level 3 Diploma in Carpentry and Joinery | Bricklayer (Level 2)
    ENG | Engineering | Level 2 Diploma in Engineering; Level 3 Extended Diploma in Engineering; T Level in Engineering and Manufacturing | Engineering Technician (Level 3)
    HSC | Health and Social Care | Level 2 Diploma in Health and Social Care; Level 3 Extended Diploma in Health and Social Care; T Level in Health | Adult Care Worker (Level 2)
    BUS | Business and Computing | Level 2 Diploma in Business; Level 3 Extended Diploma in Computing; T Level in Digital Production and Design | Business Administrator (Level 3)
    ART | Creative Arts and Media | Level 2 Diploma in Art and Design; Level 3 Extended Diploma in Creative Media Production; Level 3 Extended Diploma in Music Performance
    MVS | Motor Vehicle | Level 1 Diploma in Vehicle Maintenance; Level 3 Diploma in Light Vehicle Maintenance and Repair | Motor Vehicle Service and Maintenance Technician (Level 3)
    ELE | Electrical Installation | Level 2 Diploma in Electrical Installation; Level 3 Diploma in Electrical Installation | Installation Electrician (Level 3)
    PLU | Plumbing and Heating | Level 2 Diploma in Plumbing Studies; Level 3 Diploma in Plumbing and Domestic Heating | Plumbing and Domestic Heating Technician (Level 3)
    HAB | Hair and Beauty | Level 2 Diploma in Hair Services; Level 3 Diploma in Beauty Therapy | Hair Professional (Level 2)
    CAT | Catering and Hospitality | Level 1 Introduction to Professional Cookery; Level 2 Diploma in Professional Cookery | Commis Chef (Level 2)
    SPO | Sport and Fitness | Level 2 Diploma in Sport; Level 3 Extended Diploma in Sport and Exercise Science | Community Activator Coach (Level 2)
    PUB | Public Services | Level 2 Diploma in Public Services; Level 3 Extended Diploma in Uniformed Protective Services
    EYE | Early Years and Education | Level 2 Diploma for the Early Years Practitioner; T Level in Education and Early Years | Early Years Educator (Level 3)
    SCI | Applied Science | Level 3 Extended Diploma in Applied Science; T Level in Science | Laboratory Technician (Level 3)
    ALV | A Levels | A Levels: Psychology, Sociology, English Literature; A Levels: Biology, Chemistry, Mathematics; A Levels: History, Politics, Law
    ENM | English and Maths | GCSE English Language; GCSE Mathematics; Functional Skills English and Maths
    ESO | ESOL | ESOL Entry Level 1; ESOL Entry Level 3; ESOL Level 1
    FDN | Foundation Learning | Pathways to Independence; Supported Internship; Entry Level Vocational Studies
    TRV | Travel and Tourism | Level 2 Diploma in Travel and Tourism; Level 3 Extended Diploma in Aviation Operations | Travel Consultant (Level 3)
    GAM | Games Design and Digital Media | Level 3 Extended Diploma in Games Design; Level 3 Extended Diploma in Digital Media
    PER | Performing Arts | Level 3 Extended Diploma in Performing Arts; Level 3 Extended Diploma in Production Arts
    ANI | Animal Care | Level 2 Diploma in Animal Care; Level 3 Extended Diploma in Animal Management | Animal Care and Welfare Assistant (Level 2)
    HOR | Horticulture and Land-based | Level 2 Diploma in Horticulture; Level 3 Extended Diploma in Countryside Management | Horticulture or Landscape Operative (Level 2)
    ACC | Accounting and Finance | AAT Level 2 Certificate in Accounting; AAT Level 3 Diploma in Accounting | Assistant Accountant (Level 3)
    CYB | Digital and Cyber Security | Level 3 Extended Diploma in IT; T Level in Digital Support Services | Cyber Security Technician (Level 3)
    ACE | Access to Higher Education | Access to HE Diploma: Nursing and Midwifery; Access to HE Diploma: Social Sciences
    TED | Teacher Education | Level 3 Award in Education and Training; Level 5 Diploma in Education and Training | Learning and Skills Teacher (Level 5)
    LOG | Logistics and Warehousing | Level 2 Certificate in Warehousing and Storage | Supply Chain Warehouse Operative (Level 2)
    FAB | Fabrication and Welding | Level 2 Diploma in Fabrication and Welding; Level 3 Diploma in Fabrication and Welding | Metal Fabricator (Level 3)
    CNS | Counselling and Community Studies | Level 2 Certificate in Counselling Skills; Level 3 Certificate in Counselling Studies
    """  # noqa: E501  (a table: one department a line reads better than wrapped cells)
)

SIXTH_FORM_CURRICULUM = _curriculum(
    """
    SCI | A Level Sciences | A Levels: Biology, Chemistry, Mathematics; A Levels: Physics, Mathematics, Further Mathematics
    HUM | A Level Humanities | A Levels: History, English Literature, Politics; A Levels: Psychology, Sociology, Religious Studies
    """  # noqa: E501
)


def _pairs(table: str) -> tuple[tuple[str, str], ...]:
    """Rows of ``CODE | name`` as (name, code)."""
    return tuple(
        (name.strip(), code.strip()) for code, name in (line.split("|") for line in _lines(table))
    )


# Service departments. The first is where people without a better home go; the small demo
# has only that one, the large demo all ten.
SERVICES = _pairs(
    """
    LSV | Learner Services
    SLT | Senior Leadership
    EST | Estates and Facilities
    ITS | IT Services
    HRS | Human Resources
    FIN | Finance
    MKT | Marketing and Admissions
    SGW | Safeguarding and Wellbeing
    QUA | Quality and Standards
    LIB | Library and Learning Resources
    """
)
SIXTH_FORM_SERVICES = (("Student Services", "LSV"),)

COLLEGE_SITES = _pairs(
    """
    TC | Northbridge Town Centre Campus
    RS | Riverside Campus
    ET | Eastgate Technology Park
    HR | Harbour Road Construction Centre
    MF | Millfield Campus
    """
)
SIXTH_FORM_SITES = (("Northbridge Sixth Form Centre", "SF"),)


def _titles(table: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """Rows of ``category | department code | title``, grouped by category."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for line in _lines(table):
        category, dept, title = (cell.strip() for cell in line.split("|"))
        grouped.setdefault(category, []).append((title, dept))
    return {category: tuple(rows) for category, rows in grouped.items()}


# Job titles by category with a department code: "*" = a curriculum department chosen at
# random, whose name fills "{dept}"; "-" = no department (governors sit on the board).
# A title listed twice is twice as likely.
JOB_TITLES = _titles(
    """
    teaching | * | Lecturer in {dept}
    teaching | * | Lecturer in {dept}
    teaching | * | Lecturer in {dept}
    teaching | * | Senior Lecturer in {dept}
    teaching | * | Instructor: {dept}
    teaching | * | Curriculum Manager: {dept}
    teaching | * | Apprenticeship Assessor: {dept}
    support | LSV | Learning Support Assistant
    support | LSV | Learning Support Assistant
    support | LSV | Student Services Adviser
    support | LSV | Careers Adviser
    support | LSV | Receptionist
    support | QUA | Exams Officer
    support | QUA | Data and MIS Officer
    support | LIB | Library Assistant
    support | ITS | IT Technician
    support | FIN | Finance Officer
    support | HRS | HR Adviser
    support | SGW | Safeguarding Officer
    support | SGW | Wellbeing Practitioner
    support | MKT | Admissions Officer
    support | * | Technician: {dept}
    support | * | Skills Coach: {dept}
    leadership | SLT | Vice Principal: Curriculum and Quality
    leadership | SLT | Assistant Principal
    leadership | FIN | Director of Finance
    leadership | LSV | Head of Learner Services
    leadership | * | Head of Department: {dept}
    leadership | * | Head of Department: {dept}
    leadership | QUA | Head of Quality
    estates | EST | Site Manager
    estates | EST | Caretaker
    estates | EST | Cleaner
    estates | EST | Cleaner
    estates | EST | Security Officer
    estates | EST | Maintenance Technician
    estates | EST | Porter
    governor | - | Independent Governor
    governor | - | Independent Governor
    governor | - | Staff Governor
    governor | - | Student Governor
    volunteer | LSV | Volunteer Mentor
    volunteer | LIB | Volunteer Reading Helper
    volunteer | LSV | Enrichment Volunteer
    subcontractor | * | Subcontracted Trainer (Skillforce Training Ltd): {dept}
    subcontractor | EST | Catering Contractor (Fresh Plate Services)
    subcontractor | EST | Security Contractor (Guardwell Ltd)
    """
)

# Share of generated staff in each job category (the rough shape of an FE college).
JOB_CATEGORY_WEIGHTS = {
    "teaching": 52,
    "support": 27,
    "leadership": 4,
    "estates": 6,
    "governor": 3,
    "volunteer": 4,
    "subcontractor": 4,
}
