from datetime import date

from odoo.tests import tagged

from odoo.addons.sales_mgmt_system.tests.ops_common import OpsCase


@tagged("post_install", "-at_install")
class TestAnalysisCost(OpsCase):
    """Costs against budget with the scopes of budgets and cost entries:
    own and led teams', everything for the manager only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        day = date(2025, 3, 10)
        cls.make_budget(cls.member, [(cls.travel, 1000.0)])
        cls.make_budget(cls.outsider, [(cls.travel, 500.0)])
        cls.make_entry(cls.member, cls.travel, 300.0, day)
        cls.make_entry(cls.member, cls.samples, 50.0, day)  # no budget line
        cls.make_entry(cls.outsider, cls.travel, 600.0, day)
        cls.users = cls.member | cls.leader | cls.outsider
        cls.env.flush_all()

    def figures(self, user, groupby=()):
        return (
            self.env["sales.analysis.cost"]
            .with_user(user)
            ._read_group(
                [("user_id", "in", self.users.ids)],
                list(groupby),
                [
                    "budget_amount:sum",
                    "actual_amount:sum",
                    "variance:sum",
                    "unbudgeted_amount:sum",
                ],
            )
        )

    def test_each_role_sees_its_own_budgets_and_costs(self):
        team_led = (1000.0, 350.0, 650.0, 50.0)
        for user, expected in (
            (self.member, team_led),
            (self.leader, team_led),
            (self.outsider, (500.0, 600.0, -100.0, 0.0)),
            # "All documents" users see other people's costs no more than on the
            # budgets and cost entries themselves.
            (self.all_docs, (0.0, 0.0, 0.0, 0.0)),
            (self.manager, (1500.0, 950.0, 550.0, 50.0)),
        ):
            with self.subTest(user=user.login):
                [row] = self.figures(user)
                self.assertEqual(tuple(value or 0.0 for value in row), expected)

    def test_budget_against_actual_by_category(self):
        rows = {row[0]: row[1:] for row in self.figures(self.manager, ["category_id"])}
        self.assertEqual(rows[self.travel], (1500.0, 900.0, 600.0, 0.0))
        self.assertEqual(rows[self.samples], (0.0, 50.0, -50.0, 50.0))
        # The budget lines' own figures agree.
        lines = self.env["sales.cost.budget.line"].search(
            [("budget_id.user_id", "in", self.users.ids)]
        )
        self.assertEqual(sum(lines.mapped("actual_amount")), 900.0)
