#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The verdict of a LAVA job from its test cases, not from its status.

lava-run writes one record per line on its output, a YAML flow mapping
{dt, lvl, msg} (a lava-server's job log, `lavacli jobs logs --raw ID`, holds
the same records as a YAML list). Records of level "results" whose definition is not "lava"
are the test cases the DUT reported (lava-test-case); those of definition
"lava" are the dispatcher's own actions and the job itself. A failing test
case leaves the job "pass", so the verdict here is: the test shell ran to
its end, every expected case is there, and no case failed. The reason of a
skip or a failure is the "CASE: reason" line the DUT printed just before
the case (ci/lava/report.sh).

usage: results.py LAVA_OUTPUT JOB TSV JUNIT [--expect SET/CASE]...
                  [--expect-set SET]... [--expect-fail SET/CASE]
  Appends one line per case to TSV (job, set, case, result, measurement,
  reason), writes the job's JUnit to JUNIT and prints one line per case.
  --expect SET/CASE  that case must be reported (any result but fail)
  --expect-set SET   the set must hold at least one case
  --expect-fail SET/CASE  the deliberate failure: the verdict is inverted
                     (exit 0 only if exactly this case failed, with a reason)
exit 0 verdict pass, 1 verdict fail, 2 usage, 3 no python3-yaml
"""
import os
import re
import sys
from xml.sax.saxutils import quoteattr

try:
    import yaml
except ImportError:
    print("results.py: python3-yaml missing", file=sys.stderr)
    sys.exit(3)


def read_records(path):
    """The records of a lava-run output; lines that are not one are skipped."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            # lava-run's stream, or a server's log (lavacli jobs logs
            # --raw): the same records, as items of a YAML list
            line = line.strip()
            if line.startswith("- {"):
                line = line[2:]
            if not line.startswith("{"):
                continue
            try:
                rec = yaml.safe_load(line)
            except yaml.YAMLError:
                continue
            if isinstance(rec, dict):
                yield rec


def parse(path):
    """Cases (in order), the dispatcher's results and what the DUT printed."""
    cases, lava, said = [], {}, {}
    for rec in read_records(path):
        msg = rec.get("msg")
        if rec.get("lvl") == "target" and isinstance(msg, str):
            # "stage: reason" just before a case (ci/lava/report.sh)
            name, sep, reason = msg.partition(": ")
            if sep and " " not in name and reason:
                said[name] = reason.strip()
            continue
        if rec.get("lvl") != "results" or not isinstance(msg, dict):
            continue
        if msg.get("definition") == "lava":
            lava[msg.get("case")] = msg
            continue
        name = str(msg.get("case"))
        cases.append({
            "set": str(msg.get("set") or "-"),
            "case": name,
            "result": str(msg.get("result")),
            "measurement": str(msg.get("measurement", "")),
            "reason": said.pop(name, "") if msg.get("result") in ("skip", "fail") else "",
        })
    return cases, lava


def junit(path, job, cases):
    fails = sum(c["result"] == "fail" for c in cases)
    skips = sum(c["result"] == "skip" for c in cases)
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n')
        f.write(f'  <testsuite name={quoteattr(job)} tests="{len(cases)}" '
                f'failures="{fails}" errors="0" skipped="{skips}">\n')
        for c in cases:
            f.write(f'    <testcase classname={quoteattr(job + "." + c["set"])} '
                    f'name={quoteattr(c["case"])}')
            if c["result"] == "fail":
                f.write(f'>\n      <failure message={quoteattr(c["reason"] or "failed")}/>\n'
                        '    </testcase>\n')
            elif c["result"] == "skip":
                f.write(f'>\n      <skipped message={quoteattr(c["reason"])}/>\n'
                        '    </testcase>\n')
            else:
                f.write('/>\n')
        f.write('  </testsuite>\n</testsuites>\n')
    os.replace(path + ".tmp", path)


def main(argv):
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    out, job, tsv, junit_path = argv[1:5]
    expect, expect_sets, expect_fail = [], [], None
    rest = argv[5:]
    while rest:
        if len(rest) < 2 or rest[0] not in ("--expect", "--expect-set", "--expect-fail"):
            print(__doc__, file=sys.stderr)
            return 2
        {"--expect": expect.append, "--expect-set": expect_sets.append}.get(
            rest[0], lambda v: None)(rest[1])
        if rest[0] == "--expect-fail":
            expect_fail = rest[1]
        rest = rest[2:]

    cases, lava = parse(out)
    problems = []
    # The dispatcher records each test definition's run ("N_NAME") when
    # the DUT signals its end (ENDRUN): without it the run was cut short.
    # Its result is that of the definition's run script (fail when a step
    # exited non-zero): a failure of the verdict, not a missing run.
    runs = {k: v.get("result") for k, v in lava.items() if re.match(r"\d+_", str(k))}
    if not runs:
        problems.append("no test definition ran to its end (no ENDRUN)")
    runs_failed = [k for k, r in runs.items() if r != "pass"]
    if not cases:
        problems.append("no test case reported")
    seen = {f'{c["set"]}/{c["case"]}': c for c in cases}
    for e in expect:
        if e not in seen:
            problems.append(f"{e}: not reported")
    for s in expect_sets:
        if not any(c["set"] == s for c in cases):
            problems.append(f"set {s}: no case reported")
    for c in cases:
        if c["result"] == "skip" and not c["reason"]:
            problems.append(f'{c["set"]}/{c["case"]}: skipped without a reason')
    failed = [f'{c["set"]}/{c["case"]}' for c in cases if c["result"] == "fail"]

    with open(tsv, "a", encoding="utf-8") as f:
        for c in cases:
            f.write("\t".join([job, c["set"], c["case"], c["result"], c["measurement"],
                               c["reason"]]) + "\n")
    junit(junit_path, job, cases)
    for c in cases:
        why = f' ({c["reason"]})' if c["reason"] else ""
        print(f'   {c["result"]:4} {job} {c["set"]}/{c["case"]}{why}')
    status = lava.get("job", {}).get("result")
    print(f"   {job}: {len(cases)} cases, {len(failed)} failed; the job's own status: {status}")
    for p in problems:
        print(f"   !! {job}: {p}")

    if expect_fail:
        ok = failed == [expect_fail] and seen[expect_fail]["reason"] and not problems
        print(f"   {job}: the deliberate failure {expect_fail} "
              f"{'fails the verdict' if ok else 'was NOT seen as the only failure'}")
        return 0 if ok else 1
    for r in runs_failed:
        print(f"   !! {job}: the run of {r} failed (a step exited non-zero)")
    return 1 if failed or problems or runs_failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
