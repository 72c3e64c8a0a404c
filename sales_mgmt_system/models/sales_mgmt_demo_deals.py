import logging
from datetime import datetime, time, timedelta

from odoo import fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Demo competitors: key, name, threat level, price factor against ours.
DEMO_COMPETITORS = (
    ("huaxin", "Huaxin Office Systems", "high", 0.88),
    ("brightpath", "BrightPath Solutions", "medium", 1.12),
    ("nordlicht", "Nordlicht Trading", "low", 0.97),
)
# Demo channels: key, name, type, tier, rebate, region.
DEMO_CHANNELS = (
    ("direct", "Direct Sales", "direct", "strategic", 0.0, "All regions"),
    ("agent_east", "East China Agents", "agent", "gold", 8.0, "East China"),
    ("distributor_south", "South China Distribution", "distributor", "silver", 12.0, "South China"),
    ("online_store", "Online Store", "online", "bronze", 0.0, "Online"),
)
# Demo channel partners: key, name, channel key.
DEMO_CHANNEL_PARTNERS = (
    ("channel_partner_hangzhou", "Hangzhou Qianjiang Agency", "agent_east"),
    ("channel_partner_suzhou", "Suzhou Gusu Trading Agency", "agent_east"),
    ("channel_partner_guangzhou", "Guangzhou Pearl River Distribution", "distributor_south"),
)


class SalesMgmtDemo(models.AbstractModel):
    """Demo competitors, sales channels and the risk register."""

    _inherit = "sales.mgmt.demo"

    def _demo_load_areas(self, plan, refs, existing):
        result = super()._demo_load_areas(plan, refs, existing)
        competitors, new_competitors = self._demo_load_competitors(plan, refs, existing)
        channels, new_channels = self._demo_load_channels(existing)
        if new_channels:
            self._demo_assign_channels(plan, refs, channels)
        if new_competitors:
            self._demo_assign_competitors(plan, refs, competitors)
            self._demo_age_deals(plan, refs)
        self._demo_load_risks(plan, refs, existing)
        return result

    def _demo_load_competitors(self, plan, refs, existing):
        products = [refs["products"][product.key] for product in plan.products]
        competitors = self._demo_create(
            "sales.competitor",
            {
                f"competitor_{key}": {
                    "name": name,
                    "threat_level": threat,
                    "website": f"https://www.{key}.example.com",
                    "strategy": "<p>Undercuts list prices on volume deals and bundles "
                    "installation for free.</p>"
                    if factor < 1
                    else "<p>Sells premium service contracts through regional partners.</p>",
                    "reviews": "<p>Customers praise delivery times; support is slow to answer.</p>",
                    "strengths": "<p>Price, nationwide warehouses.</p>",
                    "weaknesses": "<p>Thin after-sales team, few references in our sector.</p>",
                    "opportunities": "<p>Their customers want faster support: offer our SLA.</p>",
                    "threats": "<p>Aggressive discounts at the end of each quarter.</p>",
                    "product_line_ids": [
                        fields.Command.create(
                            {
                                "product_id": product.id,
                                "competitor_product": f"{name.split()[0]} {product.name}",
                                "competitor_price": round(product.lst_price * factor, 2),
                            }
                        )
                        for product in products[index % 2 :: 2]
                    ],
                }
                for index, (key, name, threat, factor) in enumerate(DEMO_COMPETITORS)
            },
            existing,
        )
        new = [key for key in competitors if key not in existing]
        return competitors, new

    def _demo_load_channels(self, existing):
        partners = self._demo_load_channel_partners()
        admin = self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user
        channels = self._demo_create(
            "sales.channel",
            {
                f"channel_{key}": {
                    "name": name,
                    "channel_type": channel_type,
                    "tier": tier,
                    "rebate_rate": rebate,
                    "region": region,
                    "user_id": admin.id,
                    "sequence": index * 10,
                    "partner_ids": [
                        fields.Command.set(
                            [
                                partners[partner_key].id
                                for partner_key, _name, channel in DEMO_CHANNEL_PARTNERS
                                if channel == key
                            ]
                        )
                    ],
                }
                for index, (key, name, channel_type, tier, rebate, region) in enumerate(
                    DEMO_CHANNELS
                )
            },
            existing,
        )
        new = [key for key in channels if key not in existing]
        return channels, new

    def _demo_load_channel_partners(self):
        """The agents and distributors of the channels.

        Registered as ``sales_mgmt_system.channel_partner_*``, not ``demo_*``:
        they are not customers, and the demo's customers are counted by the
        latter.
        """
        partners = {}
        missing = {}
        for key, name, _channel in DEMO_CHANNEL_PARTNERS:
            partner = self.env.ref(f"sales_mgmt_system.{key}", raise_if_not_found=False)
            if partner:
                partners[key] = partner
            else:
                missing[key] = {"name": name, "is_company": True, "city": name.split()[0]}
        created = self.env["res.partner"].create(list(missing.values())) if missing else []
        new = dict(zip(missing, created, strict=True))
        self.env["ir.model.data"]._update_xmlids(
            [
                {"xml_id": f"sales_mgmt_system.{key}", "record": partner, "noupdate": True}
                for key, partner in new.items()
            ]
        )
        return {**partners, **new}

    def _demo_assign_channels(self, plan, refs, channels):
        """Each customer buys through one channel: its opportunities and orders say so."""
        channel_list = [channels[f"channel_{key}"] for key, *_rest in DEMO_CHANNELS]
        channel_of = {
            customer.key: channel_list[index % len(channel_list)]
            for index, customer in enumerate(plan.customers)
        }
        Lead = self.env["crm.lead"].with_context(active_test=False)
        for channel in channel_list:
            customer_ids = [
                refs["customers"][key].id for key, chosen in channel_of.items() if chosen == channel
            ]
            Lead.search(
                [("partner_id", "in", customer_ids), ("sales_channel_id", "=", False)]
            ).write({"sales_channel_id": channel.id})
            self.env["sale.order"].search(
                [("partner_id", "in", customer_ids), ("sales_channel_id", "=", False)]
            ).write({"sales_channel_id": channel.id})

    def _demo_assign_competitors(self, plan, refs, competitors):
        """Competitors in the running on some deals; some lost deals went to them."""
        competitor_list = list(competitors.values())
        Lead = self.env["crm.lead"].with_context(active_test=False)
        for index, opportunity in enumerate(plan.opportunities):
            if index % 3:
                continue
            lead = Lead.browse(refs["opportunities"][opportunity.key].id)
            competitor = competitor_list[(index // 3) % len(competitor_list)]
            vals = {"competitor_ids": [fields.Command.link(competitor.id)]}
            if opportunity.outcome == "lost":
                vals["lost_to_competitor_id"] = competitor.id
            lead.write(vals)

    def _demo_age_deals(self, plan, refs):
        """Open deals sat in their stage since they were created, and two of them
        had their expected closing pushed back three times, as people do."""
        open_ones = [o for o in plan.opportunities if o.outcome == "open"]
        stage_dates = {
            refs["opportunities"][o.key].id: datetime.combine(o.created, time(9)) for o in open_ones
        }
        self.env["crm.lead"].flush_model()
        values = SQL(", ").join(
            SQL("(%s, %s::timestamp)", lead_id, day) for lead_id, day in stage_dates.items()
        )
        self.env.cr.execute(
            SQL(
                "UPDATE crm_lead AS t SET date_last_stage_update = v.day"
                " FROM (VALUES %s) AS v(id, day) WHERE t.id = v.id",
                values,
            )
        )
        self.env["crm.lead"].invalidate_model(["date_last_stage_update"])
        for opportunity in open_ones[1:12:6]:
            lead = refs["opportunities"][opportunity.key]
            for weeks in (2, 4, 6):
                lead.date_deadline = opportunity.deadline + timedelta(weeks=weeks)

    def _demo_load_risks(self, plan, refs, existing):
        """A few risks people entered, then the detection fills the register."""
        users = refs["users"]
        customers = list(refs["customers"].values())
        people = [users[person.key] for person in plan.salespeople]
        manual = self._demo_create(
            "sales.risk",
            {
                "risk_price_war": {
                    "name": "Price war on office furniture in East China",
                    "category": "competition",
                    "probability": 4,
                    "impact": 4,
                    "response": "mitigate",
                    "measures": "<p>Bundle installation and a 3-year warranty instead of "
                    "discounting.</p>",
                    "user_id": people[0].id,
                    "review_date": plan.today + timedelta(days=14),
                },
                "risk_key_account": {
                    "name": "Key account reviewing all suppliers",
                    "category": "customer",
                    "probability": 3,
                    "impact": 5,
                    "response": "avoid",
                    "partner_id": customers[0].id,
                    "user_id": customers[0].user_id.id or people[0].id,
                    "state": "monitoring",
                    "review_date": plan.today + timedelta(days=7),
                },
                "risk_new_regulation": {
                    "name": "New invoicing rules next year",
                    "category": "market",
                    "probability": 2,
                    "impact": 2,
                    "response": "accept",
                    "user_id": people[1].id,
                    "review_date": plan.today + timedelta(days=60),
                },
            },
            existing,
        )
        if any(key not in existing for key in manual):
            counts = self.env["sales.risk"]._detect_risks(self.env.company)
            _logger.info("Sales Management demo: risk detection %s", counts)
