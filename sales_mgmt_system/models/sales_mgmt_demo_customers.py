import logging

from odoo import models

_logger = logging.getLogger(__name__)

# Needs and preferences that salespeople noted on a few demo customers.
DEMO_NOTES = {
    "customer_01": (
        "Wants one system for the tea shops and the online store before the autumn harvest.",
        "WeChat messages in the morning; the owner decides, the manager prepares.",
    ),
    "customer_02": (
        "Looking for barcode scanning in the warehouse.",
        "Prefers on-site visits; no calls on Fridays.",
    ),
    "customer_08": (
        "Needs cold-chain tracking for the seafood deliveries.",
        "Quotations in Chinese and English.",
    ),
}


class SalesMgmtDemo(models.AbstractModel):
    """Demo segments, offers and playbook actions; then a first lifecycle run.

    The forty demo customers land in every lifecycle stage and in several RFM
    segments; the run also plans the playbook's activities and fills the
    product recommendations.
    """

    _inherit = "sales.mgmt.demo"

    def _demo_load_areas(self, plan, refs, existing):
        result = super()._demo_load_areas(plan, refs, existing)
        customers = refs["customers"]
        for key, (needs, preferences) in DEMO_NOTES.items():
            partner = customers.get(key)
            if key not in existing and partner and not partner.customer_needs:
                partner.write({"customer_needs": needs, "customer_preferences": preferences})
        self._demo_load_lifecycle_actions(existing)
        segments = self._demo_load_segments(refs, existing)
        self._demo_load_offers(segments, existing)
        self.env["sales.customer.lifecycle"]._refresh_all(today=plan.today)
        return result

    def _demo_load_lifecycle_actions(self, existing):
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        call = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        if not (todo and call):
            return {}
        return self._demo_create(
            "sales.lifecycle.action",
            {
                "lifecycle_action_prospect": {
                    "name": "Trial offer",
                    "stage": "prospect",
                    "activity_type_id": todo.id,
                    "summary": "Offer a free trial",
                    "delay_days": 3,
                },
                "lifecycle_action_loyal": {
                    "name": "Exclusive offer",
                    "stage": "loyal",
                    "activity_type_id": todo.id,
                    "summary": "Invite to the members' exclusive offer",
                    "delay_days": 7,
                },
                "lifecycle_action_at_risk": {
                    "name": "Win-back call",
                    "stage": "at_risk",
                    "activity_type_id": call.id,
                    "summary": "Call to win the customer back",
                    "delay_days": 2,
                },
            },
            existing,
        )

    def _demo_load_segments(self, refs, existing):
        vip = self._demo_create(
            "res.partner.category", {"partner_tag_vip": {"name": "VIP"}}, existing
        )["partner_tag_vip"]
        vip_keys = ("customer_01", "customer_03", "customer_05", "customer_12")
        new_vips = [
            refs["customers"][key].id
            for key in vip_keys
            if key in refs["customers"] and vip not in refs["customers"][key].category_id
        ]
        if new_vips:
            self.env["res.partner"].browse(new_vips).write({"category_id": [(4, vip.id)]})
        country = self.env.ref("base.cn", raise_if_not_found=False)
        key_accounts = refs["teams"].get("key_accounts")
        return self._demo_create(
            "sales.segment",
            {
                "segment_best": {
                    "name": "Best customers",
                    "rule_type": "rfm",
                    "rfm_segments": "champions,loyal",
                    "description": "Recent, frequent and big buyers: first to hear of news.",
                },
                "segment_win_back": {
                    "name": "Customers to win back",
                    "rule_type": "rfm",
                    "rfm_segments": "at_risk,cant_lose,about_to_sleep,hibernating",
                },
                "segment_vip": {
                    "name": "VIP customers",
                    "rule_type": "tags",
                    "category_ids": [(6, 0, vip.ids)],
                },
                "segment_china": {
                    "name": "Customers in China",
                    "rule_type": "region",
                    "country_ids": [(6, 0, country.ids if country else [])],
                },
                "segment_key_accounts": {
                    "name": "Key account customers",
                    "rule_type": "domain",
                    "domain": repr(
                        [("user_id.sale_team_id", "=", key_accounts.id if key_accounts else 0)]
                    ),
                },
            },
            existing,
        )

    def _demo_load_offers(self, segments, existing):
        return self._demo_create(
            "sales.segment.offer",
            {
                "offer_best": {
                    "name": "Members' exclusive: 10% off the annual licence",
                    "segment_id": segments["segment_best"].id,
                    "discount": 10.0,
                    "body": "<p>Thank you for your loyalty: 10% off your next annual "
                    "licence until the end of the quarter.</p>",
                },
                "offer_win_back": {
                    "name": "We miss you: a free training day",
                    "segment_id": segments["segment_win_back"].id,
                    "body": "<p>Come back this month and get an on-site training day "
                    "for free with any order.</p>",
                },
            },
            existing,
        )

    def _demo_load_orders(self, plan, refs, existing):
        # Orders are confirmed first and dated after: the first lifecycle run,
        # once everything is dated, classifies the customers instead.
        return super(
            SalesMgmtDemo, self.with_context(sales_defer_customer_refresh=True)
        )._demo_load_orders(plan, refs, existing)
