from . import (
    test_access_scopes,
    test_playbook_tour,
    test_sales_playbook,
    test_app_menus,
    test_click_everywhere,
    test_commission,
    test_commission_access,
    test_commission_explained,
    test_commission_settlement,
    test_commission_tour,
    test_customer_lifecycle,
    test_customer_tour,
    test_demo_customers,
    test_demo_data,
    test_demo_review,
    test_review_award_ux,
    test_review_tour,
    test_sales_award,
    test_sales_review,
    test_sales_target,
    test_sales_team,
    test_settings,
    test_target_numbers,
    test_target_periods,
    test_target_planning,
    test_translations,
    test_ui_tour,
    test_work_report_tour,
    test_sales_visit,
    test_sales_feedback,
    test_feedback_tour,
    test_demo_feedback,
)
from . import test_cost_control
from . import test_marketing_plan
from . import test_improvement
from . import test_ops_access
from . import test_cost_tour
from . import test_ops_demo_settings
from . import (
    test_sales_competitor,
    test_sales_channel,
    test_sales_risk,
    test_demo_deals,
    test_deals_tour,
    test_view_buttons,
)
from . import test_sales_ticket, test_sales_ticket_access, test_sales_ticket_mail
from . import test_demo_tickets
from . import test_ticket_tour
from . import test_bench_smoke
from . import test_my_day, test_my_day_tour
