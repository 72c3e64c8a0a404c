from . import (
    sales_award,
    sales_mgmt_demo,
    sales_mgmt_demo_review,
    sales_review,
    sales_review_template,
)
