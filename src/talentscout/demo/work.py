"""Occupations, skills and employers of the demo population.

Titles come in synonym groups whose first entry is the wording an O*NET/ESCO taxonomy knows
("Software Developer", "Registered Nurse", "Account Executive"); the other entries are how people
write the same job on a profile. Employers are fictional companies with plausible domains.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Occupation:
    key: str
    #: synonym groups; ``group[0]`` is the standard wording
    titles: tuple[tuple[str, ...], ...]
    skills: tuple[str, ...]
    fields: tuple[str, ...]
    #: which kinds of employer hire it: "tech", "fin", "health"
    kinds: tuple[str, ...]
    #: goes to tech meetups and publishes JSON résumés
    tech: bool
    weight: int
    #: résumé bullets; ``{skill}`` and ``{n}`` are filled in
    bullets: tuple[str, ...]
    summary: str
    senior_prefixes: tuple[str, ...] = ("Senior ", "Sr. ", "Senior ")
    lead_prefixes: tuple[str, ...] = ("Lead ", "Principal ")
    junior_prefixes: tuple[str, ...] = ("Junior ", "Jr. ")


@dataclass(frozen=True)
class Company:
    name: str
    domain: str
    #: ISO country of the head office; None for companies that hire everywhere
    country: str | None
    kinds: tuple[str, ...]


def _groups(text: str) -> tuple[tuple[str, ...], ...]:
    """``"A / B; C / D"`` → ``(("A", "B"), ("C", "D"))`` (a slash without spaces stays: "UX/UI")."""
    return tuple(tuple(t.strip() for t in group.split(" / ")) for group in text.split(";"))


def _list(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(";"))


OCCUPATIONS: tuple[Occupation, ...] = (
    Occupation(
        key="software",
        titles=_groups(
            "Software Developer / Software Engineer / Software Development Engineer; "
            "Backend Developer / Backend Engineer / Back-End Software Engineer; "
            "Full Stack Developer / Full-Stack Engineer / Fullstack Software Engineer; "
            "Frontend Developer / Frontend Engineer / Front-End Web Developer"
        ),
        skills=_list(
            "Python; Java; Go; TypeScript; JavaScript; Kotlin; C#; .NET; Spring Boot; Django; FastAPI; "
            "Node.js; React; Angular; PostgreSQL; MySQL; Redis; Kafka; Docker; Kubernetes; AWS; "
            "Google Cloud Platform; Microsoft Azure; GraphQL; REST APIs; Microservices; CI/CD; Rust; C++"
        ),
        fields=_list("Computer Science; Software Engineering; Informatics; Electrical Engineering"),
        kinds=("tech", "tech", "tech", "fin"),
        tech=True,
        weight=26,
        bullets=_list(
            "Designed and shipped a payments service ({skill}) handling {n} million requests a day; "
            "Cut p95 latency by {n}% by reworking the data access layer with {skill}; "
            "Led the migration of a monolith to microservices, using {skill}; "
            "Mentored {n} junior engineers and ran the team's code review guild; "
            "Introduced contract tests around {skill} that halved production incidents"
        ),
        summary="{title} with {years} years of experience building reliable products with {skills}.",
    ),
    Occupation(
        key="data",
        titles=_groups(
            "Data Scientist / Data Scientist / Applied Scientist; "
            "Data Analyst / Data Analyst / Analytics Specialist; "
            "Data Engineer / Data Engineer / Big Data Engineer; "
            "Machine Learning Engineer / ML Engineer / Machine Learning Developer"
        ),
        skills=_list(
            "Python; SQL; R; pandas; NumPy; scikit-learn; PyTorch; TensorFlow; Apache Spark; Airflow; dbt; "
            "Snowflake; BigQuery; Tableau; Power BI; Looker; Statistics; Machine Learning; Deep Learning; "
            "NLP; A/B Testing; Time Series Forecasting; Data Visualization; MLflow"
        ),
        fields=_list("Statistics; Mathematics; Computer Science; Physics; Economics"),
        kinds=("tech", "tech", "fin", "health"),
        tech=True,
        weight=14,
        bullets=_list(
            "Built a churn model with {skill} that lifted retention by {n}%; "
            "Owned the data pipeline ({skill}) feeding {n} dashboards for the executive team; "
            "Designed and analysed {n} A/B tests a quarter with the product teams; "
            "Reworked nightly batch jobs using {skill}, cutting compute cost by {n}%; "
            "Deployed a demand forecast built with {skill}, used by {n} regional planners"
        ),
        summary="{title} with {years} years turning messy data into decisions; strongest in {skills}.",
    ),
    Occupation(
        key="devops",
        titles=_groups(
            "DevOps Engineer / DevOps Specialist / Platform Engineer; "
            "Site Reliability Engineer / SRE / Reliability Engineer; "
            "Cloud Engineer / Cloud Infrastructure Engineer / Cloud Platform Engineer"
        ),
        skills=_list(
            "Kubernetes; Docker; Terraform; Ansible; AWS; Google Cloud Platform; Microsoft Azure; Linux; "
            "Bash; Prometheus; Grafana; Helm; GitLab CI; GitHub Actions; Jenkins; Python; Go; "
            "Incident Management; Networking"
        ),
        fields=_list("Computer Science; Information Systems; Electrical Engineering"),
        kinds=("tech", "tech", "fin"),
        tech=True,
        weight=7,
        bullets=_list(
            "Ran {n} production clusters ({skill}) at 99.95% availability; "
            "Rebuilt the CI pipeline with {skill}, taking deploys from {n} minutes to five; "
            "Wrote the {skill} tooling every product team now uses to provision infrastructure; "
            "Led the on-call rotation and cut pages per week by {n}%"
        ),
        summary="{title} with {years} years keeping platforms fast, cheap and boring; {skills}.",
    ),
    Occupation(
        key="design",
        titles=_groups(
            "UX Designer / User Experience Designer / UX/UI Designer; "
            "Product Designer / Digital Product Designer / Product Designer (UX); "
            "Graphic Designer / Visual Designer / Graphic & Visual Designer"
        ),
        skills=_list(
            "Figma; Sketch; Adobe Photoshop; Adobe Illustrator; Adobe InDesign; User Research; "
            "Usability Testing; Prototyping; Wireframing; Design Systems; Interaction Design; "
            "Accessibility (WCAG); Information Architecture; Typography; Motion Design; HTML; CSS"
        ),
        fields=_list("Communication Design; Interaction Design; Graphic Design; Human-Computer Interaction"),
        kinds=("tech", "tech", "fin"),
        tech=True,
        weight=8,
        bullets=_list(
            "Ran {n} rounds of usability testing that reshaped the onboarding flow; "
            "Built the design system ({skill}) used by {n} product teams; "
            "Redesigned checkout, leaning on {skill}, and raised conversion by {n}%; "
            "Partnered with research on {n} customer interviews a month"
        ),
        summary="{title} with {years} years designing products people enjoy; tools of choice: {skills}.",
    ),
    Occupation(
        key="product",
        titles=_groups(
            "Product Manager / Product Owner / Digital Product Manager; "
            "Project Manager / IT Project Manager / Technical Project Manager"
        ),
        skills=_list(
            "Product Management; Roadmapping; Agile; Scrum; Jira; Confluence; Stakeholder Management; "
            "User Stories; OKRs; Product Discovery; A/B Testing; SQL; Amplitude; Go-to-Market Strategy; "
            "Kanban; Risk Management; PRINCE2; PMP"
        ),
        fields=_list("Business Administration; Computer Science; Industrial Engineering; Economics"),
        kinds=("tech", "tech", "fin", "health"),
        tech=True,
        weight=7,
        bullets=_list(
            "Owned the roadmap for a product line with {n} thousand monthly users; "
            "Launched {n} features in a year using {skill} and continuous discovery; "
            "Brought a delayed programme back on track across {n} teams; "
            "Introduced {skill} and cut cycle time by {n}%"
        ),
        summary="{title} with {years} years shipping outcomes, not output; {skills}.",
    ),
    Occupation(
        key="sales",
        titles=_groups(
            "Account Executive / Account Executive / Sales Executive; "
            "Key Account Manager / Strategic Account Manager / Enterprise Account Manager; "
            "Sales Development Representative / Business Development Representative / SDR; "
            "Sales Manager / Regional Sales Manager / Area Sales Manager"
        ),
        skills=_list(
            "Salesforce; HubSpot; B2B Sales; SaaS Sales; Solution Selling; MEDDIC; Negotiation; "
            "Pipeline Management; Cold Calling; Account Management; Lead Generation; Forecasting; "
            "Enterprise Sales; LinkedIn Sales Navigator; Contract Negotiation; Customer Success"
        ),
        fields=_list("Business Administration; Marketing; Economics; Communications"),
        kinds=("tech", "tech", "fin"),
        tech=False,
        weight=12,
        bullets=_list(
            "Closed {n}% above quota for three consecutive years; "
            "Opened {n} new enterprise logos in the DACH region; "
            "Built a repeatable outbound motion around {skill} for the team; "
            "Ran forecasting ({skill}) for a EUR {n} million pipeline"
        ),
        summary="{title} with {years} years in B2B sales; known for {skills}.",
    ),
    Occupation(
        key="marketing",
        titles=_groups(
            "Marketing Manager / Growth Marketing Manager / Marketing Manager (B2B); "
            "Content Marketing Manager / Content Manager / Content Strategist; "
            "SEO Specialist / SEO Manager / Search Engine Optimization Specialist"
        ),
        skills=_list(
            "SEO; SEM; Google Ads; Google Analytics; Content Marketing; Copywriting; Social Media Marketing; "
            "Email Marketing; HubSpot; Marketo; Marketing Automation; Brand Management; "
            "Campaign Management; Product Marketing; Public Relations; WordPress"
        ),
        fields=_list("Marketing; Communications; Media Studies; Business Administration"),
        kinds=("tech", "fin", "health"),
        tech=False,
        weight=6,
        bullets=_list(
            "Grew organic traffic by {n}% in a year with a content programme built on {skill}; "
            "Ran campaigns ({skill}) with a EUR {n}k monthly budget; "
            "Rebuilt the lead-scoring model in {skill}, lifting MQL-to-SQL by {n}%"
        ),
        summary="{title} with {years} years growing brands and pipelines; {skills}.",
    ),
    Occupation(
        key="finance",
        titles=_groups(
            "Financial Analyst / Finance Analyst / FP&A Analyst; "
            "Accountant / Staff Accountant / Accounting Specialist; "
            "Financial Controller / Controller / Finance Controller; "
            "Auditor / External Auditor / Audit Associate"
        ),
        skills=_list(
            "Microsoft Excel; Financial Modelling; Financial Analysis; Budgeting; Forecasting; IFRS; "
            "US GAAP; HGB; SAP FI/CO; DATEV; Accounting; Auditing; Tax; Consolidation; Power BI; "
            "Variance Analysis; Treasury; Management Reporting; VBA"
        ),
        fields=_list("Finance; Accounting; Economics; Business Administration"),
        kinds=("fin", "fin", "tech", "health"),
        tech=False,
        weight=9,
        bullets=_list(
            "Closed the books in {n} working days after automating reconciliations in {skill}; "
            "Built the model behind a EUR {n} million budget, using {skill}; "
            "Led {n} statutory audits as the team's go-to person for {skill}; "
            "Cut month-end reporting effort by {n}% with {skill}"
        ),
        summary="{title} with {years} years in finance; {skills}.",
    ),
    Occupation(
        key="nursing",
        titles=_groups(
            "Registered Nurse / Registered Nurse (RN) / Staff Nurse; "
            "Critical Care Nurse / ICU Nurse / Intensive Care Nurse; "
            "Emergency Nurse / ER Nurse / Emergency Room Registered Nurse; "
            "Nurse Practitioner / Advanced Nurse Practitioner / Family Nurse Practitioner"
        ),
        skills=_list(
            "Patient Care; Basic Life Support (BLS); Advanced Cardiac Life Support (ACLS); Critical Care; "
            "Medication Administration; IV Therapy; Wound Care; Triage; Ventilator Management; Epic; "
            "Cerner; Patient Assessment; Infection Control; Electronic Health Records; Paediatrics; "
            "Telemetry; Care Planning"
        ),
        fields=("Nursing",),
        kinds=("health",),
        tech=False,
        weight=11,
        bullets=_list(
            "Cared for up to {n} patients per shift, specialising in {skill}; "
            "Precepted {n} newly qualified nurses; "
            "Led the unit's audit of {skill} practice and cut incidents by {n}%; "
            "Charge nurse on {n} night shifts a month"
        ),
        summary="{title} with {years} years at the bedside; certified in {skills}.",
        senior_prefixes=("Senior ", "Senior "),
        lead_prefixes=("Lead ", "Senior "),
        junior_prefixes=("", "Graduate "),
    ),
)

BY_KEY: dict[str, Occupation] = {o.key: o for o in OCCUPATIONS}

GENERAL_SKILLS = _list(
    "Leadership; Mentoring; Public Speaking; Project Management; Team Management; Coaching; "
    "Microsoft Office; Stakeholder Communication"
)

#: standard title -> country -> (masculine, feminine) wording in the local language
LOCAL_TITLES: dict[str, dict[str, tuple[str, str]]] = {
    "Software Developer": {
        "DE": ("Softwareentwickler", "Softwareentwicklerin"),
        "FR": ("Développeur logiciel", "Développeuse logiciel"),
        "ES": ("Desarrollador de software", "Desarrolladora de software"),
        "BR": ("Desenvolvedor de software", "Desenvolvedora de software"),
        "PL": ("Programista", "Programistka"),
    },
    "Registered Nurse": {
        "DE": ("Gesundheits- und Krankenpfleger", "Gesundheits- und Krankenpflegerin"),
        "FR": ("Infirmier", "Infirmière"),
        "ES": ("Enfermero", "Enfermera"),
        "BR": ("Enfermeiro", "Enfermeira"),
        "PL": ("Pielęgniarz", "Pielęgniarka"),
    },
    "Financial Analyst": {
        "DE": ("Finanzanalyst", "Finanzanalystin"),
        "FR": ("Analyste financier", "Analyste financière"),
        "ES": ("Analista financiero", "Analista financiera"),
    },
    "Accountant": {"DE": ("Buchhalter", "Buchhalterin"), "FR": ("Comptable", "Comptable")},
    "Data Scientist": {
        "DE": ("Data Scientist", "Data Scientist"),
        "FR": ("Data scientist", "Data scientist"),
    },
}


def _companies(*rows: str) -> tuple[Company, ...]:
    """Rows read ``name | domain | country or * | kind kind``."""
    companies = []
    for row in rows:
        name, domain, country, kinds = (cell.strip() for cell in row.split("|"))
        companies.append(Company(name, domain, None if country == "*" else country, tuple(kinds.split())))
    return tuple(companies)


COMPANIES: tuple[Company, ...] = _companies(
    "Helixa Cloud | helixa.io | * | tech",
    "Orbitly | orbitly.com | * | tech",
    "Quantrix Systems | quantrixsystems.com | * | tech",
    "Lumenfield | lumenfield.com | * | tech",
    "Parcelwise | parcelwise.com | * | tech",
    "Tidewater Payments | tidewaterpay.com | * | fin tech",
    "Northbeam Consulting | northbeam-consulting.com | * | tech fin",
    "Cobaltline Insurance | cobaltline.com | * | fin",
    "Brightlane Software GmbH | brightlane.de | DE | tech",
    "Kontor Digital GmbH | kontor-digital.de | DE | tech",
    "Spreewerk Labs | spreewerk.io | DE | tech",
    "Alpenpay GmbH | alpenpay.de | DE | fin tech",
    "Rheinmetrik AG | rheinmetrik.de | DE | tech fin",
    "Vierwerk Versicherung AG | vierwerk-versicherung.de | DE | fin",
    "Klinikum Elbufer | klinikum-elbufer.de | DE | health",
    "Isarklinik Schwabing | isarklinik-schwabing.de | DE | health",
    "Klinikum Havelblick | klinikum-havelblick.de | DE | health",
    "Lumière Data SAS | lumiere-data.fr | FR | tech",
    "Quai Numérique | quainumerique.fr | FR | tech",
    "Banque Rivoli | banque-rivoli.fr | FR | fin",
    "Clinique des Tilleuls | clinique-tilleuls.fr | FR | health",
    "Centre Hospitalier de la Garonne | ch-garonne.fr | FR | health",
    "Atelier Mistral | ateliermistral.fr | FR | tech",
    "Sol Sistemas S.L. | solsistemas.es | ES | tech",
    "Tramuntana Tech | tramuntana.tech | ES | tech",
    "Banco Alcázar | bancoalcazar.es | ES | fin",
    "Clínica Ribera Norte | clinicariberanorte.es | ES | health",
    "Hospital Universitario Los Olmos | hulosolmos.es | ES | health",
    "Nubeo Software | nubeo.es | ES | tech",
    "Kaveri Infotech | kaveriinfotech.in | IN | tech",
    "Saffron Analytics Pvt Ltd | saffronanalytics.in | IN | tech",
    "Deccan FinServ | deccanfinserv.in | IN | fin",
    "Lotus Multispeciality Hospital | lotushospitals.in | IN | health",
    "Nilgiri Care Hospital | nilgiricare.in | IN | health",
    "Bluepeak Technologies | bluepeak.tech | IN | tech",
    "Jade River Technology | jaderiver-tech.cn | CN | tech",
    "Huaxin Data | huaxindata.cn | CN | tech",
    "Pearl Delta Electronics | pearldelta.cn | CN | tech",
    "Donghai United Hospital | donghaihospital.cn | CN | health",
    "Pudong Harmony Hospital | pudongharmony.cn | CN | health",
    "Yangtze Capital | yangtzecapital.cn | CN | fin",
    "Eko Fintech | ekofintech.ng | NG | fin tech",
    "Zuma Payments | zumapay.ng | NG | fin tech",
    "Lagoon Specialist Hospital | lagoonhospital.ng | NG | health",
    "Ikoyi Crest Hospital | ikoyicrest.ng | NG | health",
    "Savannah Bank Plc | savannahbank.ng | NG | fin",
    "Kola Logistics | kolalogistics.ng | NG | tech",
    "Ipê Tecnologia | ipetecnologia.com.br | BR | tech",
    "Banco Jacarandá | bancojacaranda.com.br | BR | fin",
    "Hospital Santa Clara do Sul | hsantaclara.com.br | BR | health",
    "Hospital Vale Verde | hvaleverde.com.br | BR | health",
    "Carioca Labs | carioca-labs.com.br | BR | tech",
    "Nuvem Verde Software | nuvemverde.com.br | BR | tech",
    "Wisła Software sp. z o.o. | wislasoftware.pl | PL | tech",
    "Bursztyn Analytics | bursztyn.io | PL | tech",
    "Vistula Finance | vistulafinance.pl | PL | fin",
    "Centrum Medyczne Zdrowie+ | cmzdrowie.pl | PL | health",
    "Szpital Wiślany | szpitalwislany.pl | PL | health",
    "Kraków Code Works | krakowcodeworks.pl | PL | tech",
    "Brightwave Analytics | brightwave-analytics.com | US | tech",
    "Harborline Systems | harborline.com | US | tech",
    "Copperleaf Software | copperleafsoftware.com | US | tech",
    "Redwood Ridge Capital | redwoodridge.com | US | fin",
    "Lone Star Medical Center | lonestarmedical.org | US | health",
    "Bayview General Hospital | bayviewgeneral.org | US | health",
    "Cedar Ridge Regional Hospital | cedarridgeregional.org | US | health",
    "Kestrel Data Ltd | kestreldata.co.uk | GB | tech",
    "Foxglove Financial | foxglovefinancial.co.uk | GB | fin",
    "St Aldric's Hospital | staldricshospital.co.uk | GB | health",
    "Elmstead General Hospital | elmsteadgeneral.co.uk | GB | health",
    "Brindle & Co | brindleandco.co.uk | GB | fin tech",
    "Thistle Digital | thistledigital.co.uk | GB | tech",
)
