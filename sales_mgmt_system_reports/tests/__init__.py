from . import test_reporting_menus, test_translations
from . import test_analysis_ticket
from . import test_analysis_feedback
from . import test_analysis_deals
from . import test_analysis_target
from . import test_analysis_customer
from . import test_analysis_cost
from . import test_analysis_marketing
from . import test_analysis_views
from . import test_dashboard
from . import test_dashboard_tour
from . import test_xlsx_reports
from . import test_xlsx_monthly
from . import test_xlsx_http
