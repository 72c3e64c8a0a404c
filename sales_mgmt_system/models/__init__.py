from . import (
    sales_commission_plan,
    sales_commission_statement,
    sales_mgmt_demo,
    sales_mgmt_demo_commission,
)
