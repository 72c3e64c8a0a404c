from . import (
    test_access_scopes,
    test_app_menus,
    test_commission,
    test_commission_access,
    test_commission_tour,
    test_demo_data,
    test_settings,
    test_translations,
    test_ui_tour,
)
