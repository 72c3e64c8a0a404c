"""Who reads, writes, creates and deletes budgets, costs, plans and ideas (PRODUCT.md §0)."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .ops_common import H1, OpsCase


@tagged("post_install", "-at_install")
class TestOpsAccess(OpsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.budget_member = cls.make_budget(cls.member, [(cls.travel, 1000.0)])
        cls.budget_team_led = cls.make_budget(cls.team_led, [(cls.travel, 5000.0)])
        cls.budget_outsider = cls.make_budget(cls.outsider, [(cls.travel, 1000.0)])
        cls.budget_team_other = cls.make_budget(cls.team_other, [(cls.travel, 5000.0)])
        day = date(2025, 2, 1)
        cls.entry_member = cls.make_entry(cls.member, cls.travel, 10.0, day)
        cls.entry_leader = cls.make_entry(cls.leader, cls.travel, 20.0, day)
        cls.entry_outsider = cls.make_entry(cls.outsider, cls.travel, 30.0, day)
        cls.plan = cls.env["sales.marketing.plan"].create(
            {
                "name": "Access Plan",
                "date_start": H1[0],
                "date_end": H1[1],
                "activity_ids": [Command.create({"name": "Ads", "planned_cost": 10.0})],
            }
        )
        cls.idea_member = cls.env["sales.idea"].create(
            {"name": "Member idea", "user_id": cls.member.id}
        )
        cls.idea_outsider = cls.env["sales.idea"].create(
            {"name": "Outsider idea", "user_id": cls.outsider.id}
        )

    def budgets(self):
        return (
            self.budget_member
            | self.budget_team_led
            | self.budget_outsider
            | self.budget_team_other
        )

    def entries(self):
        return self.entry_member | self.entry_leader | self.entry_outsider

    def assertSees(self, user, model_records, expected):
        found = model_records.with_user(user).search([("id", "in", model_records.ids)])
        self.assertEqual(found.ids and sorted(found.ids), sorted(expected.ids), user.login)

    # ------------------------------------------------------------------
    # Budgets and their lines
    # ------------------------------------------------------------------

    def test_budget_visibility_per_role(self):
        visible = {
            self.member: self.budget_member | self.budget_team_led,
            self.leader: self.budget_member | self.budget_team_led,
            self.outsider: self.budget_outsider | self.budget_team_other,
            self.all_docs: self.env["sales.cost.budget"],
            self.manager: self.budgets(),
        }
        for user, expected in visible.items():
            with self.subTest(user=user.login):
                self.assertSees(user, self.budgets(), expected)
                self.assertSees(user, self.budgets().line_ids, expected.line_ids)
                if expected:
                    self.assertCanRead(user, expected)
                hidden = self.budgets() - expected
                if hidden:
                    self.assertCannotRead(user, hidden)
        for user in (self.internal, self.other_company_user):
            with self.subTest(user=user.login):
                self.assertCannotRead(user, self.budgets())
                self.assertCannotRead(user, self.budgets().line_ids)

    def test_only_managers_write_budgets(self):
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.budget_member.with_user(user).write({"name": "Mine now"})
                with self.assertRaises(AccessError):
                    self.budget_member.line_ids.with_user(user).write({"amount": 1e6})
                with self.assertRaises(AccessError):
                    self.env["sales.cost.budget"].with_user(user).create(
                        {
                            "name": "Own",
                            "user_id": user.id,
                            "date_start": H1[0],
                            "date_end": H1[1],
                        }
                    )
                with self.assertRaises(AccessError):
                    self.budget_member.with_user(user).unlink()
        budget = self.budget_member.with_user(self.manager)
        budget.write({"name": "Renamed"})
        budget.line_ids.write({"amount": 2000.0})
        self.make_budget(self.leader, [(self.samples, 10.0)]).with_user(self.manager).unlink()

    # ------------------------------------------------------------------
    # Cost entries
    # ------------------------------------------------------------------

    def test_entry_visibility_per_role(self):
        visible = {
            self.member: self.entry_member,
            self.leader: self.entry_member | self.entry_leader,
            self.outsider: self.entry_outsider,
            self.all_docs: self.env["sales.cost.entry"],
            self.manager: self.entries(),
        }
        for user, expected in visible.items():
            with self.subTest(user=user.login):
                self.assertSees(user, self.entries(), expected)
                hidden = self.entries() - expected
                if hidden:
                    self.assertCannotRead(user, hidden)
        for user in (self.internal, self.other_company_user):
            with self.subTest(user=user.login):
                self.assertCannotRead(user, self.entries())

    def test_salespeople_record_change_and_delete_their_own_costs_only(self):
        entry = self.entry_member.with_user(self.member)
        entry.write({"amount": 15.0})
        created = self.make_entry(
            self.member, self.samples, 5.0, date(2025, 3, 1), env=self.env(user=self.member)
        )
        created.unlink()
        with self.assertRaises(AccessError):
            self.make_entry(
                self.leader, self.samples, 5.0, date(2025, 3, 1), env=self.env(user=self.member)
            )
        # The team leader reads the member's costs but does not change them.
        with self.assertRaises(AccessError):
            self.entry_member.with_user(self.leader).write({"amount": 1.0})
        with self.assertRaises(AccessError):
            self.entry_member.with_user(self.leader).unlink()
        with self.assertRaises(AccessError):
            self.entry_member.with_user(self.all_docs).write({"amount": 1.0})
        with self.assertRaises(AccessError):
            self.env["sales.cost.entry"].with_user(self.internal).create(
                {
                    "category_id": self.travel.id,
                    "amount": 1.0,
                    "description": "Not a salesperson",
                }
            )
        self.entry_member.with_user(self.manager).write({"amount": 12.0})

    # ------------------------------------------------------------------
    # Categories, marketing plans, ideas
    # ------------------------------------------------------------------

    def test_categories_are_read_by_salespeople_and_set_by_managers(self):
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                self.assertCanRead(user, self.travel)
                with self.assertRaises(AccessError):
                    self.env["sales.cost.category"].with_user(user).create(
                        {"name": "Gifts", "code": "gifts"}
                    )
        self.env["sales.cost.category"].with_user(self.manager).create(
            {"name": "Gifts", "code": "gifts"}
        )

    def test_marketing_plans_are_read_by_salespeople_and_kept_by_managers(self):
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                self.assertCanRead(user, self.plan)
                self.assertCanRead(user, self.plan.activity_ids)
                with self.assertRaises(AccessError):
                    self.plan.with_user(user).write({"budget": 1.0})
                with self.assertRaises(AccessError):
                    self.plan.activity_ids.with_user(user).write({"actual_cost": 1.0})
                with self.assertRaises(AccessError):
                    self.env["sales.marketing.plan"].with_user(user).create(
                        {"name": "Mine", "date_start": H1[0], "date_end": H1[1]}
                    )
                with self.assertRaises(AccessError):
                    self.plan.with_user(user).unlink()
        for user in (self.internal, self.other_company_user):
            with self.subTest(user=user.login):
                self.assertCannotRead(user, self.plan)
        self.plan.with_user(self.manager).write({"budget": 500.0})

    def test_ideas_are_open_to_every_salesperson_and_changed_by_their_author(self):
        ideas = self.idea_member | self.idea_outsider
        for user in (self.member, self.leader, self.outsider, self.all_docs, self.manager):
            with self.subTest(user=user.login):
                self.assertCanRead(user, ideas)
        self.idea_member.with_user(self.member).write({"name": "Member idea, clearer"})
        with self.assertRaises(AccessError):
            self.idea_outsider.with_user(self.member).write({"name": "Hijacked"})
        with self.assertRaises(AccessError):
            self.env["sales.idea"].with_user(self.member).create(
                {"name": "In another's name", "user_id": self.leader.id}
            )
        with self.assertRaises(AccessError):
            self.idea_member.with_user(self.member).unlink()
        self.idea_outsider.with_user(self.manager).write({"name": "Edited by the manager"})
        for user in (self.internal, self.other_company_user):
            with self.subTest(user=user.login):
                self.assertCannotRead(user, ideas)

    def test_votes_are_read_by_all_salespeople(self):
        self.idea_member.with_user(self.outsider).action_vote()
        self.assertCanRead(self.member, self.idea_member.vote_ids)
        self.assertCanRead(self.leader, self.idea_member.vote_ids)
