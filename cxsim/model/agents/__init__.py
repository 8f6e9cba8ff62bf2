"""Mesa agents of cxsim: thin objects that hold identity and decisions.

Bulk state lives in numpy arrays, so that the weekly step is vectorised: the employees' in
``model.workforce`` (which owns them and their step), the customers' in ``model.customers``.
The agents are views onto those rows (Employee, Customer) or decision makers (Department,
Executive, and the CXLeader, which returns its week's programme effort for the model to apply).
"""

from .customer import Customer
from .department import Department
from .employee import Employee
from .executive import Executive
from .leader import CXLeader

__all__ = ["Customer", "Department", "Employee", "Executive", "CXLeader"]
