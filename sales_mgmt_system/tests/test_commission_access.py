from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .commission_common import FEBRUARY, JANUARY, Q1, CommissionCase
from .common import load_chinese


@tagged("post_install", "-at_install")
class TestCommissionAccess(CommissionCase):
    """Who reads, writes and creates commission plans and statements."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.make_plan(
            user_ids=[Command.set((cls.member | cls.leader | cls.outsider).ids)]
        )
        for user in (cls.member, cls.leader, cls.outsider):
            cls.make_invoice(user, 1000.0, date(2025, 1, 5))
        statements = cls.plan.generate_statements(*JANUARY)
        cls.of_member = statements.filtered(lambda s: s.user_id == cls.member)
        cls.of_leader = statements.filtered(lambda s: s.user_id == cls.leader)
        cls.of_outsider = statements.filtered(lambda s: s.user_id == cls.outsider)
        cls.statements = statements

    def test_salesperson_sees_only_own_statements(self):
        self.assertCanRead(self.member, self.of_member)
        self.assertCanRead(self.member, self.of_member.line_ids)
        self.assertCannotRead(self.member, self.of_leader | self.of_outsider)
        self.assertCannotRead(self.member, (self.of_leader | self.of_outsider).line_ids)

    def test_team_leader_sees_team_members_statements(self):
        self.assertCanRead(self.leader, self.of_leader | self.of_member)
        self.assertCanRead(self.leader, (self.of_leader | self.of_member).line_ids)
        self.assertCannotRead(self.leader, self.of_outsider)
        self.assertCannotRead(self.leader, self.of_outsider.line_ids)

    def test_all_documents_users_do_not_see_other_peoples_statements(self):
        self.assertCannotRead(self.all_docs, self.statements)
        self.assertCannotRead(self.all_docs, self.statements.line_ids)

    def test_manager_sees_all_statements(self):
        self.assertCanRead(self.manager, self.statements)
        self.assertCanRead(self.manager, self.statements.line_ids)

    def test_users_without_sales_rights_see_nothing(self):
        self.assertCannotRead(self.internal, self.statements)
        self.assertCannotRead(self.internal, self.plan)

    def test_salespeople_cannot_write_create_or_change_states(self):
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                own = self.of_member if user == self.member else self.of_leader
                own = own if user != self.all_docs else self.of_member
                Statement = self.env["sales.commission.statement"].with_user(user)
                with self.assertRaises(AccessError):
                    own.with_user(user).write({"note": "changed"})
                with self.assertRaises(AccessError):
                    own.with_user(user).line_ids.write({"amount": 1.0})
                with self.assertRaises(AccessError):
                    Statement.create(
                        {
                            "user_id": user.id,
                            "plan_id": self.plan.id,
                            "date_start": FEBRUARY[0],
                            "date_end": FEBRUARY[1],
                        }
                    )
                with self.assertRaises(AccessError):
                    own.with_user(user).action_confirm()
                with self.assertRaises(AccessError):
                    self.plan.with_user(user).generate_statements(*FEBRUARY)

    def test_salespeople_may_discuss_their_own_statement(self):
        self.of_member.with_user(self.member).message_post(body="Is the February deal in?")
        self.assertIn("February deal", self.of_member.message_ids[:1].body)

    def test_manager_generates_confirms_and_pays(self):
        statement = self.of_member.with_user(self.manager)
        statement.action_confirm()
        statement.action_mark_paid()
        self.assertEqual(statement.state, "paid")
        self.make_invoice(self.member, 500.0, date(2025, 2, 5))
        february = self.plan.with_user(self.manager).generate_statements(*FEBRUARY)
        self.assertEqual(february.user_id, self.member)
        # Even a manager changes states through the buttons only, not by writing them.
        for vals in ({"state": "paid"}, {"attainment": 150.0}, {"confirmed_date": False}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "buttons"):
                february.write(vals)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            statement.unlink()

    def test_plans_are_read_by_salespeople_and_configured_by_managers(self):
        self.plan.write(
            {
                "bonus_ids": [Command.create({"measure": "deals", "threshold": 2, "amount": 9})],
                "per_deal_amount": 5.0,
            }
        )
        self.assertCanRead(self.member, self.plan)
        self.assertCanRead(self.member, self.plan.bonus_ids)
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.plan.with_user(user).write({"flat_rate": 9.0})
                with self.assertRaises(AccessError):
                    self.env["sales.commission.plan"].with_user(user).create(
                        {"name": "Mine", "flat_rate": 50.0}
                    )
        plan = (
            self.env["sales.commission.plan"]
            .with_user(self.manager)
            .create({"name": "Manager's plan", "flat_rate": 3.0})
        )
        plan.write({"flat_rate": 4.0})
        self.assertEqual(plan.flat_rate, 4.0)

    def test_plans_and_statements_stay_in_their_company(self):
        other_plan = self.env["sales.commission.plan"].create(
            {
                "name": "Other company plan",
                "company_id": self.other_company.id,
                "rate_mode": "marginal",
                "tier_ids": [Command.create({"lower_bound": 0.0, "rate": 9.0})],
                "bonus_ids": [
                    Command.create({"measure": "revenue", "threshold": 1.0, "amount": 99.0})
                ],
                "user_ids": [Command.set(self.other_company_user.ids)],
            }
        )
        other_statement = self.env["sales.commission.statement"].create(
            {
                "user_id": self.other_company_user.id,
                "plan_id": other_plan.id,
                "company_id": self.other_company.id,
                "date_start": JANUARY[0],
                "date_end": JANUARY[1],
            }
        )
        self.assertCannotRead(self.manager, other_plan)
        self.assertCannotRead(self.manager, other_statement)
        for user in (self.member, self.manager):
            # Another company's rates are not readable, even through their own models.
            self.assertCannotRead(user, other_plan.tier_ids)
            self.assertCannotRead(user, other_plan.bonus_ids)
        self.assertCanRead(self.other_company_user, other_plan.tier_ids)
        self.assertCanRead(self.other_company_user, other_plan.bonus_ids)
        self.assertCanRead(self.other_company_user, other_statement)
        self.assertCannotRead(self.other_company_user, self.statements)
        self.assertCannotRead(self.other_company_user, self.plan)

    def test_generating_is_for_managers_only(self):
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["sales.commission.generate"].with_user(user).create(
                    {"plan_ids": [Command.set(self.plan.ids)]}
                )
        self.make_invoice(self.member, 500.0, date(2025, 2, 5))
        wizard = Form(self.env["sales.commission.generate"].with_user(self.manager))
        wizard.plan_ids.clear()
        wizard.plan_ids.add(self.plan)
        wizard.date_start = FEBRUARY[0]
        wizard.date_end = FEBRUARY[1]
        action = wizard.save().action_generate()
        february = self.env["sales.commission.statement"].search(action["domain"])
        self.assertEqual(february.user_id, self.member)
        self.assertEqual(february.date_start, FEBRUARY[0])

    @freeze_time("2025-03-15")
    def test_wizard_proposes_last_month(self):
        wizard = Form(self.env["sales.commission.generate"].with_user(self.manager))
        self.assertEqual((wizard.date_start, wizard.date_end), FEBRUARY)

    def test_menus_per_role(self):
        statements_menu = self.env.ref("sales_mgmt_system.menu_commission_statements")
        generate_menu = self.env.ref("sales_mgmt_system.menu_commission_generate")
        plans_menu = self.env.ref("sales_mgmt_system.menu_commission_plans")
        incentives = self.env.ref("sales_mgmt_system.menu_incentives")
        self.assertEqual(incentives.sequence, 50)
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                menus = self.menus_shown_under(user, "sales_mgmt_system.menu_root")
                self.assertIn(statements_menu, menus)
                self.assertNotIn(generate_menu, menus)
                self.assertNotIn(plans_menu, menus)
        menus = self.menus_shown_under(self.manager, "sales_mgmt_system.menu_root")
        self.assertLessEqual(statements_menu | generate_menu | plans_menu, menus)


@tagged("post_install", "-at_install")
class TestCommissionBatch(CommissionCase):
    """The scheduled action and the cost of generating a batch."""

    @freeze_time("2025-02-03")
    def test_monthly_action_generates_last_months_drafts_by_plan_period(self):
        monthly = self.make_plan(name="Monthly")
        quarterly = self.make_plan(name="Quarterly", period="quarter", basis="order")
        self.make_order(self.member, 300.0, date(2025, 2, 2))
        yearly = self.make_plan(name="Yearly", period="year", active=False)
        self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        self.env["sales.commission.plan"]._cron_generate_statements()
        Statement = self.env["sales.commission.statement"]
        self.assertEqual(
            [(s.date_start, s.date_end) for s in Statement.search([("plan_id", "=", monthly.id)])],
            [JANUARY],
        )
        self.assertEqual(
            [
                (s.date_start, s.date_end)
                for s in Statement.search([("plan_id", "=", quarterly.id)])
            ],
            [Q1],
        )
        self.assertFalse(Statement.search([("plan_id", "=", yearly.id)]), "archived plan")
        self.env["sales.commission.plan"]._cron_generate_statements()
        self.assertEqual(Statement.search_count([("plan_id", "in", (monthly | quarterly).ids)]), 2)

    def test_query_count_does_not_grow_with_lines_or_users(self):
        few = self.member | self.leader
        many = few | self.outsider | self.all_docs | self.manager
        plan = self.make_plan(
            user_ids=[Command.set(many.ids)],
            per_deal_amount=20.0,
            bonus_ids=[
                Command.create({"measure": "revenue", "threshold": 100.0, "amount": 10.0}),
                Command.create({"measure": "deals", "threshold": 1, "amount": 10.0}),
            ],
        )
        for user in few:
            self.make_invoice(user, [100.0, 200.0], date(2025, 1, 5))
            self.win_deal(user, date(2025, 1, 6))
        for user in many:
            self.make_invoice(user, [100.0] * 6, date(2025, 2, 5))
            self.make_invoice(user, [50.0] * 4, date(2025, 2, 6))
            self.win_deal(user, date(2025, 2, 6))
            self.win_deal(user, date(2025, 2, 7))
        # Per user: the invoice lines, one line per won deal and the two bonuses.
        for period, users, lines in ((JANUARY, few, 5), (FEBRUARY, many, 14)):
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(34):
                statements = plan.generate_statements(*period)
            self.assertEqual(statements.user_id, users)
            self.assertEqual(len(statements.line_ids), len(users) * lines)
        # Refreshing the drafts costs the same whatever their size.
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(34):
            plan.generate_statements(*FEBRUARY)


@tagged("post_install", "-at_install")
class TestCommissionDemo(CommissionCase):
    def test_demo_plan_and_three_months_of_statements(self):
        self.env["sales.mgmt.demo"]._load_demo_data()
        plan = self.env.ref("sales_mgmt_system.demo_commission_plan_field_sales")
        statements = plan.statement_ids
        self.assertEqual(len(set(statements.mapped("date_start"))), 3)
        oldest = min(statements.mapped("date_start"))
        self.assertEqual(
            set(statements.filtered(lambda s: s.date_start == oldest).mapped("state")), {"paid"}
        )
        self.assertEqual(
            set(statements.filtered(lambda s: s.date_start != oldest).mapped("state")), {"draft"}
        )
        self.assertTrue(statements.line_ids.filtered(lambda line: line.line_type == "deal"))
        self.env["sales.mgmt.demo"]._load_demo_data()
        self.assertEqual(plan.statement_ids, statements, "a reload makes no second statement")


@tagged("post_install", "-at_install")
class TestCommissionChinese(CommissionCase):
    def test_incentive_menus_and_rate_modes_in_chinese(self):
        load_chinese(self.env)
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        self.assertEqual(env.ref("sales_mgmt_system.menu_incentives").name, "激励机制")
        self.assertEqual(env.ref("sales_mgmt_system.menu_commission_statements").name, "提成结算单")
        modes = dict(env["sales.commission.plan"]._fields["rate_mode"]._description_selection(env))
        self.assertEqual((modes["marginal"], modes["whole"]), ("超额累进", "全额累进"))
