from datetime import date, datetime, time

from odoo import Command

from .common import SalesMgmtCase

JANUARY = (date(2025, 1, 1), date(2025, 1, 31))
FEBRUARY = (date(2025, 2, 1), date(2025, 2, 28))
Q1 = (date(2025, 1, 1), date(2025, 3, 31))


class CommissionCase(SalesMgmtCase):
    """Sales documents and plans for the commission tests, all made here."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {
                "name": "Commission Test Service",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 1.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.won_stage = cls.env["crm.stage"].create({"name": "Won (test)", "is_won": True})

    @classmethod
    def make_plan(cls, **values):
        values.setdefault("name", "Test Plan")
        values.setdefault("basis", "invoice")
        values.setdefault("rate_mode", "flat")
        values.setdefault("flat_rate", 5.0)
        values.setdefault("user_ids", [Command.set((cls.member | cls.leader).ids)])
        return cls.env["sales.commission.plan"].create(values)

    @classmethod
    def tier_commands(cls, *tiers):
        return [Command.create({"lower_bound": bound, "rate": rate}) for bound, rate in tiers]

    @classmethod
    def make_order(cls, user, amount, day, confirm=True):
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
            }
        )
        if confirm:
            order.action_confirm()
        order.date_order = datetime.combine(day, time(12))
        return order

    @classmethod
    def make_invoice(cls, user, amounts, day, move_type="out_invoice"):
        amounts = amounts if isinstance(amounts, list | tuple) else [amounts]
        invoice = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": cls.customer.id,
                "invoice_user_id": user.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for amount in amounts
                ],
            }
        )
        invoice.action_post()
        return invoice

    @classmethod
    def pay(cls, invoice, amount, day):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": day, "amount": amount})._create_payments()

    @classmethod
    def credit(cls, invoice, day, amount=None):
        """Post a credit note of ``invoice`` (of ``amount`` on its first line if given)."""
        refund = invoice._reverse_moves([{"invoice_date": day, "date": day}])
        refund.invoice_user_id = invoice.invoice_user_id
        if amount is not None:
            refund.invoice_line_ids[1:].unlink()
            refund.invoice_line_ids.price_unit = amount
        refund.action_post()
        return refund

    @classmethod
    def win_deal(cls, user, day, name="Won deal"):
        lead = cls.env["crm.lead"].create(
            {"name": name, "type": "opportunity", "user_id": user.id, "stage_id": cls.won_stage.id}
        )
        lead.date_closed = datetime.combine(day, time(10))
        return lead

    def statement_of(self, statements, user):
        statement = statements.filtered(lambda s: s.user_id == user)
        self.assertEqual(len(statement), 1)
        return statement

    def lines_of(self, statement, line_type="commission"):
        return statement.line_ids.filtered(lambda line: line.line_type == line_type)
