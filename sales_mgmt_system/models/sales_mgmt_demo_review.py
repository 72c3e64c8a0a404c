import logging
from datetime import datetime, time, timedelta

from odoo import models
from odoo.tools import SQL

from ..core.review import previous_month

_logger = logging.getLogger(__name__)


class SalesMgmtDemo(models.AbstractModel):
    """Demo performance reviews and awards for the last full month."""

    _inherit = "sales.mgmt.demo"

    def _demo_load_areas(self, plan, refs, existing):
        result = super()._demo_load_areas(plan, refs, existing)
        date_from, date_to = previous_month(plan.today)
        template = self.env.ref(
            "sales_mgmt_system.review_template_standard", raise_if_not_found=False
        )
        if template:
            self._demo_load_reviews(plan, refs, existing, template, date_from, date_to)
        self._demo_load_awards(refs, date_from, date_to)
        return result

    def _demo_load_reviews(self, plan, refs, existing, template, date_from, date_to):
        users, teams = refs["users"], refs["teams"]
        leader_of = {
            person.team_key: users[person.key] for person in plan.salespeople if person.leads_team
        }
        # The administrator plays the sales manager who reviews the leaders.
        sales_manager = self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user
        reviews = self._demo_create(
            "sales.review",
            {
                f"review_{person.key}": {
                    "user_id": users[person.key].id,
                    "team_id": teams[person.team_key].id,
                    "template_id": template.id,
                    "company_id": template.company_id.id,
                    "reviewer_id": (
                        sales_manager.id if person.leads_team else leader_of[person.team_key].id
                    ),
                    "date_start": date_from,
                    "date_end": date_to,
                }
                for person in plan.salespeople
            },
            existing,
        )
        new_reviews = self.env["sales.review"].union(
            *(review for key, review in reviews.items() if key not in existing)
        )
        if not new_reviews:
            return
        self._demo_done_activities(plan, refs, date_from, date_to)
        new_reviews._compute_kpi_lines()
        # One review went all the way, one waits for its salesperson: both
        # through the workflow's buttons, as people would.
        acknowledged = reviews["review_li_wei"]
        if acknowledged in new_reviews:
            acknowledged.write(
                {
                    "strengths": "<p>Closes deals quickly and keeps customers informed.</p>",
                    "improvements": "<p>Log every call and visit as an activity.</p>",
                    "manager_feedback": "<p>A solid month: keep the momentum.</p>",
                }
            )
            acknowledged.action_submit()
            acknowledged.with_user(acknowledged.user_id).action_acknowledge()
        submitted = reviews["review_zhang_min"]
        if submitted in new_reviews:
            submitted.action_submit()

    def _demo_done_activities(self, plan, refs, date_from, date_to):
        """Each salesperson marks calls done on their opportunities during the month.

        Done as in the web client (``_action_done`` by the salesperson), then
        the messages are dated inside the month.
        """
        call = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        if not call:
            return
        lead_model = self.env["ir.model"]._get_id("crm.lead")
        days = (date_to - date_from).days + 1
        message_dates = {}
        for index, person in enumerate(plan.salespeople):
            user = refs["users"][person.key]
            leads = [
                refs["opportunities"][o.key]
                for o in plan.opportunities
                if o.salesperson_key == person.key
            ]
            # Subscribed beforehand: activities created in one batch on the
            # same record would each try to subscribe their assignee.
            self.env["crm.lead"].union(*leads).message_subscribe(partner_ids=user.partner_id.ids)
            count = 24 + 7 * index
            activities = self.env["mail.activity"].create(
                [
                    {
                        "res_model_id": lead_model,
                        "res_id": leads[number % len(leads)].id,
                        "activity_type_id": call.id,
                        "user_id": user.id,
                        "summary": f"Follow-up call {number + 1}",
                    }
                    for number in range(count)
                ]
            )
            messages, _next = activities.with_user(user)._action_done()
            for number, message in enumerate(messages):
                day = date_from + timedelta(days=(number * 5 + index) % days)
                message_dates[message.id] = datetime.combine(day, time(9 + number % 8))
        self.env["mail.message"].flush_model(["date"])
        values = SQL(", ").join(
            SQL("(%s, %s::timestamp)", message_id, date)
            for message_id, date in message_dates.items()
        )
        self.env.cr.execute(
            SQL(
                "UPDATE mail_message AS m SET date = v.date"
                " FROM (VALUES %s) AS v(id, date) WHERE m.id = v.id",
                values,
            )
        )
        self.env["mail.message"].invalidate_model(["date"])

    def _demo_load_awards(self, refs, date_from, date_to):
        """Awards by attainment where targets exist, by revenue otherwise."""
        teams = self.env["crm.team"].union(*refs["teams"].values())
        Award = self.env["sales.award"]
        # The demo teams have two and three members: one winner each.
        awards = Award._generate_awards(date_from, date_to, team_ids=teams.ids, top=1)
        if not awards:
            awards = Award._generate_awards(
                date_from, date_to, team_ids=teams.ids, top=1, measure="revenue"
            )
        _logger.info("Sales Management demo: %s awards", len(awards))
