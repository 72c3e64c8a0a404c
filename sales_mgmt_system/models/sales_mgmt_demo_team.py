import logging
from datetime import datetime, time, timedelta

from odoo import fields, models

from ..core.team import report_bounds

_logger = logging.getLogger(__name__)

DEMO_ROLES = {
    True: ("leader", "Runs the weekly meeting, comments the work reports, coaches the team."),
    False: ("account_manager", "Follows up their customers and opportunities, reports weekly."),
}


class SalesMgmtDemo(models.AbstractModel):
    """Demo team roles, trainings, meetings and work reports, dated from the install day."""

    _inherit = "sales.mgmt.demo"

    def _demo_load_areas(self, plan, refs, existing):
        result = super()._demo_load_areas(plan, refs, existing)
        self._demo_load_team_roles(plan, refs)
        self._demo_load_trainings(plan, refs, existing)
        self._demo_load_meetings(plan, refs, existing)
        self._demo_load_work_reports(plan, refs, existing)
        return result

    def _demo_manager(self):
        return self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user

    def _demo_load_team_roles(self, plan, refs):
        users = refs["users"]
        memberships = self.env["crm.team.member"].search(
            [
                ("user_id", "in", [user.id for user in users.values()]),
                ("sales_role", "in", (False, "sales_rep")),
                ("responsibilities", "=", False),
            ]
        )
        leads_team = {users[p.key]: p.leads_team for p in plan.salespeople}
        for membership in memberships:
            role, responsibilities = DEMO_ROLES[leads_team.get(membership.user_id, False)]
            membership.write({"sales_role": role, "responsibilities": responsibilities})

    def _demo_load_trainings(self, plan, refs, existing):
        users = refs["users"]
        salespeople = [users[person.key] for person in plan.salespeople]
        today = plan.today
        trainings = self._demo_create(
            "sales.training",
            {
                "training_product_launch": {
                    "name": "New product range: features and pricing",
                    "training_type": "internal",
                    "topic": "product",
                    "trainer": "Product Manager",
                    "date": today - timedelta(days=20),
                    "hours": 3.0,
                    "description": "<p>The new range, its prices and how it compares.</p>",
                    "attendee_ids": [
                        fields.Command.create(
                            {
                                "user_id": user.id,
                                "attended": index != 4,
                                "score": 0.0 if index == 4 else 70.0 + 6 * index,
                                "passed": index != 4,
                            }
                        )
                        for index, user in enumerate(salespeople)
                    ],
                },
                "training_negotiation": {
                    "name": "Negotiation and objection handling",
                    "training_type": "external",
                    "topic": "skills",
                    "trainer": "Sales Academy",
                    "date": today + timedelta(days=10),
                    "hours": 7.0,
                    "attendee_ids": [
                        fields.Command.create({"user_id": user.id}) for user in salespeople[:3]
                    ],
                },
                "training_self_study_crm": {
                    "name": "CRM pipeline e-learning",
                    "training_type": "self_study",
                    "topic": "crm",
                    "user_id": users["li_wei"].id,
                    "date": today - timedelta(days=6),
                    "hours": 2.0,
                },
                "training_self_study_market": {
                    "name": "Regional market report",
                    "training_type": "self_study",
                    "topic": "market",
                    "user_id": users["zhang_min"].id,
                    "date": today - timedelta(days=3),
                    "hours": 1.5,
                },
            },
            existing,
        )
        if "training_product_launch" not in existing:
            trainings["training_product_launch"].with_user(self._demo_manager()).action_done()
        for key in ("training_self_study_crm", "training_self_study_market"):
            if key not in existing:
                study = trainings[key]
                study.with_user(study.user_id).action_submit()
        if "training_self_study_crm" not in existing:
            trainings["training_self_study_crm"].with_user(self._demo_manager()).action_approve()

    def _demo_load_meetings(self, plan, refs, existing):
        users, teams = refs["users"], refs["teams"]
        monday = report_bounds(plan.today, "week")[0]
        vals = {}
        for person in plan.salespeople:
            if not person.leads_team:
                continue
            team = teams[person.team_key]
            members = [users[p.key] for p in plan.salespeople if p.team_key == person.team_key]
            vals[f"meeting_{person.team_key}_last"] = {
                "name": "Weekly sales meeting",
                "team_id": team.id,
                "user_id": users[person.key].id,
                "date": datetime.combine(monday - timedelta(days=7), time(9)),
                "agenda": "<p>Last week's figures, pipeline review, help needed.</p>",
                "minutes": "<p>Each member presented their work report; the pipeline was "
                "reviewed deal by deal.</p>",
                "decisions": "<p>Focus on the opportunities in negotiation this week.</p>",
                "action_item_ids": [
                    fields.Command.create(
                        {
                            "name": "Call back the customers waiting for a quotation",
                            "user_id": member.id,
                            "date_deadline": monday + timedelta(days=index + 1),
                        }
                    )
                    for index, member in enumerate(members)
                ],
            }
            vals[f"meeting_{person.team_key}_next"] = {
                "name": "Weekly sales meeting",
                "team_id": team.id,
                "user_id": users[person.key].id,
                "date": datetime.combine(monday + timedelta(days=7), time(9)),
                "agenda": "<p>This week's work reports and the team roll-up.</p>",
            }
        meetings = self._demo_create("sales.meeting", vals, existing)
        for key, meeting in meetings.items():
            if key in existing or not key.endswith("_last"):
                continue
            meeting.action_create_activities()
            first = meeting.action_item_ids.sorted("id")[:1]
            first.activity_id.with_user(first.user_id)._action_done()
            meeting.action_mark_done()

    def _demo_load_work_reports(self, plan, refs, existing):
        """Last week's reports submitted (the leaders' teams' commented), this week's drafts."""
        users, teams = refs["users"], refs["teams"]
        monday = report_bounds(plan.today, "week")[0]
        last_monday = monday - timedelta(days=7)
        vals = {}
        for person in plan.salespeople:
            user = users[person.key]
            base = {"user_id": user.id, "team_id": teams[person.team_key].id, "period": "week"}
            vals[f"work_report_{person.key}_last"] = dict(
                base,
                date_start=last_monday,
                highlights="<p>Moved two opportunities to negotiation.</p>",
                problems="<p>One customer postpones their decision to next quarter.</p>",
                help_needed="<p>A reference customer to call for the large deal.</p>",
                next_plan="<p>Send the quotations and visit two prospects.</p>",
            )
            vals[f"work_report_{person.key}_this"] = dict(base, date_start=monday)
        reports = self._demo_create("sales.work.report", vals, existing)
        leader_of = {p.team_key: users[p.key] for p in plan.salespeople if p.leads_team}
        for person in plan.salespeople:
            key = f"work_report_{person.key}_last"
            if key in existing:
                continue
            report = reports[key]
            report.with_user(report.user_id).action_submit()
            leader = leader_of[person.team_key]
            if not person.leads_team and person.key != "liu_yang":
                as_leader = report.with_user(leader)
                as_leader.leader_comment = "<p>Good week: keep the quotations moving.</p>"
                as_leader.action_review()
        _logger.info("Sales Management demo: %s work reports", len(reports))
