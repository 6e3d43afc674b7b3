#!/usr/bin/env python3
"""Distribution of the ThreadDump safepoint pauses in the child JVM logs that SafepointPauseBenchmark keeps.

Usage: safepoint_log_stats.py RESULT_FILE...  (reads the "# logs kept in DIR" lines, in order, with the
"stacktrace.max-pause" of the run before each; every ThreadDump of the child's log counts, warm-up included).
"""
import re
import sys

LEAVING = re.compile(r"Leaving safepoint: (\d+) ns")

LINE = re.compile(r'Safepoint "ThreadDump".*?Reaching safepoint: (\d+) ns.*?At safepoint: (\d+) ns.*?Total: (\d+) ns')


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))] if s else 0


def main():
    print("| file | max-pause | JDK | ThreadDump pauses | p50 ms | p90 ms | p99 ms | max ms | > 5 ms | of those, median"
          " reaching / at safepoint ms | all pauses, median reaching / at / leaving ms (leaving: JDK 25 only) |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for name in sys.argv[1:]:
        max_pause, jdk = "?", "?"
        for line in open(name):
            m = re.search(r"stacktrace.max-pause=(\S+)", line)
            if m:
                max_pause = m.group(1)
                jdk = "25" if "temurin-25" in line else "17"
            m = re.match(r"# logs kept in (\S+)", line)
            if not m:
                continue
            totals, over, parts = [], [], []
            try:
                log = open(m.group(1) + "/safepoint.log")
            except OSError:
                continue
            for entry in log:
                s = LINE.search(entry)
                if s:
                    reach, at, total = (int(x) / 1e6 for x in s.groups())
                    totals.append(total)
                    leave = LEAVING.search(entry)
                    parts.append((reach, at, int(leave.group(1)) / 1e6 if leave else None))
                    if total > 5:
                        over.append((reach, at))
            over_text = "-" if not over else "%.2f / %.2f" % (pct([o[0] for o in over], .5), pct([o[1] for o in over], .5))
            leaving = [p[2] for p in parts if p[2] is not None]
            parts_text = "%.2f / %.2f / %s" % (pct([p[0] for p in parts], .5), pct([p[1] for p in parts], .5),
                                               "%.2f" % pct(leaving, .5) if leaving else "-")
            print("| %s | %s | %s | %d | %.2f | %.2f | %.2f | %.2f | %d (%.0f%%) | %s | %s |" % (
                name.split("/")[-1], max_pause, jdk, len(totals), pct(totals, .5), pct(totals, .9), pct(totals, .99),
                max(totals, default=0), len(over), 100.0 * len(over) / max(1, len(totals)), over_text, parts_text))


main()
