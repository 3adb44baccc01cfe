"""Values a clerk types: numbers, percents, statuses — accepted forms and the messages for refusals."""
import pytest

from db.errors import ValidationError
from db.values import check_status, format_number, parse_number, parse_percent


@pytest.mark.parametrize("text, expected", [
    ("3500", 3500), ("3,500", 3500), ("３５００", 3500), ("３，５００", 3500), (" 29.5 ", 29.5), (3500, 3500),
    ("-2", -2),
])
def test_numbers_a_clerk_may_type(text, expected):
    assert parse_number(text) == expected


def test_empty_means_no_value():
    assert parse_number("") is None
    assert parse_number("   ") is None


@pytest.mark.parametrize("text, word", [("约3500", "约"), ("3500左右", "左右"), ("3500以上", "以上")])
def test_vague_numbers_are_refused_with_the_reason(text, word):
    with pytest.raises(ValidationError) as info:
        parse_number(text, field="当前值")
    assert f"含“{word}”" in str(info.value)
    assert "当前值" in str(info.value)


def test_words_are_not_numbers():
    with pytest.raises(ValidationError, match="不是数字"):
        parse_number("三千五")


@pytest.mark.parametrize("text, expected", [("85", 85), ("85%", 85), ("８５％", 85), ("0", 0), ("100", 100)])
def test_percents(text, expected):
    assert parse_percent(text) == expected


@pytest.mark.parametrize("text", ["八十", "120", "-1", "百分之八十"])
def test_bad_percents_say_the_range(text):
    with pytest.raises(ValidationError, match="不是0到100之间的数字"):
        parse_percent(text)


def test_status_must_be_one_of_the_four():
    assert check_status(" 推进中 ") == "推进中"
    with pytest.raises(ValidationError, match="未启动、推进中、已完成、滞后"):
        check_status("进行中")


def test_format_number_drops_trailing_zero():
    assert format_number(3500.0) == "3500"
    assert format_number(29.25) == "29.25"
    assert format_number(None) == ""
