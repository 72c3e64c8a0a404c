"""The benchmark's growth table (tools/bench/growth.py), without Odoo."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools" / "bench"))

from growth import growth_table


def result(rows, median):
    return {"rows": rows, "median": median, "runs": [median] * 3}


def test_linear_and_worse_growth_are_told_apart():
    small = {
        "risk detection": result(1_000, 1.0),
        "create 500 tickets with SLA deadlines": result(500, 2.0),
        "funnel analysis": result(100, 0.5),
    }
    large = {
        "risk detection": result(10_000, 9.0),
        "create 5,000 tickets with SLA deadlines": result(5_000, 25.0),
        "funnel analysis": result(1_000, 5.0),
    }
    table = growth_table([("0.1", small), ("1.0", large)]).splitlines()
    assert table[0] == "Growth from scale 0.1 to scale 1.0"
    rows = {line.split(" | ")[0].lstrip("| "): line for line in table[3:]}
    assert rows["risk detection"].endswith("| 10.0 | 9.0 | yes |")
    # The two ticket counts are one operation; 12.5x the time for 10x the rows.
    assert rows["create tickets with SLA deadlines"].endswith("| 10.0 | 12.5 | no |")
    assert "| 500 | 2.00 | 5,000 | 25.00 |" in rows["create tickets with SLA deadlines"]
    assert rows["funnel analysis"].endswith("| 10.0 | 10.0 | yes |")


def test_one_scale_or_nothing_in_common_gives_no_table():
    only = {"risk detection": result(1_000, 1.0)}
    assert growth_table([("0.1", only)]) == ""
    assert growth_table([("0.1", only), ("1.0", {"other": result(5, 1.0)})]) == ""
