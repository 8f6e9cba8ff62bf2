"""Mesa agents of cxsim: thin objects that hold identity and decisions.

Bulk state (employee beliefs, engagement, resistance; customer rows) lives in numpy arrays on
the model, so that the weekly step is vectorised; the agents are views onto those rows
(Employee, Customer) or decision makers that act on them (Department, CXLeader, Executive).
"""

from .customer import Customer
from .department import Department
from .employee import Employee
from .executive import Executive
from .leader import CXLeader

__all__ = ["Customer", "Department", "Employee", "Executive", "CXLeader"]
