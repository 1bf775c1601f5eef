from __future__ import annotations

import pytest

from palermo.simulate.styles import ALPHA3, CODE, EN, FR, styles_of
from palermo.standard import FieldType, Kind, fields_of, load_codelist


@pytest.mark.parametrize("kind", list(Kind))
def test_every_style_names_standard_fields_and_known_vocabularies(kind: Kind) -> None:
    fields = {f.name: f for f in fields_of(kind)}
    for name, style in styles_of(kind).items():
        assert style.format in ("csv", "xlsx", "json"), name
        assert "source_record_id" in style.columns, name
        assert set(style.columns) <= set(fields) | {"birth_year"}, name
        assert len(set(style.columns.values())) == len(style.columns), name
        for field_name, vocabulary in style.vocabulary.items():
            field = fields[field_name]
            assert field_name in style.columns, (name, field_name)
            assert field.type in (FieldType.CODE, FieldType.CODES), (name, field_name)
            if isinstance(vocabulary, dict):
                # An own table must cover every code, or the file would hold a raw code.
                assert field.codelist is not None
                codes = set(load_codelist(field.codelist).values)
                assert codes <= set(vocabulary), (
                    name,
                    field_name,
                    codes - set(vocabulary),
                )
                assert len(set(vocabulary.values())) == len(vocabulary), (
                    name,
                    field_name,
                )
            else:
                assert vocabulary in (CODE, EN, FR, ALPHA3), (name, field_name)


def test_record_ids_are_formats_of_year_and_sequence() -> None:
    for kind in Kind:
        for name, style in styles_of(kind).items():
            first = style.record_id.format(year=2025, seq=1)
            second = style.record_id.format(year=2025, seq=2)
            assert first != second, name
