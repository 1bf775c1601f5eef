from __future__ import annotations

import json

import pandas as pd

from palermo.simulate import SimulationResult

TRUTH_FILES = (
    "records.csv",
    "population.csv",
    "capture_histories.csv",
    "capture_counts.csv",
    "record_errors.csv",
    "traffickers.csv",
    "cases.csv",
    "suspect_records.csv",
    "proceeding_records.csv",
)


def _truth(result: SimulationResult, name: str) -> pd.DataFrame:
    return pd.read_csv(
        result.out_dir / "truth" / name, dtype=str, keep_default_na=False
    )


def test_it_writes_the_truth_apart_with_config_and_manifest(
    small_written: SimulationResult,
) -> None:
    out = small_written.out_dir
    assert sorted(p.name for p in (out / "truth").iterdir()) == sorted(TRUTH_FILES)
    config = json.loads((out / "config.json").read_text())
    assert config["country"] == "BE"
    assert config["victims"] == 1200
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["victims"] == 1200
    assert {f["path"] for f in manifest["files"]} == {
        f.path for f in small_written.files
    }


def test_truth_records_have_exactly_the_promised_columns(
    small_written: SimulationResult,
) -> None:
    records = _truth(small_written, "records.csv")
    assert list(records.columns) == ["source", "record_id", "person_id"]


def test_every_record_belongs_to_a_person_of_the_population(
    small_written: SimulationResult,
) -> None:
    records = _truth(small_written, "records.csv")
    population = _truth(small_written, "population.csv")
    assert len(population) == 1200
    assert population["person_id"].is_unique
    assert set(records["person_id"]) <= set(population["person_id"])
    assert not records.duplicated(["source", "record_id"]).any()


def test_capture_histories_agree_with_the_records(
    small_written: SimulationResult,
) -> None:
    records = _truth(small_written, "records.csv")
    histories = _truth(small_written, "capture_histories.csv").set_index("person_id")
    assert len(histories) == 1200  # every person, seen or not
    for source in records["source"].unique():
        seen_by = set(records.loc[records["source"] == source, "person_id"])
        marked = set(histories.index[histories[f"cap_{source}"] == "1"])
        assert seen_by == marked, source
    unseen = (histories.astype(int).sum(axis=1) == 0).sum()
    assert unseen == small_written.victims - small_written.victims_seen > 0


def test_capture_counts_sum_to_the_persons_seen(
    small_written: SimulationResult,
) -> None:
    counts = _truth(small_written, "capture_counts.csv")
    assert list(counts.columns)[-1] == "count"
    lists = list(counts.columns[:-1])
    assert lists == [
        "police",
        "ngo",
        "labour_inspectorate",
        "border_guard",
        "social_services",
    ]
    assert counts["count"].astype(int).sum() == small_written.victims_seen
    assert not (counts[lists].astype(int).sum(axis=1) == 0).any()


def test_each_record_id_is_the_one_in_the_source_file(
    small_written: SimulationResult,
) -> None:
    records = _truth(small_written, "records.csv")
    police = pd.read_csv(
        small_written.out_dir / "sources/police/victims.csv",
        sep=";",
        encoding="cp1252",
        dtype=str,
    )
    assert list(police["N° procédure"]) == list(
        records.loc[records["source"] == "police", "record_id"]
    )
    ngo = pd.read_excel(small_written.out_dir / "sources/ngo/victims.xlsx", dtype=str)
    assert set(ngo["Case ID"]) == set(
        records.loc[records["source"] == "ngo", "record_id"]
    )


def test_suspects_move_through_justice_in_order(
    small_written: SimulationResult,
) -> None:
    suspects = _truth(small_written, "suspect_records.csv")
    stage = {
        s: set(suspects.loc[suspects["source"] == s, "trafficker_id"])
        for s in ("police", "prosecution", "court")
    }
    assert all(stage.values())
    assert stage["court"] <= stage["prosecution"] <= stage["police"]
    traffickers = _truth(small_written, "traffickers.csv")
    assert set(suspects["trafficker_id"]) <= set(traffickers["trafficker_id"])


def test_suspect_records_point_at_proceedings_of_their_organisation(
    small_written: SimulationResult,
) -> None:
    out = small_written.out_dir
    police_suspects = pd.read_csv(
        out / "sources/police/suspects.csv", sep=";", encoding="cp1252", dtype=str
    )
    police_proceedings = pd.read_csv(
        out / "sources/police/proceedings.csv", sep=";", encoding="cp1252", dtype=str
    )
    assert set(police_suspects["N° procédure"]) <= set(
        police_proceedings["N° procédure"]
    )
    court = json.loads((out / "sources/court/suspects.json").read_text())
    trials = json.loads((out / "sources/court/proceedings.json").read_text())
    assert {s["affaire"] for s in court} <= {t["affaire"] for t in trials}
    assert all(s["stade"] == "Condamné" for s in court)


def test_proceedings_count_their_suspects(small_written: SimulationResult) -> None:
    out = small_written.out_dir
    suspects = pd.read_excel(out / "sources/prosecution/suspects.xlsx", dtype=str)
    cases = pd.read_excel(out / "sources/prosecution/proceedings.xlsx", dtype=str)
    per_case = suspects.groupby("Case no.").size()
    counted = cases.set_index("Case no.")["Defendants"].astype(int)
    assert (per_case == counted.loc[per_case.index]).all()
