import logging
from datetime import timedelta

import pytz

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

# Demo tickets: key, subject, customer index, priority, category, channel and
# the SLA status it has on the day the demo is installed. Working time of
# the policy is counted back from that moment so that the status holds.
DEMO_TICKETS = [
    ("ticket_01", "Printer jams on every page", 0, "2", "repair", "email", "on_track"),
    ("ticket_02", "How do I renew the licence?", 1, "1", "question", "phone", "on_track"),
    ("ticket_03", "Invoice shows the wrong address", 2, "0", "complaint", "wechat", "on_track"),
    ("ticket_04", "Screen flickers after update", 3, "3", "repair", "phone", "at_risk"),
    ("ticket_05", "Need a second power adapter", 4, "1", "question", "visit", "at_risk"),
    ("ticket_06", "Wrong colour delivered", 5, "2", "return", "email", "at_risk"),
    ("ticket_07", "Machine stops after ten minutes", 6, "3", "repair", "phone", "breached"),
    ("ticket_08", "Refund still not received", 7, "2", "complaint", "email", "breached"),
    ("ticket_09", "Missing manual in the box", 8, "1", "question", "wechat", "breached"),
    ("ticket_10", "Exchange for a larger model", 9, "1", "return", "visit", "met"),
    ("ticket_11", "Installation appointment", 10, "2", "question", "phone", "met"),
    ("ticket_12", "Noise from the fan", 11, "0", "repair", "email", "met"),
]
# Share of the resolution time used at install for each status (open tickets).
USED_SHARE = {"on_track": 0.2, "at_risk": 0.85, "breached": 1.3}


class SalesMgmtDemo(models.AbstractModel):
    """Demo after-sales tickets, one mailbox, and tickets in every SLA status."""

    _inherit = "sales.mgmt.demo"

    @api.model
    def _load_demo_data(self):
        result = super()._load_demo_data()
        # Follow-up visits of the resolved demo tickets, once every area has
        # planned its own visits (a customer keeps a single planned visit).
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "sales_mgmt_system"),
                ("name", "=like", "demo_ticket_%"),
                ("model", "=", "sales.ticket"),
            ]
        )
        tickets = self.env["sales.ticket"].browse(data.mapped("res_id")).exists()
        tickets.filtered("is_closed")._plan_follow_up_visits()
        return result

    def _demo_load_areas(self, plan, refs, existing):
        result = super()._demo_load_areas(plan, refs, existing)
        policies = self.env["sales.ticket.sla"].search([("company_id", "=", self.env.company.id)])
        if not policies:
            return result
        self._demo_load_ticket_mailbox(refs, existing)
        self._demo_load_tickets(plan, refs, existing)
        return result

    def _demo_load_ticket_mailbox(self, refs, existing):
        team = next(iter(refs["teams"].values()))
        self._demo_create(
            "sales.ticket.mailbox",
            {
                "ticket_mailbox_support": {
                    "name": "After-Sales Support",
                    "alias_name": "aftersales",
                    "team_id": team.id,
                }
            },
            existing,
        )

    def _demo_ticket_categories(self):
        return {
            key: self.env.ref(f"sales_mgmt_system.ticket_category_{key}", raise_if_not_found=False)
            for key in ("question", "repair", "return", "complaint")
        }

    def _demo_load_tickets(self, plan, refs, existing):
        new = [row for row in DEMO_TICKETS if row[0] not in existing]
        if not new:
            return
        customers = [refs["customers"][customer.key] for customer in plan.customers]
        categories = self._demo_ticket_categories()
        team_of_user = {
            user: refs["teams"][person.team_key]
            for person in plan.salespeople
            for user in [refs["users"][person.key]]
        }
        orders = self.env["sale.order"].search(
            [("partner_id", "in", [c.id for c in customers]), ("state", "=", "sale")],
            order="date_order desc",
        )
        order_of = {}
        for order in orders:
            order_of.setdefault(order.partner_id, order)
        Ticket = self.env["sales.ticket"]
        now = fields.Datetime.now()
        vals_by_key = {}
        for key, subject, index, priority, category, channel, _status in new:
            customer = customers[index % len(customers)]
            order = order_of.get(customer)
            user = customer.user_id
            vals_by_key[key] = {
                "name": subject,
                "partner_id": customer.id,
                "priority": priority,
                "category_id": categories[category].id if categories[category] else False,
                "channel": channel,
                "user_id": user.id,
                "team_id": team_of_user[user].id if user in team_of_user else False,
                "sale_order_id": order.id if order else False,
                "product_id": order.order_line[:1].product_id.id if order else False,
                "description": f"<p>{subject}.</p>",
            }
        tickets = self._demo_create("sales.ticket", vals_by_key, existing)
        # Date each ticket back in working time so that it shows its status today.
        for key, _subject, _index, _priority, _category, _channel, status in new:
            ticket = tickets[key]
            sla = ticket.sla_id
            if not sla:
                continue
            calendar = sla.calendar_id
            share = USED_SHARE.get(status, 0.5)
            received = calendar.plan_hours(
                -share * sla.resolution_hours, pytz.utc.localize(now), compute_leaves=True
            )
            received = received.astimezone(pytz.utc).replace(tzinfo=None)
            if status == "met":
                received = received - timedelta(days=3)
            ticket.date_received = min(received, now - timedelta(minutes=30))
        Ticket.flush_model()
        workflow = Ticket._workflow().with_context(sales_ticket_defer_visits=True)
        for key, _subject, _index, _priority, _category, _channel, status in new:
            ticket = workflow.browse(tickets[key].id)
            if status == "met":
                ticket.write({"first_response_date": ticket.response_risk_date})
                ticket.action_close()
                ticket.write({"closed_date": ticket.resolution_risk_date})
                ticket.solution = "<p>Solved with the customer on the phone.</p>"
            else:
                ticket.write({"first_response_date": ticket.response_risk_date})
        rated = tickets["ticket_10"]
        if rated in Ticket.browse([tickets[row[0]].id for row in new]):
            rating = self.env["rating.rating"].search(
                [("res_model", "=", "sales.ticket"), ("res_id", "=", rated.id)], limit=1
            )
            if rating:
                rated.rating_apply(5, rating=rating, feedback="Fast exchange, thank you.")
        Ticket._escalate(now)
        _logger.info("Sales Management demo: %s after-sales tickets", len(new))
