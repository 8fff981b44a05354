"""Number parsing (extract.rules.numbers): Arabic, Chinese numerals, multipliers, fractions, vague ranges."""

from __future__ import annotations

import pytest

from extract.rules.numbers import parse_arabic, parse_chinese, parse_fraction, parse_number, parse_range

# fmt: off
NUMBERS = [
    ("320",        320.0),
    ("123.9",      123.9),
    ("1,250",      1250.0),         # thousands separator
    ("1,250.5",    1250.5),
    ("３２０",      320.0),          # full-width digits
    ("-33.9",      -33.9),          # 降幅为-33.9%
    ("3.2万",      32000.0),
    ("4.2万",      42000.0),
    ("1.5亿",      150000000.0),
    ("45.6个亿",   4560000000.0),   # colloquial 亿元
    ("5千万",      50000000.0),
    ("4.06万亿",   4060000000000.0),
    ("两",         2.0),
    ("十",         10.0),
    ("十二",       12.0),
    ("一百零五",    105.0),
    ("一千二百万",  12000000.0),
    ("一万二",     12000.0),
    ("百",         100.0),          # 百余次
    ("百万",       1000000.0),      # 百万吨乙烯
    ("千万",       10000000.0),     # 千万吨钢
    ("百亿",       10000000000.0),  # 百亿斤商品粮
    ("万亿",       1000000000000.0),  # 万亿元GDP
    ("二十三点五",  23.5),
    ("若干",       None),           # kept unparsed, never guessed
    ("",           None),
    ("1.2.3",      None),
    ("xx",         None),
    ("20xx",       None),
]
# fmt: on


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(("text", "value"), [("75", 75.0), ("0.5", 0.5), ("七", None), ("1,2", None), ("+", None)])
def test_parse_arabic(text, value):
    assert parse_arabic(text) == value


@pytest.mark.parametrize(("text", "value"), [("〇", 0.0), ("两千", 2000.0), ("九", 9.0), ("3", None), ("个", None)])
def test_parse_chinese(text, value):
    assert parse_chinese(text) == value


# fmt: off
FRACTIONS = [
    ("三分之一",  33.33),   # gold convention: a share is a percentage
    ("四分之三",  75.0),
    ("二分之一",  50.0),
    ("1/3",      33.33),
    ("2/5",      40.0),
    ("3/29",     None),    # a date written with a slash, not a share
    ("1/0",      None),
    ("三分",     None),
]
# fmt: on


@pytest.mark.parametrize(("text", "value"), FRACTIONS)
def test_parse_fraction(text, value):
    assert parse_fraction(text) == value


@pytest.mark.parametrize(
    ("text", "pair"), [("七八", (7.0, 8.0)), ("两三", (2.0, 3.0)), ("三五", None), ("七", None), ("八七", None)]
)
def test_parse_range(text, pair):
    assert parse_range(text) == pair
