from datetime import datetime

from odoo import Command

from .common import SalesMgmtCase

# A Friday; the calendar below works Monday to Friday 09:00-18:00 (UTC).
FRIDAY = datetime(2025, 3, 7)


class TicketCase(SalesMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Office 9-18",
                "tz": "UTC",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 18,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        cls.category = cls.env["sales.ticket.category"].create({"name": "Test Repairs"})
        # The tests' own policies replace those of the data for priority 3.
        cls.env["sales.ticket.sla"].search([("priority", "=", "3")]).active = False
        cls.sla = cls.env["sales.ticket.sla"].create(
            {
                "name": "Urgent test policy",
                "priority": "3",
                "response_hours": 1,
                "resolution_hours": 4,
                "calendar_id": cls.calendar.id,
                "company_id": cls.company.id,
            }
        )
        cls.stage_new = cls.env.ref("sales_mgmt_system.ticket_stage_new")
        cls.stage_solved = cls.env.ref("sales_mgmt_system.ticket_stage_solved")
        cls.customer.write({"user_id": cls.member.id, "email": "scope.customer@example.com"})
        cls.company.sales_ticket_manager_id = cls.manager

    @classmethod
    def make_ticket(cls, **values):
        vals = {
            "name": "The printer does not start",
            "partner_id": cls.customer.id,
            "priority": "3",
            "user_id": cls.member.id,
            "team_id": cls.team_led.id,
            "date_received": FRIDAY.replace(hour=16),
        }
        vals.update(values)
        return cls.env["sales.ticket"].create(vals)
