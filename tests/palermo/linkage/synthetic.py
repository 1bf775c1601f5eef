"""A small multi-source victims generator with known truth, for linkage tests and bench.

Persons get names from their citizenship's locale (Faker's name lists, Zipf-weighted,
Cyrillic names transliterated differently by each source), a date of birth, a place of
birth, sometimes a document number and forms of exploitation. Five sources see them with
probabilities that depend on the form of exploitation and on a latent visibility; some
register a person twice. A share of records carry recording errors: typos, swapped
given and family names, missing or wrong dates of birth (day/month swap, year off by
one, a 1 January placeholder), a missing given name, a mistyped document number.
"""

from __future__ import annotations

import importlib
import string
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pyarrow as pa

from palermo.standard import FieldType, Kind, fields_of

LOCALES = (
    # citizenship, Faker locale, share of persons
    ("RO", "ro_RO", 0.20),
    ("BG", "bg_BG", 0.08),
    ("UA", "uk_UA", 0.10),
    ("RU", "ru_RU", 0.04),
    ("NG", "yo_NG", 0.16),
    ("CN", "zh_CN", 0.05),
    ("VN", "vi_VN", 0.05),
    ("FR", "fr_FR", 0.22),
    ("HU", "hu_HU", 0.05),
    ("AL", "en_GB", 0.05),
)

CITIES = {
    "RO": "Bucuresti Iasi Cluj Timisoara Constanta Craiova Galati Brasov Ploiesti Oradea Braila Arad Pitesti Sibiu Bacau Suceava",
    "BG": "София Пловдив Варна Бургас Русе Плевен Сливен Добрич Шумен Перник Хасково Ямбол",
    "UA": "Київ Харків Одеса Дніпро Львів Запоріжжя Вінниця Полтава Чернігів Черкаси Житомир Суми",
    "RU": "Москва Казань Самара Омск Пермь Воронеж Волгоград Краснодар Саратов Тюмень",
    "NG": "Lagos Ibadan Abuja Kano Benin Enugu Onitsha Warri Kaduna Jos Ilorin Aba Owerri Calabar Akure Abeokuta",
    "CN": "Beijing Shanghai Fuzhou Wenzhou Guangzhou Shenzhen Harbin Shenyang Changchun Kunming",
    "VN": "Hanoi Haiphong Vinh Hue Danang Saigon Cantho Namdinh Thanhhoa Nghean",
    "FR": "Paris Lyon Marseille Lille Toulouse Nantes Rennes Strasbourg Bordeaux Nice Rouen Reims Metz Dijon Brest Tours",
    "HU": "Budapest Debrecen Szeged Miskolc Pecs Gyor Nyiregyhaza Kecskemet Szekesfehervar Szombathely",
    "AL": "Tirana Durres Vlore Elbasan Shkoder Fier Korce Berat Lushnje Kavaje",
}

# Per source: organisation type, transliteration scheme, chance of having a document
# number, chance of a missing date of birth.
SOURCES = {
    "police": ("police", "bgn", 0.7, 0.05),
    "ngo": ("ngo", "french", 0.25, 0.15),
    "labour": ("labour_inspectorate", "iso", 0.4, 0.10),
    "border": ("border_guard", "german", 0.9, 0.04),
    "social": ("social_services", "bgn", 0.3, 0.12),
}

_SCHEMES = {
    "bgn": {},
    "french": {
        "ш": "ch",
        "ч": "tch",
        "ж": "j",
        "у": "ou",
        "х": "kh",
        "ю": "iou",
        "я": "ia",
        "й": "i",
    },
    "german": {
        "ш": "sch",
        "ч": "tsch",
        "ж": "sch",
        "в": "w",
        "ц": "z",
        "х": "ch",
        "ю": "ju",
        "я": "ja",
        "й": "j",
        "щ": "schtsch",
    },
    "iso": {
        "ш": "s",
        "ч": "c",
        "ж": "z",
        "х": "h",
        "ц": "c",
        "щ": "sc",
        "ю": "ju",
        "я": "ja",
        "й": "j",
    },
}
_BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "a", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
}  # fmt: skip

_TABLES = {scheme: {**_BGN, **extra} for scheme, extra in _SCHEMES.items()}

FORMS = ("sexual", "labour", "begging", "criminal_activities", "other")
FORM_WEIGHTS = (0.5, 0.33, 0.06, 0.06, 0.05)


def transliterate(text: str, scheme: str) -> str:
    """Write a Cyrillic name in Latin letters the way one source does."""
    if text.isascii():
        return text
    table = _TABLES[scheme]
    out = []
    for char in text:
        lower = char.lower()
        if lower in table:
            latin = table[lower]
            out.append(latin.capitalize() if char != lower else latin)
        else:
            out.append(char)
    return "".join(out)


@dataclass(frozen=True)
class SyntheticConfig:
    """Size, error rates and seed of a synthetic country."""

    persons: int = 2000
    error_rate: float = 0.08
    duplicate_rate: float = 0.05
    seed: int = 0
    year: int = 2025


def _zipf(rng: np.random.Generator, n: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return rng.permutation(weights / weights.sum())


_VN_MIDDLE = (
    "Thị Văn Ngọc Minh Thanh Đức Hồng Kim Quang Hữu Xuân Thu Bảo Gia Phương Anh"
)


def _name_lists(
    rng: np.random.Generator,
) -> dict[str, dict[str, tuple[list[str], np.ndarray]]]:
    lists = {}
    for country, locale, _ in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        if locale == "zh_CN":
            # Chinese given names are one or two syllables from a large pool.
            syllables = sorted(
                set(provider.first_romanized_names) | set(provider.last_romanized_names)
            )
            picks = rng.choice(len(syllables), size=(3000, 2))
            female = male = sorted(
                {syllables[a] + syllables[b].lower() for a, b in picks} | set(syllables)
            )
            family = list(provider.last_romanized_names)
        elif locale == "vi_VN":
            middles = _VN_MIDDLE.split()
            female = [f"{m} {g}" for m in middles for g in provider.first_names_female]
            male = [f"{m} {g}" for m in middles for g in provider.first_names_male]
            family = list(dict.fromkeys(provider.last_names))
        else:
            female = list(dict.fromkeys(provider.first_names_female))
            male = list(dict.fromkeys(provider.first_names_male))
            family = list(dict.fromkeys(provider.last_names))
        if len(family) < 150 and country != "VN":
            # Widen short lists with derived forms, as real surname pools are larger.
            stems = [m.rstrip("aeiou") for m in male[:120]]
            suffix = {"RO": "escu", "HU": "i", "VN": "", "AL": "aj"}.get(country, "s")
            family = family + [s + suffix for s in stems if s]
        # Vietnamese family names really are that concentrated (Nguyen).
        family_exponent = 1.0 if country == "VN" else 0.5
        lists[country] = {
            "female": (female, _zipf(rng, len(female), 0.7)),
            "male": (male, _zipf(rng, len(male), 0.7)),
            "family": (family, _zipf(rng, len(family), family_exponent)),
        }
    return lists


def _typo(rng: np.random.Generator, text: str) -> str:
    if len(text) < 3:
        return text
    i = int(rng.integers(1, len(text) - 1))
    kind = int(rng.integers(0, 4))
    letter = string.ascii_lowercase[int(rng.integers(0, 26))]
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + letter + text[i:]
    if kind == 2:
        return text[:i] + letter + text[i + 1 :]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def _doc_number(rng: np.random.Generator) -> str:
    number = int(rng.integers(0, 26 * 26 * 10_000_000))
    letters, digits = divmod(number, 10_000_000)
    first, second = divmod(letters, 26)
    return (
        string.ascii_uppercase[first] + string.ascii_uppercase[second] + f"{digits:07d}"
    )


def generate(config: SyntheticConfig) -> tuple[dict[str, pa.Table], pa.Table]:
    """Generate the sources' normalised victims tables and the truth.

    Returns:
        ``({organisation_id: table}, truth)`` where truth has ``source``,
        ``record_id`` and ``person_id``.
    """
    rng = np.random.default_rng(config.seed)
    lists = _name_lists(rng)
    n = config.persons
    shares = np.array([s for _, _, s in LOCALES])
    country_index = rng.choice(len(LOCALES), size=n, p=shares / shares.sum())
    female = rng.random(n) < 0.72
    age = np.where(
        rng.random(n) < 0.2, rng.integers(12, 18, n), rng.integers(18, 58, n)
    )
    start = date(config.year, 1, 1)
    base_day = rng.integers(0, 330, n)
    birth_offset = rng.integers(0, 365, n)
    form_a = rng.choice(len(FORMS), size=n, p=FORM_WEIGHTS)
    form_b = np.where(
        rng.random(n) < 0.2, rng.choice(len(FORMS), size=n, p=FORM_WEIGHTS), -1
    )
    visibility = rng.normal(0, 0.7, n)
    has_doc = rng.random(n) < 0.65

    given_pick: dict[int, np.ndarray] = {}
    second_pick: dict[int, np.ndarray] = {}
    family_pick: dict[int, np.ndarray] = {}
    for c, (country, _, _) in enumerate(LOCALES):
        for sex_is_female in (True, False):
            mask = (country_index == c) & (female == sex_is_female)
            names, weights = lists[country]["female" if sex_is_female else "male"]
            idx = np.flatnonzero(mask)
            first = rng.choice(len(names), size=len(idx), p=weights)
            second = rng.choice(len(names), size=len(idx), p=weights)
            for i, a, b in zip(idx, first, second, strict=True):
                given_pick[int(i)] = names[a]
                second_pick[int(i)] = names[b]
        fam_names, fam_weights = lists[country]["family"]
        idx = np.flatnonzero(country_index == c)
        for i, a in zip(
            idx, rng.choice(len(fam_names), size=len(idx), p=fam_weights), strict=True
        ):
            family_pick[int(i)] = fam_names[a]
    double_given = rng.random(n) < 0.15
    city_pick = rng.integers(0, 1000, n)
    persons = []
    for p in range(n):
        country = LOCALES[country_index[p]][0]
        given = str(given_pick[p])
        if double_given[p]:
            given += " " + str(second_pick[p])
        family = str(family_pick[p])
        if female[p] and country in {"BG", "RU"} and family[-1:] in {"в", "н"}:
            family += "а"
        registered = start + timedelta(days=int(base_day[p]))
        born = registered - timedelta(days=int(age[p]) * 365 + int(birth_offset[p]))
        cities = CITIES[country].split()
        forms = [FORMS[form_a[p]]] + ([FORMS[form_b[p]]] if form_b[p] >= 0 else [])
        persons.append(
            {
                "country": country,
                "given": given,
                "family": family,
                "born": born,
                "registered": registered,
                "sex": "female" if female[p] else "male",
                "place": cities[int(city_pick[p]) % len(cities)],
                "doc": _doc_number(rng) if has_doc[p] else None,
                "forms": sorted(set(forms)),
            }
        )

    records: dict[str, list[dict[str, object]]] = {s: [] for s in SOURCES}
    truth: list[tuple[str, str, int]] = []
    base = np.array([-1.2, -1.0, -2.2, -1.8, -2.0])
    logits = np.tile(base, (n, 1)) + visibility[:, None]
    sexual = (form_a == 0) | (form_b == 0)
    labour = (form_a == 1) | (form_b == 1)
    logits[:, 0] += 0.8 * sexual
    logits[:, 2] += 2.0 * labour
    logits[:, 1] += 0.5 * female
    seen = rng.random((n, 5)) < 1 / (1 + np.exp(-logits))
    copies = np.where(rng.random((n, 5)) < config.duplicate_rate, 2, 1) * seen
    names = list(SOURCES)
    for p, s in zip(*np.nonzero(copies), strict=True):
        source = names[s]
        _, scheme, doc_rate, missing_dob = SOURCES[source]
        for _ in range(int(copies[p, s])):
            record = _record(
                rng, persons[p], source, scheme, doc_rate, missing_dob, config
            )
            records[source].append(record)
            truth.append((source, "", int(p)))
    # Group the truth by source in the same order as the records.
    truth.sort(key=lambda t: names.index(t[0]))

    tables: dict[str, pa.Table] = {}
    truth_rows: list[tuple[str, str, str]] = []
    cursor = 0
    for source, rows in records.items():
        order = rng.permutation(len(rows))
        ids = [f"{source[:3].upper()}{i:07d}" for i in order]
        for row, rid in zip(rows, ids, strict=True):
            row["source_record_id"] = rid
        for offset, rid in enumerate(ids):
            truth_rows.append((source, rid, f"person-{truth[cursor + offset][2]}"))
        cursor += len(rows)
        tables[source] = _to_table(rows)
    truth_table = pa.table(
        {
            "source": [t[0] for t in truth_rows],
            "record_id": [t[1] for t in truth_rows],
            "person_id": [t[2] for t in truth_rows],
        }
    )
    return tables, truth_table


def _record(
    rng: np.random.Generator,
    person: dict[str, object],
    source: str,
    scheme: str,
    doc_rate: float,
    missing_dob: float,
    config: SyntheticConfig,
) -> dict[str, object]:
    u = rng.random(12)
    given = transliterate(str(person["given"]), scheme)
    family = transliterate(str(person["family"]), scheme)
    place = transliterate(str(person["place"]), scheme)
    born: date | None = person["born"]  # type: ignore[assignment]
    registered: date = person["registered"] + timedelta(days=int(u[0] * 60))  # type: ignore[operator]
    registered = min(registered, date(config.year, 12, 31))
    birth_year: int | None = None
    doc = person["doc"] if person["doc"] and u[1] < doc_rate else None
    sex = person["sex"] if u[2] > 0.02 else "unknown"
    citizenship = person["country"] if u[3] > 0.03 else "unknown"
    place_value: str | None = place if u[4] < 0.6 else None
    if u[5] < missing_dob:
        born = None
        if u[6] < 0.5:
            birth_year = person["born"].year  # type: ignore[attr-defined]
    errors = 0
    if u[7] < config.error_rate:
        errors = 1 + int(u[8] < 0.3)
    for _ in range(errors):
        kind = int(rng.integers(0, 10))
        if kind in (0, 1):
            family = _typo(rng, family)
        elif kind in (2, 3):
            given = _typo(rng, given)
        elif kind == 4:
            given, family = family, given
        elif kind == 5 and born is not None:
            if born.day <= 12 and born.day != born.month:
                born = date(born.year, born.day, born.month)
            else:
                born = born.replace(day=min(28, born.day + 1))
        elif kind == 6 and born is not None:
            born = born.replace(
                year=born.year + int(rng.choice([-1, 1])), day=min(born.day, 28)
            )
        elif kind == 7 and born is not None:
            born = date(born.year + int(rng.integers(-1, 2)), 1, 1)
        elif kind == 8:
            if doc:
                doc = _typo(rng, doc.lower()).upper()
            elif place_value:
                place_value = _typo(rng, place_value)
        elif kind == 9:
            born = None
    age_years = None
    reference = born or person["born"]
    age_years = (registered - reference).days // 365  # type: ignore[operator]
    forms = list(person["forms"])  # type: ignore[call-overload]
    if len(forms) > 1 and u[9] < 0.3:
        forms = forms[:1]
    return {
        "organisation_id": source,
        "organisation_type": SOURCES[source][0],
        "registration_date": registered,
        "status": "identified" if u[10] < 0.5 else "presumed",
        "given_names": given,
        "family_names": family,
        "date_of_birth": born,
        "birth_year": birth_year,
        "place_of_birth": place_value,
        "document_number": doc,
        "sex": sex,
        "age": age_years,
        "child": "yes" if age_years < 18 else "no",
        "citizenship": citizenship,
        "forms_of_exploitation": forms,
    }


def _to_table(rows: list[dict[str, object]]) -> pa.Table:
    arrays = {}
    for field in fields_of(Kind.VICTIMS):
        values = [row.get(field.name) for row in rows]
        if field.type is FieldType.DATE:
            arrays[field.name] = pa.array(values, pa.date32())
        elif field.type is FieldType.INTEGER:
            arrays[field.name] = pa.array(values, pa.int64())
        elif field.type is FieldType.CODES:
            arrays[field.name] = pa.array(
                [v if v else ["unknown"] for v in values], pa.list_(pa.string())
            )
        elif field.type is FieldType.CODE:
            arrays[field.name] = pa.array([v or "unknown" for v in values], pa.string())
        else:
            arrays[field.name] = pa.array(values, pa.string())
    return pa.table(arrays)
