"""The config schema: defaults valid, bad input refused with one-line messages."""

import pytest

from cxsim.config import CXConfig, ConfigError, flatten, make_config, parameter_rows, validate


def test_defaults_are_valid():
    cfg = validate(CXConfig())
    assert cfg.steps == 156 and cfg.customers.n == 5000


@pytest.mark.parametrize(
    "override, words",
    [
        ({"leader.reporting_line": "cfo"}, ["leader.reporting_line", "cfo", "ceo, marketing, customer_service, it"]),
        ({"leader.strategy": "viral"}, ["leader.strategy", "viral", "top_down, organic, hybrid"]),
        ({"leader.budget": -1}, ["leader.budget", "-1", "[0.0, 50.0]"]),
        ({"company.p1": 1.5}, ["company.p1", "1.5", "[0.0, 1.0]"]),
        ({"customers.n": 0}, ["customers.n", "0", "[1, 10000000]"]),
        ({"steps": -1}, ["steps", "-1", "[1, 5200]"]),
        ({"leader.budjet": 3}, ["leader.budjet", "leader.budget"]),
        ({"seed": "abc"}, ["seed", "abc", "number"]),
        ({"customers.n": 2.5}, ["customers.n", "whole number"]),
        ({"leader.enabled": "maybe"}, ["leader.enabled", "maybe", "true or false"]),
    ],
)
def test_bad_input_is_one_line_naming_key_value_and_allowed(override, words):
    with pytest.raises(ConfigError) as err:
        make_config(overrides=override)
    msg = str(err.value)
    assert "\n" not in msg
    for w in words:
        assert w in msg, (w, msg)


def test_shares_of_non_ex_budget_cannot_exceed_one():
    with pytest.raises(ConfigError, match="voc_share"):
        make_config(leader__voc_share=0.7, leader__redesign_share=0.5)


def test_a_company_that_produces_nothing_at_its_own_engagement_is_refused():
    with pytest.raises(ConfigError) as err:
        make_config(company__engagement=0.0, company__engagement_output=1.0)
    assert "\n" not in str(err.value) and "company.engagement=0" in str(err.value) and "engagement_output" in str(err.value)
    make_config(company__engagement=0.0, company__engagement_output=0.9)  # a partly engagement-driven output is fine


def test_overrides_and_nested_dicts_agree():
    a = make_config(leader__authority=0.3, customers__n=2000)
    b = make_config({"leader": {"authority": 0.3}, "customers": {"n": 2000}})
    assert flatten(a) == flatten(b)
    assert a.leader.authority == 0.3 and isinstance(a.customers.n, int)


def test_every_parameter_is_documented():
    rows = list(parameter_rows())
    assert len(rows) > 60
    for key, default, unit, allowed, doc, source in rows:
        assert unit and doc and source, key


def test_odd_parameter_tables_match_the_code():
    from cxsim.odd_tables import main

    assert main(["--check"]) == 0, "run: python -m cxsim.odd_tables"


def test_every_parameter_has_a_role_and_a_plausible_range_inside_its_range():
    from cxsim.config import ROLES, parameter_specs

    specs = parameter_specs()
    assert {s.role for s in specs} == set(ROLES)
    for s in specs:
        if s.plausible is not None:
            lo, hi = (float(x) for x in s.allowed.strip("[]").split(","))
            assert lo <= s.plausible[0] <= s.default <= s.plausible[1] <= hi and s.plausible_why, s.key
    # every uncertain assumption with a non-zero default can be sampled
    assert all(s.plausible is not None for s in specs if s.role == "assumption" and s.default)


def test_per_department_parameters_are_dotted_keys():
    cfg = make_config(company__headcount__hr=0.3, overrides={"company.weight.sales": 0.5})
    assert cfg.company.headcount.hr == 0.3 and cfg.company.weight.sales == 0.5
    assert "company.weight.it" in flatten(cfg)
    with pytest.raises(ConfigError, match="company.headcount"):
        make_config(overrides={f"company.headcount.{d}": 0.0 for d in cfg.company.headcount.__dataclass_fields__})
    with pytest.raises(ConfigError, match="company.weight.cfo"):
        make_config(overrides={"company.weight.cfo": 0.5})
