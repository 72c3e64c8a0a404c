"""The pure parts of tools/bench/oca_helpdesk.py (OCA's helpdesk_mgmt_sla side
by side with our tickets), without Odoo or OCA: policies read from the addon's
data, the generator's ticket ages, the comparison table."""

import ast
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "tools" / "bench"
sys.path.insert(0, str(BENCH))

import oca_helpdesk  # noqa: E402


def test_module_imports_odoo_only_inside_functions():
    """Importing it (run.py and tools/dev.py do) must not need Odoo or OCA."""
    tree = ast.parse((BENCH / "oca_helpdesk.py").read_text())
    top = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            top.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            top.add(node.module.split(".")[0])
    assert not top & {"odoo", "generate", "operations"}


def test_policies_are_our_shipped_policies():
    rules, calendar = oca_helpdesk.policies()
    assert calendar == "resource.resource_calendar_std"
    assert rules == {"0": (16.0, 80.0), "1": (8.0, 40.0), "2": (4.0, 16.0), "3": (1.0, 8.0)}
    for response, resolution in rules.values():
        assert 0 < response <= resolution
        assert resolution == round(resolution)  # OCA's SLA hours are integers


def test_policies_refuse_several_calendars(tmp_path):
    data = tmp_path / "data.xml"
    data.write_text(
        """<odoo>
        <record id="a" model="sales.ticket.sla"><field name="priority">0</field>
          <field name="response_hours" eval="1"/><field name="resolution_hours" eval="2"/>
          <field name="calendar_id" ref="x.one"/></record>
        <record id="b" model="sales.ticket.sla"><field name="priority">1</field>
          <field name="response_hours" eval="1"/><field name="resolution_hours" eval="2"/>
          <field name="calendar_id" ref="x.two"/></record>
        </odoo>"""
    )
    with pytest.raises(ValueError, match="several calendars"):
        oca_helpdesk.policies(data)


def test_ticket_ages_follow_the_generator():
    ages = oca_helpdesk.ticket_ages(2000)
    assert len(ages) == 2000
    assert ages[:3] == [7919, 15838, 23757]
    assert all(0 <= age < oca_helpdesk.YEAR_MINUTES for age in ages)
    # the generator at scale 0.1 leaves 169 of its 2,000 tickets open
    assert oca_helpdesk.open_ticket_count(2000) == 169


@pytest.mark.parametrize("wanted", [0, 5, 169, 400])
def test_ticket_ages_with_our_open_count(wanted):
    ages = oca_helpdesk.ticket_ages(2000, open_tickets=wanted)
    young = [age for age in ages if age < oca_helpdesk.MONTH_MINUTES]
    assert len(young) == wanted
    assert len(ages) - len(young) == 2000 - oca_helpdesk.open_ticket_count(2000)


def test_comparison_table():
    ours = {
        "create 500 tickets with SLA deadlines": {"rows": 500, "median": 2.0},
        "SLA escalation, all open tickets": {"rows": 169, "median": 0.5},
        "risk detection": {"rows": 10, "median": 1.0},
    }
    oca = {
        oca_helpdesk.create_name(500): {"rows": 500, "median": 50.0},
        oca_helpdesk.CHECK_NAME: {"rows": 169, "median": 0.25},
    }
    lines = oca_helpdesk.comparison(ours, oca).splitlines()
    assert len(lines) == 4
    assert lines[2] == (
        "| create tickets with SLA deadlines | 500 | 2.00 | 250 | 500 | 50.00 | 10 | 25.0 |"
    )
    assert lines[3] == (
        "| SLA check / escalation, all open tickets | 169 | 0.50 | 338 | 169 | 0.25 | 676 | 0.50 |"
    )


def test_comparison_without_oca_rows_is_empty():
    ours = {"SLA escalation, all open tickets": {"rows": 169, "median": 0.5}}
    assert oca_helpdesk.comparison(ours, {}) == ""
    assert oca_helpdesk.comparison({}, {oca_helpdesk.CHECK_NAME: {"rows": 1, "median": 1}}) == ""
