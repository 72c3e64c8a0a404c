"""The Sales Overview dashboard: its spreadsheet's data sources and who sees what.

The dashboard is a spreadsheet whose pivots, lists and charts the web client
loads as the logged-in user. These tests read the JSON file, check every data
source against the models, then load each source as the browser would (its
domain, and the global filters applied through its field matching) as each
role, on records of their own.
"""

import json
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.osv import expression
from odoo.tests import tagged
from odoo.tools import file_open
from odoo.tools.safe_eval import safe_eval

from odoo.addons.sales_mgmt_system.tests.common import SalesMgmtCase

DASHBOARD_FILE = "sales_mgmt_system_reports/data/files/sales_overview_dashboard.json"
NUMERIC = {"integer", "float", "monetary"}


def load_dashboard():
    with file_open(DASHBOARD_FILE) as file:
        return json.load(file)


def data_sources(spreadsheet):
    """``(kind, name, model, domain, field_matching)`` of every pivot, list and chart."""
    for pivot in spreadsheet["pivots"].values():
        yield "pivot", pivot["name"], pivot["model"], pivot["domain"], pivot["fieldMatching"]
    for list_ in spreadsheet["lists"].values():
        yield "list", list_["name"], list_["model"], list_["domain"], list_["fieldMatching"]
    for sheet in spreadsheet["sheets"]:
        for figure in sheet["figures"]:
            chart = figure["data"]
            if chart.get("type", "").startswith("odoo_"):
                yield (
                    "chart",
                    chart["title"]["text"],
                    chart["metaData"]["resModel"],
                    chart["searchParams"]["domain"],
                    chart["fieldMatching"],
                )


def evaluate_domain(domain, today):
    """A data source's domain as a list, as the web client evaluates it."""
    if isinstance(domain, str):
        return safe_eval(domain, {"context_today": lambda: today, "relativedelta": relativedelta})
    return domain


def filter_domain(spreadsheet, field_matching, values):
    """The domain the global filters add to a data source (``values``: filter label → value)."""
    domain = []
    for global_filter in spreadsheet["globalFilters"]:
        value = values.get(global_filter["label"])
        matching = field_matching.get(global_filter["id"])
        if not value or not matching:
            continue
        chain = matching["chain"]
        if global_filter["type"] == "date":
            start, end = value
            if matching["type"] == "datetime":
                start, end = datetime.combine(start, time.min), datetime.combine(end, time.max)
            domain.append([(chain, ">=", start), (chain, "<=", end)])
        else:
            domain.append([(chain, "in", value)])
    return expression.AND(domain) if domain else []


def field_at(env, model, path):
    """The field at the end of a dotted ``path`` from ``model`` (fails when one is missing)."""
    field = None
    for name in path.split("."):
        field = env[model]._fields[name]
        model = field.comodel_name
    return field


@tagged("post_install", "-at_install")
class TestDashboardDefinition(SalesMgmtCase):
    def test_json_is_a_spreadsheet_with_the_three_global_filters(self):
        spreadsheet = load_dashboard()
        self.assertEqual(
            [(f["label"], f["type"]) for f in spreadsheet["globalFilters"]],
            [("Period", "date"), ("Sales Team", "relation"), ("Salesperson", "relation")],
        )
        period = spreadsheet["globalFilters"][0]
        self.assertEqual(period["defaultValue"], "this_month")
        models = {f["label"]: f.get("modelName") for f in spreadsheet["globalFilters"]}
        self.assertEqual(models["Sales Team"], "crm.team")
        self.assertEqual(models["Salesperson"], "res.users")
        self.assertEqual({sheet["name"] for sheet in spreadsheet["sheets"]}, {"Dashboard", "Data"})

    def test_every_data_source_uses_existing_stored_fields(self):
        spreadsheet = load_dashboard()
        filter_ids = {f["id"] for f in spreadsheet["globalFilters"]}
        today = date(2026, 11, 30)
        for _kind, name, model, domain, field_matching in data_sources(spreadsheet):
            with self.subTest(source=name):
                self.assertIn(model, self.env)
                for leaf in evaluate_domain(domain, today):
                    if isinstance(leaf, (list, tuple)):
                        field = field_at(self.env, model, leaf[0])
                        self.assertTrue(field.store or field.search, f"{leaf[0]} not searchable")
                self.assertLessEqual(set(field_matching), filter_ids)
                for matching in field_matching.values():
                    if matching:
                        field = field_at(self.env, model, matching["chain"])
                        self.assertEqual(field.type, matching["type"], matching["chain"])
                        self.assertTrue(field.store, matching["chain"])
        for pivot in spreadsheet["pivots"].values():
            fields_ = self.env[pivot["model"]]._fields
            for measure in pivot["measures"]:
                if measure["fieldName"] != "__count":
                    field = fields_[measure["fieldName"]]
                    self.assertTrue(field.store and field.type in NUMERIC, measure)
            for groupby in pivot["rows"] + pivot["columns"]:
                self.assertTrue(fields_[groupby["fieldName"]].store, groupby)
        for list_ in spreadsheet["lists"].values():
            for column in list_["columns"] + [order["name"] for order in list_["orderBy"]]:
                self.assertIn(column, self.env[list_["model"]]._fields)
            for order in list_["orderBy"]:
                self.assertTrue(self.env[list_["model"]]._fields[order["name"]].store, order)

    def test_month_and_quarter_domains_cut_at_the_calendar_edges(self):
        pivots = load_dashboard()["pivots"]

        def bounds(pivot_id, today):
            domain = evaluate_domain(pivots[pivot_id]["domain"], today)
            return {
                (leaf[0], leaf[1]): leaf[2]
                for leaf in domain
                if isinstance(leaf, tuple) and leaf[0].startswith("date_")
            }

        self.assertEqual(
            bounds("1", date(2026, 12, 31)),
            {("date_start", ">="): "2026-12-01", ("date_end", "<"): "2027-01-01"},
        )
        for today, start, next_start in (
            (date(2026, 1, 1), "2026-01-01", "2026-04-01"),
            (date(2026, 5, 20), "2026-04-01", "2026-07-01"),
            (date(2026, 12, 31), "2026-10-01", "2027-01-01"),
        ):
            with self.subTest(today=today):
                self.assertEqual(
                    bounds("2", today),
                    {("date_start", ">="): start, ("date_end", "<"): next_start},
                )
        self.assertEqual(
            bounds("4", date(2026, 11, 30)),
            {("date_start", "="): "2026-10-01", ("date_end", "="): "2026-12-31"},
        )

    def test_target_lines_are_never_summed_across_levels(self):
        """Every target-line pivot splits team and individual targets into rows."""
        spreadsheet = load_dashboard()
        line_pivots = [
            p for p in spreadsheet["pivots"].values() if p["model"] == "sales.target.line"
        ]
        self.assertTrue(line_pivots)
        for pivot in line_pivots:
            self.assertEqual(pivot["rows"], [{"fieldName": "owner_level"}], pivot["name"])
            self.assertIn("'measure', '=', 'revenue'", pivot["domain"], pivot["name"])
        cells = next(s for s in spreadsheet["sheets"] if s["name"] == "Dashboard")["cells"]
        for cell in cells.values():
            content = cell["content"]
            for pivot in line_pivots:
                if f"PIVOT.VALUE({pivot['id']}," in content:
                    self.assertIn('"owner_level"', content)

    def test_dashboard_is_for_salespeople_and_not_for_other_users(self):
        dashboard = self.env.ref("sales_mgmt_system_reports.dashboard_sales_overview")
        Dashboard = self.env["spreadsheet.dashboard"]
        for user in (self.member, self.leader, self.all_docs, self.manager):
            with self.subTest(user=user.login):
                self.assertIn(dashboard, Dashboard.with_user(user).search([]))
                data = dashboard.with_user(user).get_readonly_dashboard()
                self.assertIn("pivots", data["snapshot"])
        self.assertNotIn(dashboard, Dashboard.with_user(self.internal).search([]))
        menu = self.env.ref("sales_mgmt_system_reports.menu_overview_dashboard")
        self.assertIn(
            menu, self.menus_shown_under(self.member, "sales_mgmt_system_reports.menu_reporting")
        )
        self.assertNotIn(menu, self.menus_shown_under(self.internal, "sales_mgmt_system.menu_root"))
        action = menu.action
        self.assertEqual(action.tag, "action_spreadsheet_dashboard")
        self.assertEqual(action.params, {"dashboard_id": dashboard.id})


@tagged("post_install", "-at_install")
class TestDashboardDataPerRole(SalesMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spreadsheet = load_dashboard()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.product = None
        cls._make_targets()
        cls._make_opportunities()
        cls._make_feedback()
        cls._make_tickets()
        cls.env.flush_all()
        # What the readers choose: the test teams (demo data stays out) and a
        # period of the last thirty days.
        cls.filters = {
            "Period": (cls.today - timedelta(days=30), cls.today),
            "Sales Team": (cls.team_led | cls.team_other).ids,
        }

    @classmethod
    def _make_targets(cls):
        month_start = cls.today.replace(day=1)
        month_end = month_start + relativedelta(months=1, days=-1)
        Target = cls.env["sales.target"]

        def target(owner, value, parent=None):
            vals = {
                "name": f"Dashboard Target {owner.name}",
                "measure": "revenue",
                "date_start": month_start,
                "date_end": month_end,
                "granularity": "month",
                "target_input": "target",
                "target_value": value,
                "parent_id": parent and parent.id,
            }
            vals["team_id" if owner._name == "crm.team" else "user_id"] = owner.id
            return Target.create(vals)

        # Team targets allocated to their members: the members' lines carry
        # the team (owner_team_id) that the Sales Team filter matches.
        team_led = target(cls.team_led, 1000.0)
        team_other = target(cls.team_other, 500.0)
        cls.target_member = target(cls.member, 1000.0, team_led)
        cls.target_outsider = target(cls.outsider, 500.0, team_other)
        (team_led | team_other).action_confirm()
        (team_led | team_other).with_context(sales_target_internal=True).write(
            {"pace_status": "on_track"}
        )
        (cls.target_member | cls.target_outsider).with_context(sales_target_internal=True).write(
            {"pace_status": "off_track"}
        )

    @classmethod
    def _make_opportunities(cls):
        Lead = cls.env["crm.lead"]

        def opportunity(user, team, revenue):
            return Lead.create(
                {
                    "name": f"Dashboard Deal {user.name} {revenue}",
                    "type": "opportunity",
                    "partner_id": cls.customer.id,
                    "user_id": user.id,
                    "team_id": team.id,
                    "expected_revenue": revenue,
                }
            )

        cls.open_member = opportunity(cls.member, cls.team_led, 700.0)
        cls.open_outsider = opportunity(cls.outsider, cls.team_other, 900.0)
        won = opportunity(cls.member, cls.team_led, 400.0) | opportunity(
            cls.outsider, cls.team_other, 800.0
        )
        won.action_set_won()
        lost = opportunity(cls.member, cls.team_led, 100.0)
        lost.action_set_lost()

    @classmethod
    def _make_feedback(cls):
        Feedback = cls.env["sales.feedback"]
        for user, team, scores in (
            (cls.member, cls.team_led, ("10", "9", "3", "8")),
            (cls.outsider, cls.team_other, ("0", "1")),
        ):
            for score in scores:
                Feedback.create(
                    {
                        "partner_id": cls.customer.id,
                        "user_id": user.id,
                        "team_id": team.id,
                        "nps": score,
                        "date": cls.today,
                    }
                )

    @classmethod
    def _make_tickets(cls):
        category = cls.env["sales.ticket.category"].create({"name": "Dashboard Category"})
        cls.env["sales.ticket.sla"].create(
            {
                "name": "Dashboard Urgent SLA",
                "category_id": category.id,
                "priority": "3",
                "response_hours": 1.0,
                "resolution_hours": 2.0,
                "calendar_id": cls.env.company.resource_calendar_id.id,
            }
        )
        received = fields.Datetime.now() - timedelta(days=10)
        Ticket = cls.env["sales.ticket"]
        cls.tickets = Ticket.browse()
        for user, team in ((cls.member, cls.team_led), (cls.outsider, cls.team_other)):
            cls.tickets |= Ticket.create(
                {
                    "name": f"Dashboard Ticket {user.name}",
                    "partner_id": cls.customer.id,
                    "user_id": user.id,
                    "team_id": team.id,
                    "priority": "3",
                    "category_id": category.id,
                    "date_received": received,
                }
            )

    # ------------------------------------------------------------------

    def source(self, name):
        return next(s for s in data_sources(self.spreadsheet) if s[1] == name)

    def load(self, user, name, extra_filters=None):
        """The records a data source loads for ``user``, with the test filters."""
        _kind, _name, model, domain, matching = self.source(name)
        values = dict(self.filters, **(extra_filters or {}))
        full = expression.AND(
            [evaluate_domain(domain, self.today), filter_domain(self.spreadsheet, matching, values)]
        )
        return self.env[model].with_user(user).search(full)

    def read_pivot(self, user, pivot_id, extra_filters=None):
        """The pivot's cells as the web client reads them: ``{row value: {measure: value}}``."""
        pivot = self.spreadsheet["pivots"][pivot_id]
        values = dict(self.filters, **(extra_filters or {}))
        domain = expression.AND(
            [
                evaluate_domain(pivot["domain"], self.today),
                filter_domain(self.spreadsheet, pivot["fieldMatching"], values),
            ]
        )
        groupby = [row["fieldName"] for row in pivot["rows"]]
        aggregates = [
            "__count" if m["fieldName"] == "__count" else f"{m['fieldName']}:sum"
            for m in pivot["measures"]
        ]
        result = {}
        for group in (
            self.env[pivot["model"]].with_user(user)._read_group(domain, groupby, aggregates)
        ):
            key = group[0] if groupby else None
            if hasattr(key, "id"):
                key = key.id
            result[key] = dict(
                zip((m["fieldName"] for m in pivot["measures"]), group[len(groupby) :], strict=True)
            )
        return result

    def owners(self, records):
        return set(records.sudo().mapped("user_id").ids)

    def test_each_role_sees_its_own_opportunities(self):
        expected = {
            self.member: {self.member.id},
            self.leader: {self.member.id},
            self.outsider: {self.outsider.id},
            self.manager: {self.member.id, self.outsider.id},
        }
        for name in (
            "Open Pipeline by Stage",
            "Won Opportunities by Salesperson",
            "Expected Revenue by Stage",
        ):
            for user, owners in expected.items():
                with self.subTest(source=name, user=user.login):
                    self.assertEqual(self.owners(self.load(user, name)), owners)
        lost = {user: self.owners(self.load(user, "Lost Opportunities")) for user in expected}
        self.assertEqual(lost[self.member], {self.member.id})
        self.assertEqual(lost[self.leader], {self.member.id})
        self.assertFalse(lost[self.outsider])
        self.assertEqual(lost[self.manager], {self.member.id})

    def test_win_rate_and_top_performers_as_the_leader_and_the_manager(self):
        won = self.read_pivot(self.manager, "6")
        self.assertEqual(won[self.member.id], {"expected_revenue": 400.0, "__count": 1})
        self.assertEqual(won[self.outsider.id], {"expected_revenue": 800.0, "__count": 1})
        # The lost opportunity is archived: the pivot's domain still finds it.
        self.assertEqual(self.read_pivot(self.manager, "7")[None]["__count"], 1)
        leader_won = self.read_pivot(self.leader, "6")
        self.assertEqual(list(leader_won), [self.member.id])
        # Win rate the leader reads: 1 won / (1 won + 1 lost).
        lost = self.read_pivot(self.leader, "7")[None]["__count"]
        self.assertEqual(leader_won[self.member.id]["__count"] / (1 + lost), 0.5)
        outsider_won = self.read_pivot(self.outsider, "6")
        self.assertEqual(list(outsider_won), [self.outsider.id])

    def test_target_attainment_per_level_and_role(self):
        def cells(user, **extra):
            return {
                level: (values["target_value"], values["actual_value"])
                for level, values in self.read_pivot(user, "1", extra).items()
            }

        manager = cells(self.manager)
        # Team and individual targets come in separate rows, never added up.
        self.assertEqual(manager, {"team": (1500.0, 0.0), "individual": (1500.0, 0.0)})
        self.assertEqual(cells(self.member), {"team": (1000.0, 0.0), "individual": (1000.0, 0.0)})
        self.assertEqual(cells(self.leader), {"team": (1000.0, 0.0), "individual": (1000.0, 0.0)})
        self.assertEqual(cells(self.outsider), {"team": (500.0, 0.0), "individual": (500.0, 0.0)})
        # The salesperson filter keeps the person's own targets only.
        self.assertEqual(
            cells(self.manager, Salesperson=self.outsider.ids), {"individual": (500.0, 0.0)}
        )
        # This month's lines are also this quarter's.
        self.assertEqual(self.read_pivot(self.manager, "2")["team"]["target_value"], 1500.0)

    def test_targets_off_track_per_role(self):
        expected = {
            self.member: self.target_member,
            self.leader: self.target_member,
            self.outsider: self.target_outsider,
            self.manager: self.target_member | self.target_outsider,
        }
        for user, targets in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(set(self.load(user, "Targets Off Track").ids), set(targets.ids))
        self.assertEqual(self.read_pivot(self.manager, "10")[None]["__count"], 2)

    def test_nps_counts_per_role(self):
        member = self.read_pivot(self.member, "8")
        self.assertEqual(
            {score: v["__count"] for score, v in member.items()}, {"10": 1, "9": 1, "8": 1, "3": 1}
        )
        manager = self.read_pivot(self.manager, "8")
        promoters = sum(manager.get(s, {"__count": 0})["__count"] for s in ("9", "10"))
        detractors = sum(manager.get(str(s), {"__count": 0})["__count"] for s in range(7))
        answers = sum(v["__count"] for v in manager.values())
        self.assertEqual(round((promoters - detractors) / answers * 100), -17)
        self.assertNotIn("0", self.read_pivot(self.leader, "8"))

    def test_sla_breaches_per_role(self):
        member_ticket = self.tickets.filtered(lambda t: t.user_id == self.member)
        self.assertEqual(self.tickets.mapped("sla_status"), ["breached", "breached"])
        expected = {
            self.member: member_ticket,
            self.leader: member_ticket,
            self.outsider: self.tickets - member_ticket,
            self.manager: self.tickets,
        }
        for user, tickets in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(
                    set(self.load(user, "Tickets with a Breached SLA").ids), set(tickets.ids)
                )
