"""Fixtures of the cost control, marketing and improvement tests."""

from datetime import date, datetime, time

from odoo import Command

from .common import SalesMgmtCase

H1 = (date(2025, 1, 1), date(2025, 6, 30))
H2 = (date(2025, 7, 1), date(2025, 12, 31))


class OpsCase(SalesMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.travel = cls.env.ref("sales_mgmt_system.cost_category_travel")
        cls.samples = cls.env.ref("sales_mgmt_system.cost_category_samples")
        cls.entertainment = cls.env.ref("sales_mgmt_system.cost_category_entertainment")
        cls.product = cls.env["product.product"].create(
            {
                "name": "Ops Test Service",
                "type": "service",
                "list_price": 1.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.set_param("sales_mgmt_system.cost_warning_pct", "90")
        cls.set_param("sales_mgmt_system.cost_hard_block", "")

    @classmethod
    def set_param(cls, key, value):
        cls.env["ir.config_parameter"].sudo().set_param(key, value)

    @classmethod
    def make_budget(cls, owner, lines, period=H1, name=None, **values):
        owner_field = "team_id" if owner._name == "crm.team" else "user_id"
        return cls.env["sales.cost.budget"].create(
            {
                "name": name or f"Budget of {owner.name}",
                owner_field: owner.id,
                "manager_id": cls.manager.id,
                "date_start": period[0],
                "date_end": period[1],
                "line_ids": [
                    Command.create({"category_id": category.id, "amount": amount})
                    for category, amount in lines
                ],
                **values,
            }
        )

    @classmethod
    def make_entry(cls, user, category, amount, day, env=None, **values):
        env = env or cls.env
        return env["sales.cost.entry"].create(
            {
                "user_id": user.id,
                "category_id": category.id,
                "amount": amount,
                "date": day,
                "description": values.pop("description", f"{category.name} cost"),
                **values,
            }
        )

    @classmethod
    def make_order(cls, user, amount, day, **values):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": user.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
                **values,
            }
        )
        order.action_confirm()
        order.date_order = datetime.combine(day, time(12))
        return order

    def line_of(self, budget, category):
        return budget.line_ids.filtered(lambda line: line.category_id == category)
