from . import test_reporting_menus, test_translations
from . import test_xlsx_reports
from . import test_xlsx_monthly
from . import test_xlsx_http
