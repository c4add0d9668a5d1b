"""URL state: syntax parsing (no database) and the one URL builder."""

from __future__ import annotations

import pytest

from dashboard.url_state import MAX_GEMEENTEN, State, build_url, parse, to_query


def test_parse_a_full_query_string() -> None:
    state, errors = parse(
        "?thema=vastgoed&indicator=vastgoed.woz&niveau=wijk&jaar=2024&gemeente=GM0363"
        "&gemeenten=GM0363,GM0599"
    )
    assert errors == []
    assert state == State("vastgoed", "vastgoed.woz", "wijk", 2024, "GM0363", ("GM0363", "GM0599"))


def test_parse_accepts_dash_query_params_and_normalises() -> None:
    state, errors = parse({"niveau": "WIJK", "gemeente": "gm363", "gemeenten": ["363, 599,363"]})
    assert errors == []
    assert (state.level, state.gemeente, state.gemeenten) == (
        "wijk",
        "GM0363",
        ("GM0363", "GM0599"),
    )


def test_gemeente_number_becomes_a_code() -> None:
    assert parse({"gemeente": "363"})[0].gemeente == "GM0363"


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({"jaar": "abc"}, "geen jaartal"),
        ({"jaar": "20245"}, "geen jaartal"),
        ({"niveau": "provincie"}, "bestaat niet"),
        ({"gemeente": "<script>"}, "geen gemeentecode"),
        ({"indicator": "Robert'); DROP TABLE"}, "geen geldige indicator"),
        ({"thema": "a" * 500}, "te lang"),
        ({"gemeenten": "GM0363,xx"}, "geen gemeentecode"),
    ],
)
def test_bad_values_give_dutch_messages(query: dict, fragment: str) -> None:
    state, errors = parse(query)
    assert len(errors) == 1 and fragment in errors[0]
    assert state == State()


def test_too_many_gemeenten_keeps_the_first_ones_with_a_note() -> None:
    """A link with more gemeenten than the page shows opens with the first ones, not one."""
    codes = [f"GM{n:04d}" for n in range(1, MAX_GEMEENTEN + 21)]
    state, errors = parse({"gemeenten": ",".join(codes)})
    assert state.gemeenten == tuple(codes[:MAX_GEMEENTEN])
    assert len(errors) == 1 and f"hoogstens {MAX_GEMEENTEN}" in errors[0]
    state, errors = parse({"gemeenten": ",".join(["GM0363"] * (MAX_GEMEENTEN + 1))})
    assert state.gemeenten == ("GM0363",) and not errors  # duplicates are one gemeente


def test_malformed_query_string_does_not_raise() -> None:
    state, errors = parse("?%zz=%E0%A4%A&jaar=%00&&=&gemeente")
    assert state.year is None
    assert all(isinstance(e, str) for e in errors)


def test_echoed_input_is_printable_and_short() -> None:
    _, errors = parse({"jaar": "\x00\x1b[31m" + "9" * 100})
    assert "\x00" not in errors[0] and "\x1b" not in errors[0]


def test_unknown_parameters_are_ignored() -> None:
    assert parse({"foo": "bar"}) == (State(), [])


def test_build_url_round_trip() -> None:
    state = State("vastgoed", "vastgoed.woz", "wijk", 2024, "GM0363", ("GM0363", "GM0599"))
    url = build_url("/kaart", state)
    assert url == (
        "/kaart?thema=vastgoed&indicator=vastgoed.woz&niveau=wijk&jaar=2024&gemeente=GM0363"
        "&gemeenten=GM0363,GM0599"
    )
    assert parse(url.split("?", 1)[1])[0] == state


def test_build_url_with_changes_and_empty_state() -> None:
    assert build_url("/kaart") == "/kaart"
    assert build_url("/kaart", State(year=2024), year=None, level="buurt") == "/kaart?niveau=buurt"
    assert to_query(State(gemeenten=("GM0363",))) == "gemeenten=GM0363"


def test_pick_year_falls_back_to_latest_with_a_note() -> None:
    from dashboard.url_state import pick_year

    assert pick_year("2023", [2022, 2023], "Geen cijfers voor {jaar}") == (2023, None)
    assert pick_year(2019, [2022, 2023], "Geen cijfers voor {jaar}") == (
        2023,
        "Geen cijfers voor 2019; getoond: 2023.",
    )
    assert pick_year("'; DROP", [2022, 2023], "x {jaar}") == (2023, None)
    assert pick_year(None, [], "x {jaar}") == (0, None)


def test_regio_is_part_of_the_url_state() -> None:
    state, errors = parse({"regio": "re05"})
    assert (state.region, errors) == ("RE05", [])
    assert build_url("/tabel", State(region="PV27")) == "/tabel?regio=PV27"
    state, errors = parse({"regio": "RE05' OR 1=1--"})
    assert state.region is None and "geen RIEC-regio" in errors[0]


def test_table_levels_and_all_years_go_through_the_one_builder() -> None:
    """Tabel lists provincies, RIEC regions and Nederland and 'jaren=alle': the same builder."""
    from themes.vocab import TABLE_LEVELS

    url = build_url("/tabel", State(level="riec", region="RE05", all_years=True))
    assert url == "/tabel?niveau=riec&regio=RE05&jaren=alle"
    assert parse(url.split("?", 1)[1], TABLE_LEVELS) == (
        State(level="riec", region="RE05", all_years=True),
        [],
    )
    # a map page cannot show a RIEC region as areas: a Dutch message naming what can
    state, errors = parse("niveau=riec")
    assert state.level is None and errors == [
        "Niveau 'riec' bestaat niet; kies gemeente, wijk of buurt."
    ]
    assert parse("jaren=twee")[1] == ["'twee' bij jaren: alleen 'alle' kan."]
