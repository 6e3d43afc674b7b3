#!/usr/bin/env python3
"""Medians over the runs appended to the results files of run-app-cost.sh, as Markdown tables.

Usage: python3 benchmarks/scripts/app_cost_summary.py [benchmarks/results]
"""
import os
import re
import statistics
import sys

RESULTS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'results')


def runs(name):
    path = os.path.join(RESULTS, name)
    if not os.path.exists(path):
        return []
    text = open(path, encoding='utf-8').read()
    parts = re.split(r'^### run ', text, flags=re.M)[1:]
    return ['### run ' + p for p in parts]


def rows(text, first_cell_pattern):
    out = []
    for line in text.splitlines():
        if line.startswith('| ') and re.match(first_cell_pattern, line[2:]):
            out.append([c.strip() for c in line.strip().strip('|').split('|')])
    return out


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float('nan')


def num(cell):
    m = re.match(r'[+-]?[0-9.]+', cell.replace(',', ''))
    return float(m.group(0)) if m else None


def load_of(run):
    before = re.search(r'load average before: ([0-9.]+)', run)
    after = re.search(r'load average after: ([0-9.]+)', run)
    return '%s→%s' % (before.group(1) if before else '?', after.group(1) if after else '?')


def latency(name):
    rs = [r for r in runs(name) if '| phase |' in r]
    if not rs:
        return
    print('\n#### %s (%d runs; load average at start→end of each run: %s)\n' % (
        name, len(rs), ', '.join(load_of(r) for r in rs)))
    phases = {}
    for r in rs:
        table = rows(r, r'(quiet|ours|Boot)')
        per = {row[0]: row for row in table if len(row) >= 16}
        quiet = num(per['quiet (nothing polled)'][5]) if 'quiet (nothing polled)' in per else None
        boot = num(per['Boot threaddump, polled'][5]) if 'Boot threaddump, polled' in per else None
        for label, row in per.items():
            p = phases.setdefault(label, {'p50': [], 'p99': [], 'p999': [], 'max': [], 'd99': [], 'ratio': [],
                                          'sp': [], 'td': [], 'poll': [], 'server': [], 'cells': []})
            p['p50'].append(num(row[4])); p['p99'].append(num(row[5])); p['p999'].append(num(row[6]))
            p['max'].append(num(row[7])); p['sp'].append(num(row[10])); p['td'].append(row[11])
            p['poll'].append(num(row[14])); p['server'].append(num(row[15]))
            if quiet is not None:
                p['d99'].append(num(row[5]) - quiet)
                if boot is not None and boot != quiet and label.startswith('ours'):
                    p['ratio'].append((num(row[5]) - quiet) / (boot - quiet))
            p['cells'].append(row[5])
    print('| phase | p50 ms | p99 ms | p99.9 ms | max ms | Δp99 vs quiet ms (per run) | added p99 ours / Boot (per run) |'
          ' safepoint ms per 30 s | poll ms (client / server) |')
    print('| --- | ---: | ---: | ---: | ---: | --- | --- | ---: | --- |')
    for label, p in phases.items():
        d = ' / '.join('%+.1f' % v for v in p['d99'])
        ratio = ' / '.join('%.2f' % v for v in p['ratio'])
        print('| %s | %.2f | **%.2f** | %.2f | %.1f | **%+.1f** (%s) | %s | %.0f | %s |' % (
            label, med(p['p50']), med(p['p99']), med(p['p999']), med(p['max']), med(p['d99']), d,
            ('**%.2f** (%s)' % (med(p['ratio']), ratio)) if p['ratio'] else '-', med(p['sp']),
            '-' if not p['poll'] or p['poll'][0] is None else '%.0f / %.0f' % (med(p['poll']), med(p['server']))))
    print()
    print('| phase | pauses > 5 ms of ThreadDump pauses (per run) | longest pause per poll, median / max ms (per run) |')
    print('| --- | --- | --- |')
    pauses = {}
    for r in rs:
        for row in rows(r, r'(ours|Boot)'):
            if len(row) >= 6 and ' / ' in row[2] and ' of ' in row[4]:
                pauses.setdefault(row[0], []).append((row[4], row[2]))
    for label, values in pauses.items():
        print('| %s | %s | %s |' % (label, ', '.join(v[0] for v in values), ', '.join(v[1] for v in values)))


def cost(name):
    rs = [r for r in runs(name) if '## Distance to the floor' in r]
    if not rs:
        return
    print('\n#### %s (%d runs; load average: %s)\n' % (name, len(rs), ', '.join(load_of(r) for r in rs)))
    floor = {}
    scale = {}
    for r in rs:
        for row in rows(r, r'\d+ \(\d+\) \|'):
            pass
        for line in r.splitlines():
            cells = [c.strip() for c in line.strip().strip('|').split('|')]
            if len(cells) == 11 and re.match(r'\d+ \(\d+\)$', cells[0]):
                floor.setdefault(cells[0].split()[0], []).append(cells)
            elif len(cells) == 10 and re.match(r'\d+$', cells[0]) and re.match(r'[a-z]+$', cells[1]):
                scale.setdefault((int(cells[0]), cells[1]), []).append(cells)
    print('| threads | floor ms | in-process capture ms | capture_duration_ms | text end to end ms | loopback ms |'
          ' in-process / floor | capture_duration_ms / floor | (end to end − loopback) / floor |')
    print('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for threads, cs in floor.items():
        def m(i):
            return med([num(c[i]) for c in cs])
        print('| %s | %.1f | %.1f | %.0f | %.1f | %.1f | **%.2f** | **%.2f** | **%.2f** |' % (
            threads, m(1), m(3), m(4), m(5), m(6), m(7), m(8), m(10)))
    print()
    print('| threads | format | end to end ms | response bytes | allocated MB | peak heap growth MB | µs per thread |'
          ' allocated bytes per thread |')
    print('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
    for (threads, fmt), cs in sorted(scale.items()):
        def m(i):
            return med([num(c[i]) for c in cs])
        print('| %d | %s | %.1f | %.0f | %.2f | %.2f | %.1f | %.0f |' % (threads, fmt, m(2), m(4), m(5), m(6), m(7), m(9)))


def safepoints(name):
    rs = [r for r in runs(name) if '## Summary' in r]
    if not rs:
        return
    print('\n#### %s (%d runs; load average: %s)\n' % (name, len(rs), ', '.join(load_of(r) for r in rs)))
    by = {}
    for r in rs:
        for line in r.splitlines():
            cells = [c.strip() for c in line.strip().strip('|').split('|')]
            if len(cells) == 12 and re.match(r'\d+(ms|s)$', cells[0]):
                by.setdefault(cells[0], []).append(cells)
    print('| max-pause | pauses per request (per run) | longest pause ms, median (per run) | longest max | pauses > 5 ms |'
          ' stopped ms | server ms (per run) | health p99 polling (idle) |')
    print('| --- | --- | ---: | ---: | --- | ---: | ---: | --- |')
    servers = {}
    for mp, cs in by.items():
        servers[mp] = [num(c[6]) for c in cs]
        print('| %s | %s | **%.2f** (%s) | %.1f | %s | %.0f | **%.0f** (%s) | %s |' % (
            mp, ' / '.join(c[2] for c in cs), med([num(c[3]) for c in cs]), ' / '.join(c[3] for c in cs),
            max(num(c[4]) for c in cs), ', '.join(c[11] for c in cs), med([num(c[5]) for c in cs]),
            med(servers[mp]), ' / '.join(c[6] for c in cs), ', '.join(c[10] for c in cs)))
    if '5ms' in servers and '1s' in servers:
        ratios = [a / b for a, b in zip(servers['5ms'], servers['1s'])]
        print('\nserver ms 5ms / 1s per run: %s, median **%.2f**' % (' / '.join('%.2f' % v for v in ratios), med(ratios)))


for jdk in ('jdk17', 'jdk25'):
    latency('app-latency-2000-%s.txt' % jdk)
for jdk in ('jdk17', 'jdk25'):
    latency('app-latency-2000-%s-live2g.txt' % jdk)
for jdk in ('jdk17', 'jdk25'):
    cost('capture-cost-%s.txt' % jdk)
for cfg in ('jdk17-fast', 'jdk17-full', 'jdk25-full'):
    safepoints('safepoint-2000-%s-sizer.txt' % cfg)
