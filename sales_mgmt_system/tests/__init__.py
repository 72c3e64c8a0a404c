from . import (
    test_access_scopes,
    test_app_menus,
    test_commission,
    test_commission_access,
    test_commission_settlement,
    test_commission_tour,
    test_demo_data,
    test_demo_review,
    test_review_tour,
    test_sales_award,
    test_sales_review,
    test_sales_target,
    test_settings,
    test_target_periods,
    test_translations,
    test_ui_tour,
    test_sales_visit,
    test_sales_feedback,
    test_feedback_tour,
)
from . import test_sales_ticket, test_sales_ticket_access, test_sales_ticket_mail
from . import test_demo_tickets
from . import test_ticket_tour
