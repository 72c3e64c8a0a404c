from datetime import date

import pytest

from sales_mgmt_system.core.dates import add_months, month_end, month_start


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 29), -18, date(2024, 11, 29)),
        (date(2026, 12, 1), 0, date(2026, 12, 1)),
    ],
)
def test_add_months_clamps_to_month_length(day, months, expected):
    assert add_months(day, months) == expected


def test_month_bounds():
    assert month_start(date(2026, 2, 17)) == date(2026, 2, 1)
    assert month_end(date(2026, 2, 17)) == date(2026, 2, 28)
    assert month_end(date(2028, 2, 1)) == date(2028, 2, 29)
    assert month_end(date(2026, 12, 5)) == date(2026, 12, 31)
