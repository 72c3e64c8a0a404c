"""Fixtures of the competitor, channel and risk tests."""

from odoo import Command

from .common import SalesMgmtCase


class DealsCase(SalesMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_open = cls.env["crm.stage"].create({"name": "Deals Open", "sequence": 1})
        cls.stage_won = cls.env["crm.stage"].create(
            {"name": "Deals Won", "sequence": 99, "is_won": True}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Deals Widget", "list_price": 200.0, "type": "service"}
        )
        cls.competitor = cls.env["sales.competitor"].create(
            {"name": "Rival Co", "threat_level": "high"}
        )
        cls.channel = cls.env["sales.channel"].create(
            {"name": "Test Agents", "channel_type": "agent", "rebate_rate": 5.0}
        )

    @classmethod
    def make_lead(cls, user, **vals):
        return cls.env["crm.lead"].create(
            {
                "name": f"Deal of {user.name}",
                "type": "opportunity",
                "user_id": user.id,
                "team_id": (
                    cls.team_led if user in (cls.leader, cls.member) else cls.team_other
                ).id,
                "partner_id": cls.customer.id,
                "stage_id": cls.stage_open.id,
                **vals,
            }
        )

    @classmethod
    def make_order(cls, partner, amount, **vals):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": amount}
                    )
                ],
                **vals,
            }
        )
