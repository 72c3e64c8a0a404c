from . import (
    test_access_scopes,
    test_app_menus,
    test_demo_data,
    test_demo_review,
    test_review_tour,
    test_sales_award,
    test_sales_review,
    test_settings,
    test_translations,
    test_ui_tour,
)
