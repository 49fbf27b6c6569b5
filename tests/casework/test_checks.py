import pytest

from cscwatch.casework import checks, synth
from cscwatch.casework.faults import injectable
from cscwatch.casework.layout import rules
from cscwatch.casework.read import read_workbook

from .conftest import R, build


def test_rules_file_has_53_rules_with_messages():
    assert len(rules()) == 53
    assert all(
        r["message"] and r["severity"] in {"error", "warning", "info"} for r in rules().values()
    )


def test_clean_generated_workbook_has_no_findings(small_clean):
    findings = checks.check(read_workbook(small_clean), R)
    assert findings.height == 0, findings.head(5).to_dicts()


@pytest.mark.parametrize("rule", injectable())
def test_each_injected_fault_is_found(rule, tmp_path):
    path, done = synth.synthesise("small", 3, tmp_path / "f.xlsx", [rule], as_of=R)
    assert done == [rule]
    findings = checks.check(read_workbook(path), R)
    assert rule in set(findings["rule"]), f"{rule} not found"


def test_all_faults_together_are_all_found(tmp_path):
    path, done = synth.synthesise("small", 1, tmp_path / "all", ["all"], as_of=R)
    findings = checks.check(read_workbook(path), R)
    assert sorted(set(done) - set(findings["rule"])) == []


def test_missing_reference_date_is_dq001():
    wb = build({3: [{"child_id": "C1", "referral_date": "01/10/2026"}]})
    findings = checks.check(wb, None)
    assert "DQ-001" in set(findings["rule"])


def test_exact_rows_and_messages_on_a_hand_built_list():
    wb = build(
        {
            4: [
                {
                    "child_id": "C1",
                    "gender": "a) Male",
                    "ethnicity": "WBRI",
                    "assessment_start": "10/10/2026",
                    "assessment_end": "01/10/2026",
                    "seen": "maybe",
                },
                {
                    "child_id": None,
                    "gender": "a) Male",
                    "ethnicity": "WBRI",
                    "assessment_start": "31/13/2026",
                },
            ]
        }
    )
    f = checks.check(wb, R).filter(checks.pl.col("list") == "List 4")
    got = {(r["rule"], r["row"]) for r in f.to_dicts()}
    assert ("DQ-204", 2) in got and ("DQ-106", 2) in got
    assert ("DQ-102", 3) in got and ("DQ-101", 3) in got
    msg = f.filter(checks.pl.col("rule") == "DQ-204")["message"][0]
    assert (
        msg
        == "List 4 row 2: the assessment was authorised (01/10/2026) before it started (10/10/2026)."
    )


def test_errors_in_one_list_do_not_stop_others():
    wb = build(
        {
            1: [{"child_id": "C 1", "contact_date": "not a date"}],
            3: [{"child_id": "C2", "referral_date": "01/01/2020", "prior_referrals": "0"}],
        }
    )
    rules_found = set(checks.check(wb, R)["rule"])
    assert {"DQ-101", "DQ-103", "DQ-203"} <= rules_found
