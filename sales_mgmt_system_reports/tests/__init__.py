from . import test_reporting_menus, test_translations
from . import test_dashboard
from . import test_dashboard_tour
