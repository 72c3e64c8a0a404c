#!/usr/bin/env python3
"""OCA's helpdesk_mgmt_sla 18.0 timed on the same tickets as our SLA steps.

    python3 tools/bench/oca_helpdesk.py -c oca.conf -d DATABASE --scale 0.1
        [--tickets N] [--open-tickets N] [--json RESULTS.json] [--runs 3]

``DATABASE`` has OCA's ``helpdesk_mgmt_sla`` installed (without demo data),
from a folder outside this project (``tools/dev.py bench`` pip-installs it in
its temporary folder; it is never a dependency of the addons). The script
sets up what a fair comparison needs, in the database's transaction:

* a helpdesk team using SLAs on the company's standard working-time calendar
  (``resource.resource_calendar_std``, the calendar of our ticket SLA
  policies), and per priority two OCA SLAs with our policy's rule: a response
  SLA (reach "In Progress") and a resolution SLA (reach "Done") within our
  policy's working hours, read from ``sales_ticket_data.xml``;
* customers and salespeople, and the generator's tickets at that scale (same
  count, priorities and ages), those older than a month done, the others open
  with their SLA deadlines planned from their age, as the generator does for
  ours.

Then it times, three runs each with :func:`operations.measure` (rolled back
after each run), OCA's creation of N tickets with their SLA deadlines (one
batch ``create(vals_list)`` per 1,000, as our step does) and OCA's SLA check
over all open tickets (18.0 has no scheduled action: ``sla_expired`` and
``sla_deadline`` are computed from each ticket's SLA lines when read, and the
"SLA expired" filter searches them), and prints the Markdown table.

The pure helpers (policies, ticket ages, the comparison table) need neither
Odoo nor OCA: ``tests/test_bench_oca.py`` runs them.
"""

import argparse
import json
import logging
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
POLICY_DATA = REPO / "sales_mgmt_system" / "data" / "sales_ticket_data.xml"
OCA_ADDONS = ("odoo-addon-helpdesk-mgmt-sla>=18.0,<18.1", "odoo-addon-helpdesk-mgmt>=18.0,<18.1")
OCA_MODULE = "helpdesk_mgmt_sla"
CREATE_PREFIX = "OCA helpdesk_mgmt_sla: create"
CHECK_NAME = "OCA helpdesk_mgmt_sla: SLA check, all open tickets"
OURS_CREATE_PREFIX = "create"
OURS_CHECK_NAME = "SLA escalation, all open tickets"
# The generator's tickets (generate.Generator.make_tickets): ticket n was
# received (n * 7919 mod one year) minutes ago; older than a month is solved.
YEAR_MINUTES = 365 * 24 * 60
MONTH_MINUTES = 30 * 24 * 60
BATCH = 1000


def policies(path=POLICY_DATA):
    """Our ticket SLA policies shipped with the addon: ``{priority: (response
    hours, resolution hours)}`` and the calendar's XML id, from the data file."""
    rules, calendars = {}, set()
    for record in ET.parse(path).getroot().iter("record"):
        if record.get("model") != "sales.ticket.sla":
            continue
        values = {}
        for node in record.iter("field"):
            values[node.get("name")] = node.get("eval") or node.get("ref") or node.text
        rules[values["priority"]] = (
            float(values["response_hours"]),
            float(values["resolution_hours"]),
        )
        calendars.add(values["calendar_id"])
    if len(calendars) != 1:
        raise ValueError(f"Our SLA policies use several calendars: {sorted(calendars)}")
    return rules, calendars.pop()


def ticket_ages(count, open_tickets=None):
    """Age in minutes of each of the generator's ``count`` tickets; with
    ``open_tickets`` (our database's own count, when known), exactly that many
    under a month old (the generator's young ages, repeated if need be)."""
    ages = [n * 7919 % YEAR_MINUTES for n in range(1, count + 1)]
    if open_tickets is None:
        return ages
    young = [age for age in ages if age < MONTH_MINUTES] or [0]
    old = [age for age in ages if age >= MONTH_MINUTES]
    return (young * (open_tickets // len(young) + 1))[:open_tickets] + old


def open_ticket_count(count):
    """How many of the generator's ``count`` tickets are open (under a month old)."""
    return sum(1 for age in ticket_ages(count) if age < MONTH_MINUTES)


def create_name(count):
    return f"{CREATE_PREFIX} {count:,} tickets with SLA deadlines"


def comparison(ours, oca):
    """Markdown table of ours vs OCA from two ``{name: {"rows", "median"}}``.

    Speed = rows per second; "ours / OCA" is how many times faster ours is
    per row. Pairs missing on either side are left out."""
    pairs = []
    for name, result in oca.items():
        if name.startswith(CREATE_PREFIX):
            mine = next(
                (
                    value
                    for key, value in ours.items()
                    if key.startswith(OURS_CREATE_PREFIX) and key.endswith("with SLA deadlines")
                ),
                None,
            )
            pairs.append(("create tickets with SLA deadlines", mine, result))
        elif name == CHECK_NAME:
            mine = ours.get(OURS_CHECK_NAME)
            pairs.append(("SLA check / escalation, all open tickets", mine, result))
    lines = [
        "| comparison | ours rows | ours s | ours rows/s | OCA rows | OCA s | OCA rows/s "
        "| ours / OCA |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, mine, theirs in pairs:
        if not mine or not theirs or not mine["median"] or not theirs["median"]:
            continue
        ours_rate = mine["rows"] / mine["median"]
        oca_rate = theirs["rows"] / theirs["median"]
        ratio = ours_rate / oca_rate
        lines.append(
            f"| {label} | {mine['rows']:,} | {mine['median']:.2f} | {ours_rate:,.0f} "
            f"| {theirs['rows']:,} | {theirs['median']:.2f} | {oca_rate:,.0f} "
            f"| {ratio:.{1 if ratio >= 1 else 2}f} |"
        )
    return "\n".join(lines) if len(lines) > 2 else ""


def results_json(todo):
    """``{name: {"rows", "median", "runs"}}`` of measured operations."""
    return {
        op.name: {key: op.result[key] for key in ("rows", "median", "runs")}
        for op in todo
        if op.result
    }


# ----------------------------------------------------------------------
# In the OCA database (needs Odoo and helpdesk_mgmt_sla)
# ----------------------------------------------------------------------


class Setup:
    """Team, SLAs, customers, salespeople and the generator's tickets."""

    def __init__(self, env, scale, open_tickets=None):
        import generate

        self.env = env
        self.sizes = generate.Sizes.at(scale)
        self.open_tickets = open_tickets
        self.stages = {
            xml_id: env.ref(f"helpdesk_mgmt.helpdesk_ticket_stage_{xml_id}")
            for xml_id in ("new", "in_progress", "done")
        }

    def run(self):
        env = self.env
        quiet = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
        rules, calendar_ref = policies()
        calendar = env.ref(calendar_ref)
        users = quiet["res.users"].create(
            [
                {"name": f"OCA bench sales {n}", "login": f"oca.bench.sales.{n}"}
                for n in range(self.sizes.salespeople)
            ]
        )
        self.partners = quiet["res.partner"].create(
            [
                {"name": f"OCA bench customer {n}", "email": f"c{n}@example.com"}
                for n in range(min(500, self.sizes.customers))
            ]
        )
        self.users = users
        self.team = quiet["helpdesk.ticket.team"].create(
            {
                "name": "OCA bench team",
                "use_sla": True,
                "resource_calendar_id": calendar.id,
                "user_ids": [(6, 0, users.ids)],
            }
        )
        quiet["helpdesk.sla"].create(
            [
                {
                    "name": f"{kind} priority {priority}",
                    "team_ids": [(6, 0, self.team.ids)],
                    "stage_id": self.stages[stage].id,
                    "hours": round(hours),
                    "domain": repr([("priority", "=", priority)]),
                }
                for priority, (response, resolution) in sorted(rules.items())
                for kind, stage, hours in (
                    ("Response", "in_progress", response),
                    ("Resolution", "done", resolution),
                )
            ]
        )
        ages = ticket_ages(self.sizes.tickets, self.open_tickets)
        for batch in _split(list(enumerate(ages)), BATCH):
            tickets = quiet["helpdesk.ticket"].create(
                [
                    dict(
                        self.vals(n, f"OCA bench ticket {n}"),
                        stage_id=self.stages["new" if age < MONTH_MINUTES else "done"].id,
                    )
                    for n, age in batch
                ]
            )
            self.age(tickets, [age for _n, age in batch])
        env.flush_all()
        env.invalidate_all()

    def vals(self, n, name):
        return {
            "name": name,
            "description": f"<p>{name}</p>",
            "team_id": self.team.id,
            "partner_id": self.partners[n % len(self.partners)].id,
            "user_id": self.users[n % len(self.users)].id,
            "priority": str(n % 4),
        }

    def age(self, tickets, ages):
        """Received ``ages`` minutes ago: move the creation back, replan the
        deadlines of the SLAs in progress from it (OCA counts from creation)."""
        from odoo.tools import SQL

        env = self.env
        env.flush_all()
        env.cr.execute(
            SQL(
                """UPDATE helpdesk_ticket t
                      SET create_date = now() at time zone 'UTC' - a.age * interval '1 minute'
                     FROM unnest(%s::int[], %s::int[]) AS a(id, age)
                    WHERE t.id = a.id""",
                tickets.ids,
                ages,
            )
        )
        env.cr.execute(
            SQL(
                """UPDATE helpdesk_ticket_sla s SET last_state_date = t.create_date
                     FROM helpdesk_ticket t
                    WHERE s.ticket_id = t.id AND t.id = ANY(%s) AND s.state = 'in_progress'
                RETURNING s.id""",
                tickets.ids,
            )
        )
        lines = env["helpdesk.ticket.sla"].browse(row[0] for row in env.cr.fetchall())
        env.invalidate_all()
        env.add_to_compute(lines._fields["deadline"], lines)
        lines.flush_recordset()


def oca_operations(setup, count):
    from operations import Operation

    def create(env):
        Ticket = env["helpdesk.ticket"]
        for batch in _split(range(count), BATCH):
            Ticket.create([setup.vals(n, f"OCA bench new ticket {n}") for n in batch])
        return count

    def check(env):
        Ticket = env["helpdesk.ticket"]
        tickets = Ticket.search([("closed", "=", False)])
        tickets.read(["sla_expired", "sla_deadline"])
        Ticket.search_count([("closed", "=", False), ("sla_expired", "=", True)])
        return len(tickets)

    return [Operation(create_name(count), create), Operation(CHECK_NAME, check)]


def _split(items, size):
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--tickets", type=int, help="tickets created (default: as run.py)")
    parser.add_argument("--open-tickets", type=int, help="open tickets (default: as generated)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (median)")
    options = parser.parse_args()

    sys.path.insert(0, str(HERE))
    import generate
    import operations

    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", options.config, "-d", options.database])
    logging.getLogger("odoo").setLevel(logging.WARNING)
    registry = odoo.modules.registry.Registry(options.database)
    count = options.tickets or min(
        5000, max(10, round(generate.Sizes.at(options.scale).tickets / 4))
    )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if not env["ir.module.module"].search_count(
            [("name", "=", OCA_MODULE), ("state", "=", "installed")]
        ):
            sys.exit(f"{options.database} does not have OCA's {OCA_MODULE} installed.")
        start = time.perf_counter()
        setup = Setup(env, options.scale, options.open_tickets)
        setup.run()
        print(f"OCA setup: {time.perf_counter() - start:.0f} s", flush=True)
        todo = oca_operations(setup, count)
        for operation in todo:
            operations.measure(env, operation, runs=options.runs)
            print(f"done: {operation.name} {operation.result['median']:.2f} s", flush=True)
        cr.rollback()  # the setup is the benchmark's own: nothing stays
        title = f"OCA's {OCA_MODULE} 18.0, scale {options.scale:g}, same tickets and SLA rule"
        print(operations.table(todo, title))
    if options.json:
        Path(options.json).write_text(json.dumps(results_json(todo)))


if __name__ == "__main__":
    main()
