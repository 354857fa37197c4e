"""pstats-style function statistics for the PyOps profiling helper (standard library only, 3.8+).

pstats data maps a function key (file, first line, name) to (primitive calls, calls, own time,
cumulative time, callers), each caller mapping to that edge's own four numbers. This module merges
such data over threads and builds it from sampled stacks when cProfile's own numbers are not sound.
"""


def code_key(code):
    """The pstats key of a Python function, as cProfile writes it."""
    return (code.co_filename, code.co_firstlineno, code.co_name)


def edge_numbers(value):
    """[primitive calls, calls, own time, cumulative time] of a caller edge.

    pstats keeps a function as (primitive calls, calls, ...) but an edge as (calls, primitive
    calls, ...), as cProfile and pstats.print_callers do; the old `profile` module an int.
    """
    if isinstance(value, (tuple, list)):
        return [value[1], value[0], value[2], value[3]]
    return [value, value, 0.0, 0.0]


def merge_stats(into, stats):
    """Adds pstats data `stats` (one thread's) to `into` (a dict of lists), as pstats.add does."""
    for key, (pcalls, ncalls, tottime, cumtime, callers) in stats.items():
        row = into.get(key)
        if row is None:
            row = into[key] = [0, 0, 0.0, 0.0, {}]
        row[0] += pcalls
        row[1] += ncalls
        row[2] += tottime
        row[3] += cumtime
        for caller, numbers in callers.items():
            # Summed position by position, in pstats' own edge order.
            numbers = list(numbers) if isinstance(numbers, (tuple, list)) else [numbers, numbers, 0.0, 0.0]
            edge = row[4].get(caller)
            if edge is None:
                row[4][caller] = numbers
            else:
                for position in range(4):
                    edge[position] += numbers[position]
    return into


def as_pstats(rows):
    """Rows of lists (merge_stats, stats_from_samples) as the tuples marshal/pstats expect."""
    return {
        key: (row[0], row[1], row[2], row[3], dict((caller, tuple(edge)) for caller, edge in row[4].items()))
        for key, row in rows.items()
    }


def stats_from_samples(samples, calls=None):
    """pstats rows from sampled stacks: [(leaf-first code objects, seconds)].

    Own time is the time a function was the innermost Python frame (the C functions it called and
    its waiting included); cumulative time counts each sample once per function on the stack, so
    recursion is not counted twice. Call counts come from `calls` (a key -> count map of exact
    counts) when given, else 0: samples cannot count calls.
    """
    rows = {}
    keys_of = {}
    for codes, seconds in samples:
        keys = []
        for code in codes:
            key = keys_of.get(code)
            if key is None:
                key = keys_of[code] = code_key(code)
            keys.append(key)
        seen = set()
        for position, key in enumerate(keys):
            row = rows.get(key)
            if row is None:
                row = rows[key] = [0, 0, 0.0, 0.0, {}]
            if position == 0:
                row[2] += seconds
            if key not in seen:
                seen.add(key)
                row[3] += seconds
        seen_edges = set()
        for position in range(len(keys) - 1):
            callee, caller = keys[position], keys[position + 1]
            edges = rows[callee][4]
            edge = edges.get(caller)
            if edge is None:
                edge = edges[caller] = [0, 0, 0.0, 0.0]
            if position == 0:
                edge[2] += seconds
            if (caller, callee) not in seen_edges:
                seen_edges.add((caller, callee))
                edge[3] += seconds
    if calls:
        for key, row in rows.items():
            count = calls.get(key, 0)
            row[0] = row[1] = count
    return rows


def stats_summary(stats):
    """Turns a pstats-style dict into compact function rows and edge rows (indices into functions)."""
    keys = list(stats.keys())
    index = {}
    for position, key in enumerate(keys):
        index[key] = position
    functions = []
    edges = []
    total_time = 0.0
    for position, key in enumerate(keys):
        pcalls, ncalls, tottime, cumtime, callers = stats[key]
        total_time += tottime
        functions.append([key[0], key[1], key[2], pcalls, ncalls, tottime, cumtime])
        for caller, numbers in callers.items():
            caller_index = index.get(caller)
            if caller_index is None:
                # A caller pstats never recorded as a function: add it so the edge has two ends.
                caller_index = len(keys)
                keys.append(caller)
                index[caller] = caller_index
                functions.append([caller[0], caller[1], caller[2], 0, 0, 0.0, 0.0])
            edges.append([caller_index, position] + edge_numbers(numbers))
    return {"functions": functions, "edges": edges, "totalTime": total_time}, index
