"""Data of the performance review and award tests: targets, orders, deals, activities."""

from contextlib import contextmanager
from datetime import date, datetime, timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tools.translate import code_translations

from .common import SalesMgmtCase

PERIOD = (date(2025, 3, 1), date(2025, 3, 31))
MID_PERIOD = datetime(2025, 3, 15, 10, 0)


@contextmanager
def code_terms(lang, terms, module="sales_mgmt_system"):
    """Translate ``terms`` ({source: translation}) of ``module``'s code in ``lang``.

    For tests of how sentences are composed, before the catalogue has them.
    """
    original = code_translations.get_python_translations

    def get_python_translations(mod, lng):
        translations = original(mod, lng)
        return {**translations, **terms} if (mod, lng) == (module, lang) else translations

    with patch.object(code_translations, "get_python_translations", get_python_translations):
        yield


class ReviewCase(SalesMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Review Widget", "list_price": 1.0, "taxes_id": [Command.clear()]}
        )
        cls.activity_type = cls.env["mail.activity.type"].create({"name": "Review Call"})

    @classmethod
    def make_template(cls, kpis, grades=None, **values):
        return cls.env["sales.review.template"].create(
            {
                "name": values.pop("name", "Test Template"),
                "kpi_ids": [
                    Command.create({"kpi": kpi, "weight": weight, "target_value": target})
                    for kpi, weight, target in kpis
                ],
                "grade_ids": [
                    Command.create({"name": name, "min_score": low, "max_score": high})
                    for name, low, high in (grades or [])
                ],
                **values,
            }
        )

    @classmethod
    def make_target(cls, user, value, period=PERIOD, **values):
        target = cls.env["sales.target"].create(
            {
                "name": f"Target of {user.name}",
                "user_id": user.id,
                "measure": "revenue",
                "date_start": period[0],
                "date_end": period[1],
                "target_value": value,
                **values,
            }
        )
        target.action_confirm()
        return target

    @classmethod
    def make_order(cls, user, amount, when=MID_PERIOD, partner=None):
        partner = partner or cls.env["res.partner"].create({"name": f"Buyer of {user.name}"})
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": amount}
                    )
                ],
            }
        )
        order.action_confirm()
        order.date_order = when
        return order

    @classmethod
    def make_invoice(cls, order, day=None):
        """Invoice ``order`` whole, posted on ``day`` (mid-period by default)."""
        invoice = order._create_invoices()
        invoice.invoice_date = day or MID_PERIOD.date()
        invoice.action_post()
        return invoice

    @classmethod
    def make_deal(cls, user, outcome, revenue=0.0, days_open=10, closed=MID_PERIOD):
        lead = cls.env["crm.lead"].create(
            {
                "name": f"Deal of {user.name}",
                "type": "opportunity",
                "user_id": user.id,
                "expected_revenue": revenue,
            }
        )
        if outcome == "won":
            lead.action_set_won()
        else:
            lead.action_set_lost()
        lead.date_closed = closed
        lead.flush_recordset()
        cls.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s",
            (closed - timedelta(days=days_open), lead.id),
        )
        lead.invalidate_recordset(["create_date"])
        return lead

    @classmethod
    def mark_activity_done(cls, user, when=MID_PERIOD):
        """``user`` marks an activity done, as in the web client, dated ``when``."""
        record = cls.env["res.partner"].create({"name": "Activity Target"})
        activity = cls.env["mail.activity"].create(
            {
                "res_model_id": cls.env["ir.model"]._get_id("res.partner"),
                "res_id": record.id,
                "activity_type_id": cls.activity_type.id,
                "user_id": user.id,
            }
        )
        messages, _next = activity.with_user(user)._action_done()
        messages.sudo().date = when
        return messages
