"""The country list: United Nations short names, capitals and suggestions."""

from wsis_report.inputs.contract import countries


def test_the_list_holds_every_member_and_observer_state():
    names = countries.names()
    assert len(names) == 195
    for name in ("United Republic of Tanzania", "Türkiye", "Viet Nam", "Czechia",
                 "Iran (Islamic Republic of)", "Netherlands (Kingdom of the)", "Holy See",
                 "State of Palestine", "Côte d'Ivoire"):
        assert name in names


def test_other_forms_and_typos_get_a_suggestion_never_an_automatic_change():
    assert countries.resolve("united republic of tanzania") == ("United Republic of Tanzania", None)
    assert countries.resolve("U.A.E.") == (None, "United Arab Emirates")
    assert countries.resolve("Frnace") == (None, "France")
    assert countries.resolve("Atlantis") == (None, None)


def test_capitals_and_geneva_stand_alone():
    assert countries.place("Astana", "Kazakhstan") == "Astana"
    assert countries.place("Pretoria", "South Africa") == "Pretoria"
    assert countries.place("Cape Town", "South Africa") == "Cape Town"
    assert countries.place("New York", "United States of America") == "New York"
    assert countries.place("Almaty", "Kazakhstan") == "Almaty, Kazakhstan"
