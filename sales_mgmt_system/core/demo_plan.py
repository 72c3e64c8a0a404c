"""The demo company, planned as plain values.

``build_demo_plan(today, open_stage_count)`` describes a believable small
company: two sales teams, five salespeople, forty customers with different
buying habits, opportunities in every open pipeline stage (plus won and lost
ones) and eighteen months of confirmed orders, invoices and payments, all
dated relative to ``today``. The plan is deterministic: the same arguments
always give the same plan, so the demo database looks the same on every
machine and a re-run of the loader finds the records it already made.

The Odoo side (``sales.mgmt.demo``) turns the plan into records. A later
area extends the demo by adding a section to the plan (a pure function of
the plan and ``today``) and a loader step for it.
"""

import itertools
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .dates import add_months

HISTORY_MONTHS = 18
# Orders younger than this are not invoiced yet.
INVOICE_DELAY_DAYS = 2
UNINVOICED_RECENT_DAYS = 7
PAYMENT_TERM_DAYS = 30
# Share of due invoices left unpaid, so that receivables are overdue.
UNPAID_SHARE = 0.08
# Customers buying "regularly" stop this many days before today when lapsed.
LAPSED_SILENCE_DAYS = 210
# Customers who bought often and "slip" stopped this many days before today.
SLIPPING_SILENCE_DAYS = 100


@dataclass(frozen=True)
class Team:
    key: str
    name: str


@dataclass(frozen=True)
class Salesperson:
    key: str
    name: str
    team_key: str
    leads_team: bool

    @property
    def login(self):
        return self.key.replace("_", ".")


@dataclass(frozen=True)
class Product:
    key: str
    name: str
    list_price: float


@dataclass(frozen=True)
class Customer:
    key: str
    name: str
    city: str
    salesperson_key: str
    # prospect, new, one_off, regular, loyal, slipping or lapsed: how often the
    # customer buys.
    habit: str

    @property
    def email(self):
        return f"contact@{self.key.replace('_', '-')}.example.com"


@dataclass(frozen=True)
class OrderLine:
    product_key: str
    quantity: int


@dataclass(frozen=True)
class Order:
    key: str
    customer_key: str
    salesperson_key: str
    order_date: date
    lines: tuple
    invoice_date: date | None = None
    payment_date: date | None = None
    opportunity_key: str | None = None


@dataclass(frozen=True)
class Opportunity:
    key: str
    name: str
    customer_key: str
    salesperson_key: str
    # open, won or lost
    outcome: str
    created: date
    deadline: date
    lines: tuple
    # For open opportunities: 0-based rank among the open (not won) stages.
    stage_index: int = 0
    closed: date | None = None
    has_quotation: bool = False


@dataclass(frozen=True)
class DemoPlan:
    today: date
    teams: tuple
    salespeople: tuple
    products: tuple
    customers: tuple
    opportunities: tuple
    orders: tuple

    def product_prices(self):
        return {product.key: product.list_price for product in self.products}

    def amount(self, lines):
        """Untaxed amount of ``lines`` at the products' list prices."""
        prices = self.product_prices()
        return sum(prices[line.product_key] * line.quantity for line in lines)


TEAMS = (
    Team("direct", "Direct Sales"),
    Team("key_accounts", "Key Accounts"),
)

SALESPEOPLE = (
    Salesperson("wang_fang", "Wang Fang", "direct", leads_team=True),
    Salesperson("li_wei", "Li Wei", "direct", leads_team=False),
    Salesperson("zhang_min", "Zhang Min", "direct", leads_team=False),
    Salesperson("chen_jie", "Chen Jie", "key_accounts", leads_team=True),
    Salesperson("liu_yang", "Liu Yang", "key_accounts", leads_team=False),
)

PRODUCTS = (
    Product("cloud_erp", "Cloud ERP Licence (annual)", 4800.0),
    Product("pos_terminal", "POS Terminal", 1350.0),
    Product("barcode_scanner", "Barcode Scanner", 260.0),
    Product("training_day", "On-site Training Day", 900.0),
    Product("implementation", "Implementation Package", 6500.0),
    Product("support_plan", "Premium Support Plan (annual)", 2400.0),
)

# (name, city) of the forty customers; their habits follow HABITS in order.
CUSTOMER_NAMES = (
    ("Hangzhou Green Leaf Tea Co.", "Hangzhou"),
    ("Suzhou Silk Workshop", "Suzhou"),
    ("Ningbo Harbour Logistics", "Ningbo"),
    ("Shanghai Bright Dental Clinic", "Shanghai"),
    ("Nanjing Golden Bakery", "Nanjing"),
    ("Wuxi Precision Parts", "Wuxi"),
    ("Hefei Sunrise Pharmacy", "Hefei"),
    ("Xiamen Ocean Seafood", "Xiamen"),
    ("Fuzhou Bamboo Furniture", "Fuzhou"),
    ("Qingdao Brewmasters", "Qingdao"),
    ("Jinan Spring Water Co.", "Jinan"),
    ("Wuhan Riverside Hotel", "Wuhan"),
    ("Changsha Spicy Kitchen", "Changsha"),
    ("Nanchang Porcelain House", "Nanchang"),
    ("Guangzhou Pearl Electronics", "Guangzhou"),
    ("Shenzhen Swift Couriers", "Shenzhen"),
    ("Dongguan Smart Toys", "Dongguan"),
    ("Foshan Ceramic Tiles", "Foshan"),
    ("Chengdu Panda Travel", "Chengdu"),
    ("Chongqing Hotpot Supplies", "Chongqing"),
    ("Kunming Flower Market", "Kunming"),
    ("Xi'an Terracotta Gifts", "Xi'an"),
    ("Zhengzhou Wheat Mills", "Zhengzhou"),
    ("Tianjin Port Machinery", "Tianjin"),
    ("Beijing Hutong Books", "Beijing"),
    ("Shijiazhuang Textile Mill", "Shijiazhuang"),
    ("Taiyuan Vinegar Works", "Taiyuan"),
    ("Harbin Ice Sports", "Harbin"),
    ("Shenyang Auto Repair", "Shenyang"),
    ("Dalian Seaview Apartments", "Dalian"),
    ("Changchun Film Studio Café", "Changchun"),
    ("Hohhot Dairy Farm", "Hohhot"),
    ("Lanzhou Noodle House", "Lanzhou"),
    ("Yinchuan Goji Traders", "Yinchuan"),
    ("Urumqi Silk Road Carpets", "Urumqi"),
    ("Guiyang Mountain Herbs", "Guiyang"),
    ("Nanning Tropical Fruits", "Nanning"),
    ("Haikou Island Resorts", "Haikou"),
    ("Lhasa Highland Crafts", "Lhasa"),
    ("Xining Plateau Outfitters", "Xining"),
)

# How many customers of each buying habit, in the order of CUSTOMER_NAMES.
HABITS = (
    ("loyal", 7),
    ("regular", 12),
    ("slipping", 2),
    ("one_off", 5),
    ("new", 2),
    ("lapsed", 6),
    ("prospect", 6),
)

# New customers placed their only order this many days ago at most.
NEW_CUSTOMER_DAYS = 60
# Customers of these habits come first when a salesperson's opportunities are
# handed out: prospects get open ones, new customers no won one (their only
# order stays their first).
OPPORTUNITY_PRIORITY = {"prospect": 0, "new": 1}

# Days between two orders of a customer, by habit.
ORDER_INTERVALS = {
    "loyal": (35, 60),
    "regular": (75, 120),
    "lapsed": (50, 90),
    "slipping": (35, 60),
}

# Relative order volume per calendar month: busy before the year end, quiet
# around the Spring Festival (February).
MONTH_VOLUME = {
    1: 1.0,
    2: 0.6,
    3: 0.9,
    4: 1.0,
    5: 1.0,
    6: 1.1,
    7: 0.9,
    8: 0.9,
    9: 1.1,
    10: 1.2,
    11: 1.4,
    12: 1.5,
}

OPEN_PER_STAGE_AND_PERSON = 1
WON_PER_PERSON = 3
LOST_PER_PERSON = 2


def build_demo_plan(today, open_stage_count, seed=2026):
    """Plan the demo company as of ``today``.

    ``open_stage_count`` is the number of pipeline stages that are not won:
    every one of them receives opportunities.
    """
    if open_stage_count < 1:
        raise ValueError("The pipeline needs at least one open stage.")
    rng = random.Random(seed)
    customers = _plan_customers(rng)
    orders = _plan_history_orders(rng, today, customers)
    opportunities, won_orders = _plan_opportunities(rng, today, customers, open_stage_count)
    orders = sorted(orders + won_orders, key=lambda order: (order.order_date, order.key))
    return DemoPlan(
        today=today,
        teams=TEAMS,
        salespeople=SALESPEOPLE,
        products=PRODUCTS,
        customers=tuple(customers),
        opportunities=tuple(opportunities),
        orders=tuple(_with_invoicing(rng, today, order) for order in orders),
    )


def history_start(today):
    """First day that the demo's order history may use."""
    return add_months(today, -HISTORY_MONTHS) + timedelta(days=1)


def _plan_customers(rng):
    habits = [habit for habit, count in HABITS for _index in range(count)]
    customers = []
    for index, ((name, city), habit) in enumerate(zip(CUSTOMER_NAMES, habits, strict=True)):
        customers.append(
            Customer(
                key=f"customer_{index + 1:02d}",
                name=name,
                city=city,
                salesperson_key=SALESPEOPLE[index % len(SALESPEOPLE)].key,
                habit=habit,
            )
        )
    return customers


def _plan_lines(rng, day):
    """One to three products; more units in the busy months."""
    volume = MONTH_VOLUME[day.month]
    products = rng.sample(PRODUCTS, rng.randint(1, 3))
    return tuple(
        OrderLine(product.key, max(1, round(rng.randint(1, 4) * volume)))
        for product in sorted(products, key=lambda product: product.key)
    )


def _order_dates(rng, today, habit):
    first_day = history_start(today)
    if habit == "one_off":
        return [first_day + timedelta(days=rng.randint(0, (today - first_day).days))]
    if habit == "new":
        return [today - timedelta(days=rng.randint(1, NEW_CUSTOMER_DAYS))]
    low, high = ORDER_INTERVALS[habit]
    silence = {"lapsed": LAPSED_SILENCE_DAYS, "slipping": SLIPPING_SILENCE_DAYS}.get(habit, 0)
    last_day = today - timedelta(days=silence)
    day = first_day + timedelta(days=rng.randint(0, low))
    dates = []
    while day <= last_day:
        dates.append(day)
        day += timedelta(days=rng.randint(low, high))
    return dates


def _plan_history_orders(rng, today, customers):
    orders = []
    for customer in customers:
        if customer.habit == "prospect":
            continue
        for number, day in enumerate(_order_dates(rng, today, customer.habit), start=1):
            orders.append(
                Order(
                    key=f"order_{customer.key}_{number:02d}",
                    customer_key=customer.key,
                    salesperson_key=customer.salesperson_key,
                    order_date=day,
                    lines=_plan_lines(rng, day),
                )
            )
    return orders


def _plan_opportunities(rng, today, customers, open_stage_count):
    """Open opportunities in every stage, won ones (each with its order) and lost ones."""
    opportunities, won_orders = [], []
    first_day = history_start(today)
    for person in SALESPEOPLE:
        own = [c for c in customers if c.salesperson_key == person.key]
        own.sort(key=lambda customer: OPPORTUNITY_PRIORITY.get(customer.habit, 2))
        own_customers = itertools.cycle(own)
        numbers = itertools.count(1)
        for stage_index in range(open_stage_count):
            for _repeat in range(OPEN_PER_STAGE_AND_PERSON):
                customer = next(own_customers)
                lines = _plan_lines(rng, today)
                opportunities.append(
                    Opportunity(
                        key=f"opportunity_{person.key}_{next(numbers):02d}",
                        name=_opportunity_name(lines, customer),
                        customer_key=customer.key,
                        salesperson_key=person.key,
                        outcome="open",
                        stage_index=stage_index,
                        created=today - timedelta(days=rng.randint(5, 60)),
                        deadline=today + timedelta(days=rng.randint(10, 90)),
                        lines=lines,
                        has_quotation=stage_index == open_stage_count - 1,
                    )
                )
        closed_outcomes = ["won"] * WON_PER_PERSON + ["lost"] * LOST_PER_PERSON
        for outcome in closed_outcomes:
            customer = next(own_customers)
            # Created at most 45 days before closing, never before the history.
            closed = today - timedelta(days=rng.randint(10, (today - first_day).days - 45))
            lines = _plan_lines(rng, closed)
            opportunity = Opportunity(
                key=f"opportunity_{person.key}_{next(numbers):02d}",
                name=_opportunity_name(lines, customer),
                customer_key=customer.key,
                salesperson_key=person.key,
                outcome=outcome,
                created=closed - timedelta(days=rng.randint(14, 45)),
                deadline=closed + timedelta(days=rng.randint(0, 10)),
                closed=closed,
                lines=lines,
            )
            opportunities.append(opportunity)
            if outcome == "won":
                won_orders.append(
                    Order(
                        key=f"order_{opportunity.key}",
                        customer_key=customer.key,
                        salesperson_key=person.key,
                        order_date=closed,
                        lines=lines,
                        opportunity_key=opportunity.key,
                    )
                )
    return opportunities, won_orders


def _opportunity_name(lines, customer):
    main_product = next(p for p in PRODUCTS if p.key == lines[0].product_key)
    return f"{main_product.name} for {customer.name}"


def _with_invoicing(rng, today, order):
    """Invoice orders older than a week; pay invoices past their term, mostly."""
    if (today - order.order_date).days < UNINVOICED_RECENT_DAYS:
        return order
    invoice_date = order.order_date + timedelta(days=INVOICE_DELAY_DAYS)
    due_date = invoice_date + timedelta(days=PAYMENT_TERM_DAYS)
    payment_date = None
    if due_date < today and rng.random() >= UNPAID_SHARE:
        payment_date = invoice_date + timedelta(days=rng.randint(5, PAYMENT_TERM_DAYS))
    return replace(order, invoice_date=invoice_date, payment_date=payment_date)
