"""The demo academy as readable tables: who works where, in which grade, holding which roles.

A fictional county council hosts the academy; an NHS mental health trust, two care providers and
a carers' charity learn with it. The named people below (the demo logins and the role holders)
are fixed; everyone else is drawn from the name lists by ``builder`` with a seeded generator, so
every run builds the same people. E-mail domains end in ``.example`` (reserved, RFC 2606): a demo
academy never writes to a real mailbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from academy.people.models import Organisation, PcfLevel, Role

#: The password of every demo login.
DEMO_PASSWORD = "academy-demo"
#: Seeds for the generators that pick names and career details.
NAME_SEED = 2024
DETAIL_SEED = 1848
#: How many of the generated staff have left (inactive, with a leaving date).
LEAVER_COUNT = 6
#: A full-time week; named people and grades that are never part-time work it.
FULL_TIME_HOURS = Decimal("37.00")


# ---------------------------------------------------------------------------------------------
# Organisations and teams
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OrganisationRow:
    key: str
    name: str
    kind: str
    email_domain: str
    hosts_academy: bool = False


ORGANISATIONS = (
    OrganisationRow(
        "council",
        "Brackenshire County Council",
        Organisation.Kind.COUNCIL,
        "brackenshire.example",
        hosts_academy=True,
    ),
    OrganisationRow(
        "trust",
        "Brackenshire Mental Health NHS Foundation Trust",
        Organisation.Kind.NHS_TRUST,
        "bmh.nhs.example",
    ),
    OrganisationRow(
        "hollybank",
        "Hollybank Care Homes Ltd",
        Organisation.Kind.CARE_PROVIDER,
        "hollybank.example",
    ),
    OrganisationRow(
        "meadowview", "Meadowview Home Care", Organisation.Kind.CARE_PROVIDER, "meadowview.example"
    ),
    OrganisationRow(
        "carers", "Brackenshire Carers Network", Organisation.Kind.VCS, "brackenshirecarers.example"
    ),
)


@dataclass(frozen=True)
class TeamRow:
    key: str
    organisation: str
    name: str
    service_area: str


TEAMS = (
    TeamRow("north", "council", "North Locality Team", "Localities"),
    TeamRow("south", "council", "South Locality Team", "Localities"),
    TeamRow("hospital", "council", "Hospital Discharge Team", "Hospital discharge"),
    TeamRow("mental_health", "council", "Mental Health Social Work Team", "Mental health"),
    TeamRow("learning_disability", "council", "Learning Disability Team", "Learning disability"),
    TeamRow("safeguarding", "council", "Adult Safeguarding Team", "Safeguarding"),
    TeamRow("ot", "council", "Occupational Therapy Service", "Occupational therapy"),
    TeamRow("sensory", "council", "Sensory Services Team", "Sensory"),
    TeamRow("transitions", "council", "Transitions Team", "Transitions"),
    TeamRow("reablement", "council", "Reablement Service", "Reablement"),
    TeamRow("academy", "council", "Social Work Academy", "Academy"),
    TeamRow("cmht", "trust", "Community Mental Health Team (East)", "Mental health"),
    TeamRow("hollybank_house", "hollybank", "Hollybank House", "Residential care"),
    TeamRow("home_care", "meadowview", "Home Care (Central)", "Domiciliary care"),
    TeamRow("carers_support", "carers", "Carers Support Service", "Carers support"),
)


# ---------------------------------------------------------------------------------------------
# Grades: a job, its PCF level, its professional register and typical career span
# ---------------------------------------------------------------------------------------------
SWE = "swe"
HCPC = "hcpc"


@dataclass(frozen=True)
class Grade:
    job_title: str
    pcf_level: str = ""
    register: str = ""  # SWE, HCPC or "" (none)
    #: Years since qualifying (low, high); None for jobs without a professional qualification.
    qualified_years: tuple[float, float] | None = None
    #: Years in post (low, high).
    years_in_post: tuple[float, float] = (0.5, 10)
    roles: tuple[str, ...] = ()
    part_time_possible: bool = True


GRADES = {
    # Council leadership and the academy
    "dass": Grade("Director of Adult Social Services", years_in_post=(2, 6), roles=(Role.DASS,)),
    "head_of_service": Grade(
        "Head of Service", PcfLevel.STRATEGIC, SWE, (15, 28), (3, 12), part_time_possible=False
    ),
    "psw": Grade("Principal Social Worker", PcfLevel.STRATEGIC, SWE, (15, 25), (3, 9), (Role.PSW,)),
    "principal_ot": Grade(
        "Principal Occupational Therapist", "", HCPC, (15, 25), (3, 9), (Role.PRINCIPAL_OT,)
    ),
    "academy_manager": Grade(
        "Academy Manager",
        PcfLevel.ADVANCED_EDUCATOR,
        SWE,
        (12, 22),
        (2, 6),
        (Role.TEAM_MANAGER, Role.ASSESSOR),
    ),
    "practice_educator": Grade(
        "Practice Educator",
        PcfLevel.ADVANCED_EDUCATOR,
        SWE,
        (8, 20),
        (1, 10),
        (Role.ASSESSOR, Role.SUPERVISOR),
    ),
    "training_coordinator": Grade(
        "Training Coordinator", years_in_post=(1, 8), roles=(Role.TRAINING_COORDINATOR,)
    ),
    "workforce_officer": Grade("Workforce Development Officer", years_in_post=(1, 6)),
    # Social work
    "team_manager": Grade(
        "Team Manager", PcfLevel.ADVANCED_MANAGER, SWE, (10, 22), (2, 12), (Role.TEAM_MANAGER,)
    ),
    "senior_practitioner": Grade(
        "Senior Practitioner",
        PcfLevel.ADVANCED_PRACTITIONER,
        SWE,
        (7, 18),
        (1, 12),
        (Role.SUPERVISOR,),
    ),
    "experienced_sw": Grade("Senior Social Worker", PcfLevel.EXPERIENCED, SWE, (5, 15), (1, 12)),
    "social_worker": Grade("Social Worker", PcfLevel.SOCIAL_WORKER, SWE, (1.5, 5), (0.5, 4)),
    "nqsw": Grade(
        "Newly Qualified Social Worker", PcfLevel.ASYE, SWE, (0.3, 0.8), part_time_possible=False
    ),
    "apprentice": Grade("Social Work Degree Apprentice", PcfLevel.PRE_QUALIFYING, "", None, (1, 6)),
    "care_officer": Grade("Community Care Officer", years_in_post=(0.5, 15)),
    # Occupational therapy, sensory and reablement
    "ot_manager": Grade(
        "Occupational Therapy Team Manager", "", HCPC, (10, 20), (2, 10), (Role.TEAM_MANAGER,)
    ),
    "senior_ot": Grade(
        "Senior Occupational Therapist", "", HCPC, (6, 15), (1, 10), (Role.SUPERVISOR,)
    ),
    "ot": Grade("Occupational Therapist", "", HCPC, (1, 10), (0.5, 8)),
    "ot_assistant": Grade("Occupational Therapy Assistant", years_in_post=(0.5, 12)),
    "rehab_officer": Grade("Rehabilitation Officer (Visual Impairment)", years_in_post=(1, 15)),
    "service_manager": Grade("Service Manager", years_in_post=(2, 10), roles=(Role.TEAM_MANAGER,)),
    "reablement_coordinator": Grade("Reablement Coordinator", years_in_post=(1, 10)),
    "reablement_worker": Grade("Reablement Support Worker", years_in_post=(0.5, 12)),
    # Partners
    "workforce_lead": Grade(
        "Workforce Development Lead", years_in_post=(2, 8), roles=(Role.PARTNER_COORDINATOR,)
    ),
    "team_leader": Grade("Team Leader", years_in_post=(2, 10)),
    "mh_nurse": Grade("Community Mental Health Nurse", years_in_post=(0.5, 12)),
    "recovery_worker": Grade("Support, Time and Recovery Worker", years_in_post=(0.5, 8)),
    "registered_manager": Grade(
        "Registered Manager", years_in_post=(2, 12), roles=(Role.PARTNER_COORDINATOR,)
    ),
    "deputy_manager": Grade("Deputy Manager", years_in_post=(1, 8)),
    "senior_carer": Grade("Senior Care Assistant", years_in_post=(1, 10)),
    "carer": Grade("Care Assistant", years_in_post=(0.3, 8)),
    "care_coordinator": Grade("Care Coordinator", years_in_post=(1, 8)),
    "care_worker": Grade("Home Care Worker", years_in_post=(0.3, 8)),
    "vcs_manager": Grade(
        "Carers Services Manager", years_in_post=(2, 10), roles=(Role.PARTNER_COORDINATOR,)
    ),
    "carer_support_worker": Grade("Carer Support Worker", years_in_post=(0.5, 8)),
    "volunteer_coordinator": Grade("Volunteer Coordinator", years_in_post=(1, 8)),
}


# ---------------------------------------------------------------------------------------------
# Named people: the demo logins first, then everyone who holds a role the academy relies on
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NamedPerson:
    first_name: str
    last_name: str
    grade: str
    team: str | None  # a key of TEAMS, or None for people outside any team
    organisation: str = "council"
    login: str = ""
    job_title: str = ""  # blank: the grade's job title
    hours: Decimal = FULL_TIME_HOURS


NAMED_PEOPLE = (
    NamedPerson("Helen", "Marsh", "psw", "academy", login="psw"),
    NamedPerson("Richard", "Okafor", "dass", None, login="dass"),
    NamedPerson("Priya", "Sharma", "team_manager", "north", login="manager"),
    NamedPerson(
        "David", "Hughes", "practice_educator", "academy", login="assessor",
        job_title="Practice Educator and ASYE Assessor",
    ),
    NamedPerson("Lisa", "Thompson", "training_coordinator", "academy", login="coordinator"),
    NamedPerson("Gareth", "Evans", "workforce_lead", "cmht", "trust", login="partner"),
    NamedPerson("Amira", "Hussain", "nqsw", "north", login="nqsw"),
    NamedPerson("Tom", "Brennan", "experienced_sw", "north", login="worker"),
    NamedPerson("Joanne", "Fletcher", "principal_ot", "ot"),
    NamedPerson("Nicola", "Barnes", "academy_manager", "academy"),
    NamedPerson("Jade", "Morgan", "training_coordinator", "academy", hours=Decimal("22.50")),
    NamedPerson("Mark", "Davies", "head_of_service", None, job_title="Head of Service, Localities"),
    NamedPerson(
        "Claire", "Robinson", "head_of_service", None,
        job_title="Head of Service, Specialist Services",
    ),
    NamedPerson("Sarah", "Whitfield", "team_manager", "south"),
    NamedPerson("Michael", "O'Connor", "team_manager", "hospital"),
    NamedPerson("Femi", "Adeyemi", "team_manager", "mental_health"),
    NamedPerson("Rachel", "Greenwood", "team_manager", "learning_disability"),
    NamedPerson("Karen", "Patel", "team_manager", "safeguarding"),
    NamedPerson("Emma", "Lewis", "ot_manager", "ot"),
    NamedPerson("Anthony", "Walsh", "team_manager", "sensory"),
    NamedPerson("Hannah", "Clarke", "team_manager", "transitions", hours=Decimal("30.00")),
    NamedPerson(
        "Paul", "Jackson", "service_manager", "reablement", job_title="Reablement Service Manager"
    ),
    NamedPerson("Susan", "Wright", "registered_manager", "hollybank_house", "hollybank"),
    NamedPerson("Olumide", "Bello", "registered_manager", "home_care", "meadowview"),
    NamedPerson("Fiona", "Campbell", "vcs_manager", "carers_support", "carers"),
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Everyone else: how many of each grade each team has (names drawn from the lists below)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Staffing:
    team: str
    grade: str
    count: int
    job_title: str = ""  # blank: the grade's job title


STAFFING = (
    Staffing("north", "senior_practitioner", 1),
    Staffing("north", "experienced_sw", 2),
    Staffing("north", "social_worker", 4),
    Staffing("north", "nqsw", 1),
    Staffing("north", "apprentice", 1),
    Staffing("north", "care_officer", 2),
    Staffing("south", "practice_educator", 1),
    Staffing("south", "senior_practitioner", 1),
    Staffing("south", "experienced_sw", 2),
    Staffing("south", "social_worker", 5),
    Staffing("south", "nqsw", 2),
    Staffing("south", "apprentice", 1),
    Staffing("south", "care_officer", 2),
    Staffing("hospital", "senior_practitioner", 1),
    Staffing("hospital", "experienced_sw", 2),
    Staffing("hospital", "social_worker", 3),
    Staffing("hospital", "nqsw", 1),
    Staffing("hospital", "care_officer", 4, "Hospital Discharge Officer"),
    Staffing("hospital", "ot", 1),
    Staffing("mental_health", "senior_practitioner", 2, "Senior Practitioner (AMHP)"),
    Staffing("mental_health", "experienced_sw", 3, "Mental Health Social Worker"),
    Staffing("mental_health", "social_worker", 2, "Mental Health Social Worker"),
    Staffing("mental_health", "nqsw", 1),
    Staffing("learning_disability", "senior_practitioner", 1),
    Staffing("learning_disability", "experienced_sw", 2),
    Staffing("learning_disability", "social_worker", 4),
    Staffing("learning_disability", "nqsw", 1),
    Staffing("learning_disability", "care_officer", 2),
    Staffing("safeguarding", "senior_practitioner", 2),
    Staffing("safeguarding", "experienced_sw", 3, "Safeguarding Adults Social Worker"),
    Staffing("safeguarding", "social_worker", 1, "Safeguarding Adults Social Worker"),
    Staffing("ot", "senior_ot", 2),
    Staffing("ot", "ot", 4),
    Staffing("ot", "ot_assistant", 3),
    Staffing("sensory", "rehab_officer", 2),
    Staffing("sensory", "social_worker", 1, "Social Worker (Deaf Services)"),
    Staffing("sensory", "care_officer", 1, "Sensory Equipment Officer"),
    Staffing("transitions", "senior_practitioner", 1),
    Staffing("transitions", "experienced_sw", 1),
    Staffing("transitions", "social_worker", 2),
    Staffing("transitions", "nqsw", 1),
    Staffing("reablement", "reablement_coordinator", 2),
    Staffing("reablement", "reablement_worker", 8),
    Staffing("reablement", "ot", 1),
    Staffing("academy", "practice_educator", 1),
    Staffing("academy", "workforce_officer", 1),
    Staffing("cmht", "team_leader", 1),
    Staffing("cmht", "experienced_sw", 2, "Mental Health Social Worker"),
    Staffing("cmht", "nqsw", 1),
    Staffing("cmht", "mh_nurse", 3),
    Staffing("cmht", "ot", 1),
    Staffing("cmht", "recovery_worker", 2),
    Staffing("hollybank_house", "deputy_manager", 1),
    Staffing("hollybank_house", "senior_carer", 2),
    Staffing("hollybank_house", "carer", 6),
    Staffing("home_care", "care_coordinator", 1),
    Staffing("home_care", "care_worker", 7),
    Staffing("carers_support", "carer_support_worker", 3),
    Staffing("carers_support", "volunteer_coordinator", 1),
    # Added last, so that everyone drawn before keeps their name.
    Staffing("learning_disability", "apprentice", 1),
)


@dataclass(frozen=True)
class Staff:
    """One of the staff drawn for a ``Staffing`` row: the ``n``-th of that grade in that team."""

    team: str
    grade: str
    n: int = 1


#: How other tables name a person: a named person's login, or their full name when they have
#: none ("Nicola Barnes"); or ``Staff`` for someone drawn by grade.
Ref = str | Staff

#: Contracted hours a week and how often each occurs among staff whose grade allows part-time.
HOURS_MIX = (
    (FULL_TIME_HOURS, 16),
    (Decimal("30.00"), 2),
    (Decimal("29.60"), 2),
    (Decimal("22.50"), 2),
    (Decimal("18.50"), 1),
)


@dataclass(frozen=True)
class NameGroup:
    """First names and surnames that belong together, and how often the group is drawn."""

    weight: int
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


NAME_GROUPS = (
    NameGroup(
        50,
        ("Sarah", "Emma", "Laura", "Rebecca", "Charlotte", "Sophie", "Katie", "Jessica", "Amy",
         "Lucy", "Gemma", "Natalie", "Victoria", "Louise", "Kirsty", "Stacey", "Megan", "Chloe",
         "Olivia", "Ellie", "Bethany", "Holly", "Leanne", "Donna", "Tracey", "Julie", "Alison",
         "Catherine", "Ruth", "James", "Daniel", "Matthew", "Christopher", "Andrew", "Jonathan",
         "Ben", "Luke", "Adam", "Ryan", "Liam", "Connor", "Callum", "Jamie", "Stephen", "Neil",
         "Gary", "Simon", "Craig"),
        ("Smith", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Robinson", "Thompson",
         "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Edwards", "Harris", "Martin",
         "Cooper", "King", "Baker", "Turner", "Hill", "Moore", "Ward", "Morris", "Parker",
         "Harrison", "Bennett", "Cook", "Bailey", "Mitchell", "Phillips", "Carter", "Shaw",
         "Marshall", "Barker", "Fox", "Reid", "Fraser", "Grant", "Palmer", "Holmes", "Webb",
         "Chapman", "Mason", "Dixon", "Hunt", "Knight", "Stevens", "Chambers", "Francis"),
    ),
    NameGroup(
        6,
        ("Bronwen", "Carys", "Ffion", "Sian", "Rhian", "Rhys", "Owen", "Dylan", "Gethin"),
        ("Jones", "Davies", "Rees", "Griffiths", "Pritchard", "Powell", "Lloyd", "Morgan"),
    ),
    NameGroup(
        6,
        ("Aoife", "Siobhan", "Niamh", "Ciara", "Ciaran", "Declan", "Sean", "Eoin"),
        ("Murphy", "Kelly", "O'Brien", "Doyle", "Byrne", "Ryan", "Gallagher", "Quinn"),
    ),
    NameGroup(
        8,
        ("Ngozi", "Chiamaka", "Blessing", "Joy", "Funmilayo", "Abena", "Ama", "Emeka", "Tunde",
         "Chinedu", "Kwame", "Kofi", "Samuel"),
        ("Okoro", "Okonkwo", "Nwosu", "Adebayo", "Oladipo", "Eze", "Mensah", "Boateng", "Asante",
         "Osei", "Owusu", "Appiah"),
    ),
    NameGroup(
        5,
        ("Aisha", "Fatima", "Zainab", "Nadia", "Shabana", "Mohammed", "Imran", "Tariq", "Asif",
         "Bilal"),
        ("Khan", "Ahmed", "Begum", "Ali", "Iqbal", "Malik", "Rahman", "Chowdhury", "Akhtar"),
    ),
    NameGroup(
        4,
        ("Anjali", "Priyanka", "Nisha", "Meera", "Rajesh", "Sanjay", "Vikram", "Amit"),
        ("Patel", "Mistry", "Shah", "Sharma", "Chauhan", "Joshi", "Desai"),
    ),
    NameGroup(
        3,
        ("Harpreet", "Simran", "Jaspreet", "Gurpreet", "Manjit", "Kiran", "Harjit"),
        ("Singh", "Kaur", "Gill", "Sandhu", "Dhillon", "Bains", "Sidhu"),
    ),
    NameGroup(
        4,
        ("Magdalena", "Agnieszka", "Katarzyna", "Joanna", "Marek", "Piotr", "Tomasz", "Pawel"),
        ("Nowak", "Kowalczyk", "Wojcik", "Mazur", "Krawczyk", "Zielinski", "Lewandowski"),
    ),
)  # fmt: skip
