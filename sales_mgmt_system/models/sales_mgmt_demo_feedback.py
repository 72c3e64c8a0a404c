from datetime import timedelta

from odoo import models

# (category, source, csat, nps, comment) of the demo feedback, one per customer
# in turn: promoters, passives and detractors across every category.
DEMO_FEEDBACK = [
    ("product_quality", "survey", "5", "10", "Very reliable equipment, no breakdown this year."),
    ("service", "phone", "4", "9", "Quick answers from our account manager."),
    ("price", "survey", "2", "4", "Prices went up twice this year."),
    ("after_sales", "online_review", "1", "2", "Waited two weeks for a repair."),
    ("delivery", "survey", "3", "7", "Deliveries are on time but often partial."),
    ("product_quality", "online_review", "4", "8", "Good quality, packaging could be better."),
    ("service", "survey", "5", "9", "Training for our staff was excellent."),
    ("delivery", "phone", "2", "5", "The last order arrived damaged."),
    ("price", "online_review", "4", None, "Fair prices for the quality."),
    ("after_sales", "survey", None, "10", "Would recommend the support team to anyone."),
    ("service", "online_review", "3", "6", "Hard to reach anyone on Fridays."),
    ("product_quality", "survey", "5", "10", "The new model saved us a lot of time."),
]
# (days from today planned, days from today done or None, type, satisfaction).
DEMO_VISITS = [
    (-120, -118, "onsite", "5"),
    (-95, -95, "phone", "4"),
    (-60, -59, "wechat", "3"),
    (-40, -38, "online", "2"),
    (-20, -20, "onsite", "4"),
    (-15, None, "phone", None),
    (-6, None, "onsite", None),
    (-2, None, "wechat", None),
    (3, None, "phone", None),
    (10, None, "onsite", None),
    (21, None, "online", None),
]


class SalesMgmtDemo(models.AbstractModel):
    """Demo follow-up visits (done, overdue and coming) and customer feedback."""

    _inherit = "sales.mgmt.demo"

    def _demo_load_areas(self, plan, refs, existing):
        result = super()._demo_load_areas(plan, refs, existing)
        customers = [refs["customers"][customer.key] for customer in plan.customers]
        self._demo_load_visits(plan, customers, existing)
        self._demo_load_feedback(plan, customers, existing)
        return result

    def _demo_load_visits(self, plan, customers, existing):
        vals_by_key = {}
        for index, (planned, done, visit_type, satisfaction) in enumerate(DEMO_VISITS):
            customer = customers[index % len(customers)]
            vals_by_key[f"visit_{index}"] = {
                "partner_id": customer.id,
                "user_id": customer.user_id.id,
                "date_planned": plan.today + timedelta(days=planned),
                "visit_type": visit_type,
                "purpose": "Quarterly satisfaction check" if index % 2 else "Review of needs",
                "state": "done" if done is not None else "planned",
                "date_done": plan.today + timedelta(days=done) if done is not None else False,
                "satisfaction": satisfaction or False,
                "outcome": "Customer happy with the service; asked for a new price list."
                if done is not None
                else False,
            }
        # Done visits are loaded done: the demo tells what happened before today.
        visits = self.with_context(sales_visit_internal=True)._demo_create(
            "sales.visit", vals_by_key, existing
        )
        new = self.env["sales.visit"].union(
            *(visit for key, visit in visits.items() if key not in existing)
        )
        done = new.filtered(lambda v: v.state == "done")
        done.with_context(sales_visit_internal=True)._create_visit_feedback()
        new.filtered(lambda v: v.state == "planned")._create_planning_activities()
        return visits

    def _demo_load_feedback(self, plan, customers, existing):
        vals_by_key = {}
        for index, (category, source, csat, nps, comment) in enumerate(DEMO_FEEDBACK):
            customer = customers[(index * 3) % len(customers)]
            vals_by_key[f"feedback_{index}"] = {
                "partner_id": customer.id,
                "date": plan.today - timedelta(days=5 + 11 * index),
                "category": category,
                "source": source,
                "csat": csat or False,
                "nps": nps or False,
                "comment": comment,
            }
        return self._demo_create("sales.feedback", vals_by_key, existing)
