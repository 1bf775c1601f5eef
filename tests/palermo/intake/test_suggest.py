from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from palermo.cli import main
from palermo.intake import mapping_from_dict, read_records, suggest_mapping

from .conftest import TODAY

SOURCE = """\
N° dossier;Date d'enregistrement;Statut;Prénom;Nom;Date de naissance;Genre;Âge;Nationalité;Type d'exploitation;Remarques;G
A-1;05/03/2024;Victime présumée;Anna;Popescu;17/05/1999;F;24;Roumanie;Travail forcé|Exploitation sexuelle;;non
A-2;06/03/2024;identifiée;Ion;Ionescu;02/01/2008;H;16;Moldavie;mendicité forcée;vu;oui
A-3;07/03/2024;Victime presumee;Li;Wang;;Femme;;Chine;prostitution|Travail forcée;;non
"""  # noqa: E501


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "registre.csv"
    path.write_bytes(SOURCE.encode("cp1252"))
    return path


def test_it_matches_french_headings_to_fields(source: Path) -> None:
    mapping = suggest_mapping(source, "victims").mapping
    assert mapping.columns == {
        "N° dossier": "source_record_id",
        "Date d'enregistrement": "registration_date",
        "Statut": "status",
        "Prénom": "given_names",
        "Nom": "family_names",
        "Date de naissance": "date_of_birth",
        "Genre": "sex",
        "Âge": "age",
        "Nationalité": "citizenship",
        "Type d'exploitation": "forms_of_exploitation",
        "G": "child",
    }


def test_it_detects_how_the_file_is_written(source: Path) -> None:
    hints = suggest_mapping(source, "victims").mapping.file
    assert (hints.delimiter, hints.encoding) == (";", "cp1252")
    assert (hints.date_format, hints.multi_separator) == ("%d/%m/%Y", "|")


def test_it_proposes_the_closest_code_for_unknown_values(source: Path) -> None:
    mapping = suggest_mapping(source, "victims").mapping
    assert mapping.values == {"forms_of_exploitation": {"Travail forcée": "labour"}}


def test_the_notes_say_what_to_decide(source: Path) -> None:
    notes = "\n".join(suggest_mapping(source, "victims").notes)
    assert "organisation_id" in notes
    assert "organisation_type" in notes
    assert "'Remarques' matches no field" in notes
    assert "'G' was matched to child by its values" in notes


def test_a_suggestion_completed_by_a_person_validates_the_file(source: Path) -> None:
    suggested = yaml.safe_load(suggest_mapping(source, "victims").to_yaml())
    suggested["constants"] = {"organisation_id": "ngo-lyon", "organisation_type": "ngo"}
    suggested["ignore"] = ["Remarques"]
    result = read_records(source, "victims", mapping_from_dict(suggested), today=TODAY)
    assert result.report.is_valid, result.report.issues
    assert result.table is not None
    assert result.table.column("forms_of_exploitation").to_pylist() == [
        ["sexual", "labour"],
        ["begging"],
        ["sexual", "labour"],
    ]


def test_identity_values_never_appear_in_a_suggestion(source: Path) -> None:
    text = suggest_mapping(source, "victims").to_yaml()
    for secret in ("Anna", "Popescu", "Ionescu", "Wang", "17/05/1999"):
        assert secret not in text


def test_the_cli_prints_or_writes_the_yaml(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mapping", "suggest", str(source), "--kind", "victims"]) == 0
    assert yaml.safe_load(capsys.readouterr().out)["kind"] == "victims"
    out = tmp_path / "map.yaml"
    args = ["mapping", "suggest", str(source), "--kind", "victims", "--out", str(out)]
    assert main(args) == 0
    assert "check:" in capsys.readouterr().err
    assert yaml.safe_load(out.read_text())["columns"]["Genre"] == "sex"
