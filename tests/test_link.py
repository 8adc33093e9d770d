"""Stage 6: who commits to what; modality; which numbers belong to it."""
from __future__ import annotations

ARTICLE = """晋中新闻网讯 近年来,市民政局大力推进养老服务体系建设。2023年,全市新建社区养老服务中心35个,为1.2万余名老年人提供助餐服务。
市民政局党组书记、局长郭建平表示,将认真落实会议精神,持续完善养老服务网络;进一步扩大老年助餐覆盖面。确保老年人就近享受服务。
“今年以来,我们已为860户特殊困难老年人家庭完成适老化改造。”市民政局副局长王芳说,下一步将加快建设家庭养老床位。
“市人社局相关负责人介绍,今年以来开展招聘活动42场,实现就业1.5万人。
此外,要加强就业困难人员帮扶。
会议强调,要加快补齐基本公共服务短板。
"""


def _records(extract):
    return extract(ARTICLE).commitments


def _by_actor(records):
    out = {}
    for r in records:
        out.setdefault(r.actor.name or r.actor.agency or r.actor.place, []).append(r)
    return out


def test_statement_runs_to_the_end_of_the_turn(extract):
    (pledge,) = _by_actor(_records(extract))["郭建平"]
    assert pledge.modality == "pledge"
    assert pledge.text.startswith("将认真落实会议精神")
    assert pledge.text.endswith("确保老年人就近享受服务。")
    assert pledge.actor.titles == ["党组书记", "局长"] and pledge.actor.agency == "市民政局"


def test_quote_before_attribution_is_the_speakers(extract):
    records = _by_actor(_records(extract))["王芳"]
    modalities = {r.modality: r for r in records}
    assert modalities["achievement"].targets[0].value == 860
    assert modalities["pledge"].text.startswith("下一步将加快建设家庭养老床位")


def test_agency_report_with_numbers_is_an_achievement(extract):
    (report,) = [r for r in _records(extract) if r.actor.kind == "government"]
    assert report.modality == "achievement"
    assert report.text.startswith("近年来,市民政局") or report.text.startswith("2023年")
    assert [t.value for t in report.targets] == [35, 12000]


def test_unnamed_official_acts_for_the_agency_and_the_next_paragraph_continues(extract):
    records = [r for r in _records(extract) if r.actor.kind == "unnamed_official"]
    assert records[0].actor.agency == "市人社局" and records[0].modality == "achievement"
    assert any(r.text.startswith("此外,要加强就业困难人员帮扶") for r in records)


def test_meeting_directive(extract):
    (directive,) = [r for r in _records(extract) if r.actor.kind == "meeting"]
    assert directive.modality == "directive" and directive.actor.agency == "会议"


def test_records_are_deterministic(extract):
    first = [r.model_dump() for r in _records(extract)]
    second = [r.model_dump() for r in _records(extract)]
    assert first == second
    assert len({r["id"] for r in first}) == len(first)
