"""Rails parameter semantics: nesting, wrapping, permit, casts."""

from __future__ import annotations

from fakewoot.api.params import Params, _assign, permit, to_bool, to_int, to_string, wrapped


def test_rack_nested_keys():
    params: dict = {}
    for key, value in [
        ("profile[name]", "x"),
        ("profile[ui][a]", "1"),
        ("ids[]", "1"),
        ("ids[]", "2"),
        ("q", "z"),
    ]:
        _assign(params, key, value)
    assert params == {"profile": {"name": "x", "ui": {"a": "1"}}, "ids": ["1", "2"], "q": "z"}


def test_wrap_parameters_only_for_json_and_only_the_body():
    assert wrapped(Params({"name": "x", "id": 1}, {"name": "x"}, True), "profile") == {"name": "x"}
    assert wrapped(Params({"name": "x"}, {"name": "x"}, False), "profile") is None
    both = {"profile": {"name": "y"}, "name": "x"}
    assert wrapped(Params(both, both, True), "profile") == {"name": "y"}
    assert wrapped(Params({"account_id": 1}, {}, True), "agent") == {}


def test_permit_drops_non_scalars():
    assert permit({"a": {"x": 1}, "b": [1], "c": 1, "d": None}, "a", "b", "c", "d", "e") == {
        "c": 1,
        "d": None,
    }


def test_casts_like_active_model():
    assert [to_bool(v) for v in ("true", "0", "false", "", None, 1, "yes")] == [
        True,
        False,
        False,
        None,
        None,
        True,
        True,
    ]
    assert [to_int(v) for v in ("12", "12abc", "abc", 3.9, True, None)] == [12, 12, None, 3, 1, None]
    assert [to_string(v) for v in (1, True, None, "x")] == ["1", "true", None, "x"]
