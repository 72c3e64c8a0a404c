import logging

from odoo import fields, models

from ..core.review import previous_month

_logger = logging.getLogger(__name__)


class SalesMgmtDemo(models.AbstractModel):
    """Demo performance reviews and awards for the last full month."""

    _inherit = "sales.mgmt.demo"

    def _demo_load_areas(self, plan, refs, existing):
        super()._demo_load_areas(plan, refs, existing)
        date_from, date_to = previous_month(plan.today)
        template = self.env.ref(
            "sales_mgmt_system.review_template_standard", raise_if_not_found=False
        )
        if template:
            self._demo_load_reviews(plan, refs, existing, template, date_from, date_to)
        self._demo_load_awards(refs, date_from, date_to)

    def _demo_load_reviews(self, plan, refs, existing, template, date_from, date_to):
        users, teams = refs["users"], refs["teams"]
        leader_of = {
            person.team_key: users[person.key] for person in plan.salespeople if person.leads_team
        }
        reviews = self._demo_create(
            "sales.review",
            {
                f"review_{person.key}": {
                    "user_id": users[person.key].id,
                    "team_id": teams[person.team_key].id,
                    "template_id": template.id,
                    "company_id": template.company_id.id,
                    "reviewer_id": (
                        self.env.user.id if person.leads_team else leader_of[person.team_key].id
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
        new_reviews._compute_kpi_lines()
        # One review went all the way, one waits for its salesperson.
        acknowledged = reviews["review_li_wei"]
        if acknowledged in new_reviews:
            acknowledged.write(
                {
                    "strengths": "<p>Closes deals quickly and keeps customers informed.</p>",
                    "improvements": "<p>Log every call and visit as an activity.</p>",
                    "manager_feedback": "<p>A solid month: keep the momentum.</p>",
                    "state": "acknowledged",
                    "submitted_date": fields.Datetime.now(),
                    "acknowledged_date": fields.Datetime.now(),
                }
            )
        submitted = reviews["review_zhang_min"]
        if submitted in new_reviews:
            submitted.write({"state": "submitted", "submitted_date": fields.Datetime.now()})

    def _demo_load_awards(self, refs, date_from, date_to):
        """Awards by attainment where targets exist, by revenue otherwise."""
        teams = self.env["crm.team"].union(*refs["teams"].values())
        Award = self.env["sales.award"]
        awards = Award._generate_awards(date_from, date_to, team_ids=teams.ids)
        if not awards:
            awards = Award._generate_awards(
                date_from, date_to, team_ids=teams.ids, measure="revenue"
            )
        _logger.info("Sales Management demo: %s awards", len(awards))
