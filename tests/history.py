#!/usr/bin/env python3
"""History is not rewritten (docs/semantics.md): evaluate each shipped
caseload at every month-end across its span and check every obligation's
history. An obligation reported as of one date is reported as of every
later one; its status changes only forward (pending to anything, overdue to
overdue or late; met, late, breached and cancelled are final); once it has a
due date the date does not change.

usage: history.py DOCKET POLICY CASELOAD [POLICY CASELOAD ...]
Prints one line per policy and exits 1 on the first violations found.
"""
import csv
import datetime
import json
import subprocess
import sys

FORWARD = {
    "pending": {"pending", "met", "late", "overdue", "breached", "cancelled"},
    "overdue": {"overdue", "late"},
    "met": {"met"},
    "late": {"late"},
    "breached": {"breached"},
    "cancelled": {"cancelled"},
}


def month_ends(first, last):
    """Every last day of a month from FIRST's month to LAST's."""
    y, m = first.year, first.month
    while True:
        nxt = datetime.date(y + (m == 12), m % 12 + 1, 1)
        end = nxt - datetime.timedelta(days=1)
        yield end
        if end >= last:
            return
        y, m = nxt.year, nxt.month


def span(caseload):
    dates = []
    with open(caseload, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            dates.append(datetime.date.fromisoformat(row["date"][:10]))
    # A year after the last event: every due date of the shipped policies
    # falls within it.
    return min(dates), max(dates) + datetime.timedelta(days=400)


def key(ob):
    t = ob["trigger"]
    return (ob["case"], ob["rule"], t["event"], t["line"], ob.get("milestone"))


def check(docket, policy, caseload):
    first, last = span(caseload)
    seen = {}  # key -> (as_of, status, due)
    problems = []
    dates = list(month_ends(first, last))
    for as_of in dates:
        out = subprocess.run([docket, "eval", policy, caseload, "--as-of", as_of.isoformat(), "--format", "json"],
                             capture_output=True, text=True)
        if out.returncode != 0:
            problems.append("as of %s: exit %d: %s" % (as_of, out.returncode, out.stderr.strip()))
            break
        now = {key(ob): ob for ob in json.loads(out.stdout)["obligations"]}
        for k, (when, status, due) in seen.items():
            ob = now.get(k)
            name = "%s %s (%s line %s%s)" % (k[0], k[1], k[2], k[3], ", milestone %s" % k[4] if k[4] else "")
            if ob is None:
                problems.append("%s: %s as of %s, gone as of %s" % (name, status, when, as_of))
                continue
            if ob["status"] not in FORWARD[status]:
                problems.append("%s: %s as of %s, %s as of %s" % (name, status, when, ob["status"], as_of))
            if due is not None and ob["due"] != due:
                problems.append("%s: due %s as of %s, due %s as of %s" % (name, due, when, ob["due"], as_of))
        for k, ob in now.items():
            seen[k] = (as_of, ob["status"], ob["due"])
    print("%s on %s: %d month-ends from %s to %s, %d obligations, %d history problems" %
          (policy, caseload, len(dates), dates[0], dates[-1], len(seen), len(problems)))
    for p in problems[:20]:
        print("  " + p)
    return not problems


def main(argv):
    if len(argv) < 4 or len(argv) % 2:
        sys.stderr.write(__doc__)
        return 2
    ok = True
    for i in range(2, len(argv), 2):
        ok &= check(argv[1], argv[i], argv[i + 1])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
