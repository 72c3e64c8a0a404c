from odoo.tests import tagged

from odoo.addons.sales_mgmt_system.tests.feedback_common import FeedbackCase


@tagged("post_install", "-at_install")
class TestAnalysisFeedback(FeedbackCase):
    """CSAT and NPS: each role sees the feedback it may read, and NPS is
    %promoters - %detractors of whatever group the pivot shows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        member = cls.customer_member
        # Member's customer: 2 promoters, 1 passive, 1 detractor, 1 CSAT only.
        for csat, nps in (("5", "10"), ("4", "9"), ("4", "8"), ("2", "3"), ("3", False)):
            cls.make_feedback(member, csat=csat, nps=nps)
        # Outsider's customer: 1 detractor.
        cls.make_feedback(cls.customer_outsider, csat="1", nps="2")
        cls.partners = member | cls.customer_outsider
        cls.env.flush_all()

    def figures(self, user, groupby=()):
        return (
            self.env["sales.analysis.feedback"]
            .with_user(user)
            ._read_group(
                [("partner_id", "in", self.partners.ids)],
                list(groupby),
                [
                    "feedback_count:sum",
                    "nps_count:sum",
                    "promoter_count:sum",
                    "passive_count:sum",
                    "detractor_count:sum",
                    "nps:avg",
                    "csat_score:avg",
                ],
            )
        )

    def test_each_role_sees_its_own_figures(self):
        team_led = (5, 4, 2, 1, 1, 25.0, 3.6)
        everyone = (6, 5, 2, 1, 2, 0.0, 19.0 / 6)
        for user, expected in (
            (self.member, team_led),
            (self.leader, team_led),
            (self.outsider, (1, 1, 0, 0, 1, -100.0, 1.0)),
            (self.all_docs, everyone),
            (self.manager, everyone),
        ):
            with self.subTest(user=user.login):
                [row] = self.figures(user)
                self.assertEqual(row[:5], expected[:5])
                self.assertAlmostEqual(row[5], expected[5])
                self.assertAlmostEqual(row[6], expected[6])

    def test_other_company_sees_nothing(self):
        [row] = self.figures(self.other_company_user)
        self.assertFalse(row[0])

    def test_nps_is_right_at_each_grouping_level(self):
        by_user = {row[0]: row[6] for row in self.figures(self.manager, ["user_id"])}
        self.assertAlmostEqual(by_user[self.member], 25.0)
        self.assertAlmostEqual(by_user[self.outsider], -100.0)
        # 2 promoters and 2 detractors out of 5 answers: 0, not the mean of the
        # two salespeople's scores (-37.5).
        [total] = self.figures(self.manager)
        self.assertAlmostEqual(total[5], 0.0)
        by_team = {row[0]: row[6] for row in self.figures(self.manager, ["team_id"])}
        self.assertAlmostEqual(by_team[self.team_led], 25.0)
