"""Reads JourneyGraph's event-log exports back with pm4py and prints what
pm4py computes from them, as JSON, for the export interop test (eventlog):

    check_eventlog.py LOG.xes LOG.jsonocel LEVEL OUTCOME_STAGE OUT.json

(the JSON goes to a file: pm4py prints a banner on standard output)

For each format: the number of cases, of touchpoint and of stage-change
events; the directly-follows counts of the touchpoints (pm4py.discover_dfg);
and the variants (pm4py.get_variants) of each case's touchpoints up to its
first entry into OUTCOME_STAGE (touchpoints at that instant included, as
JourneyGraph's pathVariants counts them), over the cases that entered it.
For XES also the classifiers and global event attributes of the header.
"""
import json
import sys

import pandas as pd
import pm4py

CASE, ACT, TS = "case:concept:name", "concept:name", "time:timestamp"


def summarize(df, outcome_stage):
    """df: one row per event, case/activity/timestamp columns, each case's
    events in the log's order (ties in time keep it)."""
    # pm4py's dataframe algorithms expect its own layout: events sorted by
    # case, then time, then position.
    df = pm4py.format_dataframe(df.reset_index(drop=True), case_id=CASE, activity_key=ACT, timestamp_key=TS)
    stage_act = "stage:" + outcome_stage
    is_stage = df[ACT].str.startswith("stage:")
    tps = df[~is_stage]
    dfg, _, _ = pm4py.discover_dfg(tps, activity_key=ACT, case_id_key=CASE, timestamp_key=TS) if len(tps) else ({}, {}, {})
    entries = df[df[ACT] == stage_act].groupby(CASE)[TS].min()
    cut = tps[tps[CASE].isin(entries.index)]
    cut = cut[cut[TS] <= cut[CASE].map(entries)]
    variants = pm4py.get_variants(cut, activity_key=ACT, case_id_key=CASE, timestamp_key=TS) if len(cut) else {}
    return {
        "cases": int(df[CASE].nunique()),
        "touchpointEvents": int(len(tps)),
        "stageEvents": int(is_stage.sum()),
        "dfg": sorted([a, b, int(n)] for (a, b), n in dfg.items()),
        "variants": sorted([list(v), int(n if isinstance(n, int) else len(n))] for v, n in variants.items()),
    }


def from_xes(path, outcome_stage):
    df = pm4py.read_xes(path)
    out = summarize(df[[CASE, ACT, TS]], outcome_stage)
    # The header as pm4py reads it: the classifiers and the global event
    # attributes their keys must be (IEEE 1849).
    log = pm4py.read_xes(path, return_legacy_log_object=True)
    out["classifiers"] = {name: list(keys) for name, keys in log.classifiers.items()}
    out["eventGlobals"] = sorted(log.omni_present.get("event", {}))
    return out


def from_ocel(path, level, outcome_stage):
    ocel = pm4py.read_ocel2_json(path)
    accounts = pm4py.ocel_flattening(ocel, "Account")[[CASE, ACT, TS]]
    out = {
        "objects": {t: int(n) for t, n in ocel.objects["ocel:type"].value_counts().items()},
        "events": int(len(ocel.events)),
    }
    if level == "ACCOUNT":
        df = accounts
    else:
        # A contact's journey: its touchpoints and its account's stage
        # changes, through the contact's "works at" relationship.
        contacts = pm4py.ocel_flattening(ocel, "Contact")[[CASE, ACT, TS]]
        works_at = ocel.o2o[ocel.o2o["ocel:qualifier"] == "works at"]
        account_of = dict(zip(works_at["ocel:oid"], works_at["ocel:oid_2"]))
        stages = accounts[accounts[ACT].str.startswith("stage:")]
        rows = [contacts]
        for contact in contacts[CASE].unique():
            s = stages[stages[CASE] == account_of.get(contact)].copy()
            s[CASE] = contact
            rows.append(s)
        df = pd.concat(rows, ignore_index=True)
        df = df.sort_values([CASE, TS], kind="stable")
    out.update(summarize(df, outcome_stage))
    return out


def main():
    xes, ocel, level, outcome_stage, out = sys.argv[1:6]
    result = {"xes": from_xes(xes, outcome_stage), "ocel": from_ocel(ocel, level, outcome_stage)}
    with open(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
