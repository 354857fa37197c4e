"""PyOps profiling helper: runs a script under cProfile (standard library only, Python 3.8+).

Modes (results go to the files named on the command line, never to stdout, which belongs to the
profiled script; the helper's own messages go to stderr prefixed with "[pyops-profile]"):

  run     --prof OUT.prof --summary OUT.json [--memory] [--module] -- SCRIPT [ARGS...]
          Runs SCRIPT as __main__ (runpy.run_path) with sys.argv = [SCRIPT, *ARGS] and
          sys.path[0] = the script's folder. Writes the pstats file and a JSON summary, then exits
          with the script's own exit code (1 after an uncaught exception, 130 after SIGINT, 143
          after SIGTERM). The helper's own runpy frames are subtracted from both files, so the
          script's <module> is the root, as if the profiler had started at its first line.
          With --module, SCRIPT is a module run as `python -m` runs it: runpy.run_module as
          __main__, sys.path[0] = the working directory, sys.argv[0] = the module's file.
  convert --summary OUT.json PROF_FILE
          Reads an existing pstats file and writes the JSON summary.
  timeit  --summary OUT.json --stmt CODE [--setup CODE] [--directory DIR] [--repeat N]
          Times statements with timeit autorange; writes per-loop times as JSON.

Exit code 2 with a summary whose "launchError" is set means the helper could not start the work.
"""

import sys

# Modules the interpreter loaded before the helper ran: a script run directly finds these loaded.
_PRELOADED_MODULES = frozenset(sys.modules)

# Everything the helper uses is imported here, before the script's folder goes on sys.path: a
# json.py or traceback.py beside the script must not replace the helper's own modules. They are
# then forgotten again (see _forget_helper_modules), so the script imports its own as it would
# under plain Python, and pays for the import in its profile.
import cProfile  # noqa: E402
import gc  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import marshal  # noqa: E402
import os  # noqa: E402
import runpy  # noqa: E402
import signal  # noqa: E402
import site  # noqa: E402
import sysconfig  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import tracemalloc  # noqa: E402

# run_path imports pkgutil lazily on 3.11+; imported during profiling, it would hang under the
# import machinery the script shares, where the launcher's part cannot be told apart.
import pkgutil  # noqa: E402,F401

# The helper's own modules, from its own folder whatever sys.path holds (-I, -P).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import pyops_sampler  # noqa: E402
    import pyops_stats  # noqa: E402
finally:
    del sys.path[0]

SUMMARY_FORMAT = "pyops-profile-summary"
SUMMARY_VERSION = 1
MESSAGE_PREFIX = "[pyops-profile] "
TOP_ALLOCATION_SITES = 50
LAUNCH_ERROR_EXIT = 2

_HELPER_FILE = os.path.abspath(__file__)
_HELPER_DIR = os.path.dirname(_HELPER_FILE)


def _say(message):
    """Writes one helper message to stderr, clearly marked so it is not mistaken for script output."""
    try:
        sys.stderr.write(MESSAGE_PREFIX + message + "\n")
        sys.stderr.flush()
    except Exception:  # stderr closed: nothing else to tell
        pass


# --------------------------------------------------------------------------------------------
# Interpreter facts


def _normalised(path):
    return os.path.normcase(os.path.abspath(path))


def library_paths():
    """stdlib and site-packages folders of this interpreter, for the hide-library toggle."""
    found = []
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        value = sysconfig.get_paths().get(key)
        if value:
            found.append(value)
    try:
        found.extend(site.getsitepackages())
    except AttributeError:  # some virtualenv versions remove it
        pass
    try:
        user_site = site.getusersitepackages()
        if user_site:
            found.append(user_site)
    except AttributeError:
        pass
    for entry in sys.path:
        if entry and os.path.basename(entry.rstrip("/\\")) in ("site-packages", "dist-packages"):
            found.append(entry)
    unique = []
    for path in found:
        norm = _normalised(path)
        if norm not in unique:
            unique.append(norm)
    return unique


_interpreter_info = None


def interpreter_info():
    """Facts about this interpreter, read once before the script can change sys.path."""
    global _interpreter_info
    if _interpreter_info is None:
        _interpreter_info = {
            "executable": sys.executable,
            "version": "%d.%d.%d" % sys.version_info[:3],
            "implementation": _implementation_name(),
            "libraryPaths": library_paths(),
        }
    return _interpreter_info


_IMPLEMENTATION_NAMES = {"cpython": "CPython", "pypy": "PyPy", "graalpy": "GraalPy"}


def _implementation_name():
    # platform.python_implementation() without importing platform (and re, and more).
    name = sys.implementation.name
    return _IMPLEMENTATION_NAMES.get(name, name)


# --------------------------------------------------------------------------------------------
# Tracebacks


# The helper's own source files, as code objects name them and normalised.
_HELPER_SOURCES = tuple(
    os.path.abspath(module.__file__) for module in (sys.modules[__name__], pyops_sampler, pyops_stats)
)
_HELPER_FILES = frozenset(_normalised(path) for path in _HELPER_SOURCES)
_RUNPY_FILES = (runpy.__file__, "<frozen runpy>")
# Root frames of the main thread's stack that belong to the launcher, not to the script.
_LAUNCHER_FILES = (_HELPER_SOURCES, _RUNPY_FILES)


def _is_helper_frame(filename):
    if not filename:
        return False
    if _normalised(filename) in _HELPER_FILES:
        return True
    return os.path.basename(filename) == "runpy.py" or filename.startswith("<frozen runpy")


def _strip_helper_frames(tb):
    """Drops the leading traceback entries that belong to this helper and runpy."""
    while tb is not None and _is_helper_frame(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    return tb


def _print_traceback(exc, tb):
    """Prints the traceback to stderr as Python would, starting at the script's own frames."""
    exc.__traceback__ = tb
    try:
        traceback.print_exception(type(exc), exc, tb)
        sys.stderr.flush()
    except Exception:  # stderr closed
        pass


def _type_name(exc_type):
    module = getattr(exc_type, "__module__", "builtins")
    name = getattr(exc_type, "__qualname__", exc_type.__name__)
    return name if module in ("builtins", "__main__", None) else module + "." + name


def exception_info(exc):
    """The model's ExceptionInfo for an exception whose traceback already lost the helper frames."""
    frames = []
    for entry in traceback.extract_tb(exc.__traceback__):
        frame = {"file": entry.filename, "line": entry.lineno or 0, "name": entry.name}
        if entry.line:
            frame["text"] = entry.line
        frames.append(frame)
    if isinstance(exc, SyntaxError) and exc.filename:
        # The offending line is not a frame: add it so the view can link to it.
        frame = {"file": exc.filename, "line": exc.lineno or 0, "name": "<module>"}
        if exc.text:
            frame["text"] = exc.text.strip()
        frames.append(frame)
    formatted = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return {
        "type": _type_name(type(exc)),
        "message": str(exc),
        "frames": frames,
        "formatted": formatted,
    }


# --------------------------------------------------------------------------------------------
# pstats -> summary


def _function_key_problem(key):
    if not (isinstance(key, tuple) and len(key) == 3):
        return "a function key is %r, not (file, line, name)" % (key,)
    filename, line, name = key
    if not (isinstance(filename, str) and isinstance(name, str)):
        return "function %r has a name that is not text" % (key,)
    if not isinstance(line, int) or isinstance(line, bool):
        return "function %r has a line number that is not an integer" % (key,)
    return None


def _numbers_problem(numbers, count, what):
    if not (isinstance(numbers, tuple) and len(numbers) >= count):
        return "%s is %r, not %d numbers" % (what, numbers, count)
    for value in numbers[:count]:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "%s holds %r, not a number" % (what, value)
        if value != value or value in (float("inf"), float("-inf")):
            return "%s holds %r" % (what, value)
    return None


def pstats_problem(stats):
    """Why data loaded as pstats cannot be a profile (names that are not text, NaN times,
    malformed callers...), or None. A marshal file can hold anything; the viewer needs these."""
    if not isinstance(stats, dict):
        return "it holds %s, not a table of functions" % type(stats).__name__
    for key, value in stats.items():
        problem = _function_key_problem(key)
        if problem:
            return problem
        if not (isinstance(value, tuple) and len(value) == 5):
            return "function %r has %r, not (calls, total calls, own time, cumulative time, callers)" % (key, value)
        problem = _numbers_problem(value[:4], 4, "the numbers of %r" % (key,))
        if problem:
            return problem
        callers = value[4]
        if not isinstance(callers, dict):
            return "the callers of %r are %r, not a table" % (key, callers)
        for caller, numbers in callers.items():
            problem = _function_key_problem(caller)
            if problem:
                return "a caller of %r: %s" % (key, problem)
            if isinstance(numbers, tuple):
                problem = _numbers_problem(numbers, 4, "the edge %r -> %r" % (caller, key))
            elif isinstance(numbers, bool) or not isinstance(numbers, int):
                problem = "the edge %r -> %r is %r, not a call count" % (caller, key, numbers)
            if problem:
                return problem
    return None


_PROFILER_DISABLE = ("~", 0, "<method 'disable' of '_lsprof.Profiler' objects>")
_BUILTIN_EXEC = ("~", 0, "<built-in method builtins.exec>")


# runpy functions the helper calls to start the script (run_path) or module (run_module).
_RUNPY_LAUNCHERS = ("run_path", "run_module")


def _is_runpy_file(filename):
    return os.path.basename(filename) == "runpy.py" or filename == "<frozen runpy>"


def remove_launcher_frames(stats, script, kept_files=()):
    """Drops the helper's own work (runpy.run_path and what only it called) from pstats data.

    Edge numbers are exact per caller, so subtracting the launcher's edges leaves what a profiler
    started at the script's first line would have recorded, and the script's <module> becomes a
    root. Its callees are kept whole; a function also called by the script keeps the script's part.
    The <module> code of `kept_files` (the parent packages `python -m` imports) is kept whole too.
    """
    module_files = (script, os.path.join(script, "__main__.py")) + tuple(kept_files)
    module_keys = set(key for key in stats if key[2] == "<module>" and key[0] in module_files)
    callees = {}
    for key, value in stats.items():
        for caller in value[4]:
            callees.setdefault(caller, []).append(key)
    # The launcher, and the helper's own functions the script reached (its os._exit, a signal
    # handler saving the profile, the sampler's ticks), with what only they called.
    roots = [
        key
        for key, value in stats.items()
        if (not value[4] and ((key[2] in _RUNPY_LAUNCHERS and _is_runpy_file(key[0])) or key == _PROFILER_DISABLE))
        or (key[0] != "~" and _normalised(key[0]) in _HELPER_FILES)
    ]
    removed = set(roots)
    queue = list(roots)
    while queue:
        gone = queue.pop()
        for key in callees.get(gone, ()):
            if key in removed:
                continue
            pcalls, ncalls, tottime, cumtime, callers = stats[key]
            edge = callers.pop(gone, None)
            if edge is None or key in module_keys:
                continue
            e_pcalls, e_ncalls, e_tottime, e_cumtime = pyops_stats.edge_numbers(edge)
            pcalls = max(pcalls - e_pcalls, 0)
            ncalls = max(ncalls - e_ncalls, 0)
            tottime = max(tottime - e_tottime, 0.0)
            cumtime = max(cumtime - e_cumtime, 0.0)
            if ncalls > 0 and (pcalls == 0 or cumtime < tottime):
                # A recursive function whose outermost call was the launcher's (exec running the
                # script, which execs imported modules): its remaining outermost calls are not
                # known exactly. Their callers' edges give the nearest possible numbers.
                remaining = [pyops_stats.edge_numbers(numbers) for numbers in callers.values()]
                pcalls = max(pcalls, min(ncalls, sum(numbers[0] for numbers in remaining) or ncalls))
                cumtime = max([cumtime, tottime] + [numbers[3] for numbers in remaining])
            stats[key] = (pcalls, ncalls, tottime, cumtime, callers)
            if ncalls <= 0 and not callers:
                removed.add(key)
                queue.append(key)
    for key in removed:
        del stats[key]
    # When the script calls exec itself, exec stays, and its edge to <module> is the launcher's.
    for key in module_keys:
        if key in stats:
            stats[key][4].pop(_BUILTIN_EXEC, None)
    return stats


def _without_lone_surrogates(text):
    # Python keeps undecodable bytes (os.fsdecode, surrogateescape) as lone surrogates, which UTF-8
    # cannot encode: show them as U+FFFD rather than lose the whole summary.
    return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in text)


def _write_json_atomically(path, data):
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    try:
        payload = text.encode("utf-8")
    except UnicodeEncodeError:
        payload = _without_lone_surrogates(text).encode("utf-8")
    temporary = path + ".partial"
    with open(temporary, "wb") as handle:
        handle.write(payload)
    os.replace(temporary, path)


def _base_summary(mode):
    return {
        "format": SUMMARY_FORMAT,
        "version": SUMMARY_VERSION,
        "mode": mode,
        "interpreter": interpreter_info(),
        "launchError": None,
    }


def _launch_error(summary_path, mode, kind, message):
    _say(message)
    summary = _base_summary(mode)
    summary["launchError"] = {"kind": kind, "message": message}
    try:
        _write_json_atomically(summary_path, summary)
    except OSError as error:
        _say("cannot write the summary file %s: %s" % (summary_path, error))
    return LAUNCH_ERROR_EXIT


# --------------------------------------------------------------------------------------------
# run mode


DEFAULT_INTERVAL = 0.005

# Audit events of process creation (direct children of the script; os.posix_spawn is not counted:
# subprocess uses it behind a subprocess.Popen event already) and, from Python 3.12, of thread
# starts (cProfile mixes threads there, see _Run.cprofile_sound).
_CHILD_EVENTS = frozenset(("subprocess.Popen", "os.system", "os.fork", "os.forkpty"))
_THREAD_EVENTS = frozenset(("_thread.start_new_thread", "_thread.start_joinable_thread"))


def _largest_sites(snapshot):
    """(sites, total) of a tracemalloc snapshot: its largest allocation sites by line, the helper's
    own left out, and the memory it traced in all.

    The total is the snapshot's own (the sum over every line, the helper's included), never a
    reading of tracemalloc taken apart from it: another thread (the script's, or the sampler's
    running a collection callback) may allocate between a reading and the copy, and a total from
    another moment could be smaller than a site it is shown with.
    """
    # Dropping the helper's lines from the statistics costs nothing; filter_traces would copy
    # every trace in Python first (seconds for a large heap).
    own = (tracemalloc.__file__,) + _HELPER_SOURCES
    sites = []
    total = 0
    for statistic in snapshot.statistics("lineno"):
        total += statistic.size
        if len(sites) == TOP_ALLOCATION_SITES:
            continue
        frame = statistic.traceback[0]
        if frame.filename in own:
            continue
        sites.append(
            {
                "file": frame.filename,
                "line": frame.lineno,
                "sizeBytes": statistic.size,
                "count": statistic.count,
            }
        )
    return sites, total


class _PeakSites:
    """The largest allocation sites near the highest traced memory (tracemalloc keeps only its size).

    Allocations trigger the garbage collector in the thread that allocates; after each collection
    the traced memory is read (cheap), and once it has grown well past the last look, a new
    snapshot replaces the old one. Only the last snapshot is kept (tracemalloc does not trace its
    own copy), and it is grouped by line once, at the end: grouping costs several times the copy.
    Snapshots are rationed to about a third of the run, so the sites can be from somewhat below
    the peak. `taken_at` is the reading that led to the snapshot, for the rationing and to tell
    whether it beats the end; the figure reported with its sites is the snapshot's own total.
    """

    GROWTH = 1.2
    MIN_STEP = 1 << 20
    # A snapshot that took t seconds of CPU allows the next one after RATION * t seconds of CPU.
    # CPU, not wall time: on a loaded machine a snapshot's wall time grows with the waits for a
    # core, and a wall-time ration could then skip the whole rise to the peak.
    RATION = 2.0
    # Windows' process clock moves in 15.6 ms steps, too coarse to time a snapshot: wall time there.
    CLOCK = staticmethod(time.perf_counter if sys.platform == "win32" else time.process_time)

    def __init__(self):
        self.snapshot = None
        self.taken_at = None
        self._pid = os.getpid()
        self._busy = False
        self._next_allowed = 0.0

    def start(self):
        gc.callbacks.append(self._after_collection)

    def stop(self):
        try:
            gc.callbacks.remove(self._after_collection)
        except ValueError:
            pass

    def _after_collection(self, phase, info):
        if phase != "stop" or self._busy or os.getpid() != self._pid or not tracemalloc.is_tracing():
            return
        current = tracemalloc.get_traced_memory()[0]
        last = self.taken_at or 0
        if current < max(last * self.GROWTH, last + self.MIN_STEP):
            return
        started = self.CLOCK()
        if started < self._next_allowed:
            return
        self._busy = True
        try:
            self.snapshot = None
            self.snapshot = tracemalloc.take_snapshot()
            self.taken_at = current
        finally:
            self._busy = False
            ended = self.CLOCK()
            self._next_allowed = ended + self.RATION * (ended - started)


class _Run:
    """State of one profiled run, kept where the signal handlers and os._exit can reach it."""

    def __init__(self, script, args, prof_path, summary_path, memory, module=None, sampling_only=False, interval=DEFAULT_INTERVAL):
        self.script = script
        # The module of a `python -m` run (None for a script); its file is known after the run.
        self.module = module
        # The parent packages' files a `python -m` run keeps (see remove_launcher_frames).
        self.kept_files = ()
        self.args = args
        self.prof_path = prof_path
        self.summary_path = summary_path
        self.memory = memory
        self.sampling_only = sampling_only
        self.interval = interval
        self.peak_sites = None
        self.profiler = None
        # (threading.Thread, cProfile.Profile) of each thread the script started (Python < 3.12).
        self.thread_profilers = []
        self.sampler = None
        self.counting = False
        self.children_started = 0
        self.threads_started = 0
        self.pid = os.getpid()
        self.start_wall = time.time()
        self.start_clock = time.perf_counter()
        self.start_times = os.times()
        self.finished = False

    def memory_stats(self):
        """Peak and end figures that cannot contradict their sites: each total is the traced memory
        of the very snapshot its sites come from, and the peak is read after every snapshot (and is
        at least their totals, should the script have reset it)."""
        if not tracemalloc.is_tracing():
            return None
        if self.peak_sites is not None:
            self.peak_sites.stop()
        at_end, current = _largest_sites(tracemalloc.take_snapshot())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        stats = {"peakBytes": max(peak, current), "currentBytes": current, "topSites": at_end}
        if self.peak_sites is not None:
            near_peak, near_peak_bytes = (None, 0)
            # Grouping a snapshot by line is its costly part: only one taken above the end is.
            taken_at = self.peak_sites.taken_at
            if self.peak_sites.snapshot is not None and taken_at is not None and taken_at > current:
                near_peak, near_peak_bytes = _largest_sites(self.peak_sites.snapshot)
            self.peak_sites.snapshot = None
            # Memory still rising at the end: the end is the nearest look at the peak.
            if near_peak_bytes <= current:
                near_peak, near_peak_bytes = at_end, current
            stats["peakSites"] = near_peak
            stats["peakSitesBytes"] = near_peak_bytes
            stats["peakBytes"] = max(stats["peakBytes"], near_peak_bytes)
        return stats

    def start(self):
        """Starts sampling and profiling, just before the script's first line."""
        self.start_clock = time.perf_counter()
        # From 3.12, while cProfile counts, the sampler thread must run no Python code (see
        # pyops_sampler): it stays quiet until the script starts a thread and cProfile stops.
        quiet = not self.sampling_only and sys.version_info >= (3, 12)
        self.sampler = pyops_sampler.Sampler(self.interval, _LAUNCHER_FILES, quiet=quiet)
        # The sampler's thread starts first: it gets no profiler of its own and no thread count.
        self.sampler.start()
        self.counting = True
        if not self.sampling_only:
            if sys.version_info < (3, 12):
                threading.setprofile(_start_thread_profiler)
            self.profiler = cProfile.Profile()
        self.start_times = os.times()
        if self.profiler is not None:
            self.profiler.enable()

    def stop_profilers(self):
        if self.profiler is not None:
            self.profiler.disable()

    def cprofile_sound(self):
        """True when cProfile's numbers are exact: always before 3.12, where each thread has its
        own profiler; from 3.12 only while the script ran no other thread (one shared profiler)."""
        if sys.version_info < (3, 12):
            return True
        others = [record for record in self.sampler.all_threads() if record.ident != threading.main_thread().ident]
        return self.threads_started == 0 and not others

    def finish(self, exit_status, exit_code, exception=None):
        """Stops profiling and writes the .prof and the summary; safe to call once only."""
        # Another Ctrl-C or signal must not cut the writing of what was profiled; ignore them
        # before claiming the work, so a signal handler cannot exit halfway through it.
        if threading.current_thread() is threading.main_thread():
            for number in _STOP_SIGNALS + (signal.SIGINT,):
                try:
                    signal.signal(number, signal.SIG_IGN)
                except (ValueError, OSError):
                    pass
        if self.finished:
            return
        self.finished = True
        wall_time = time.perf_counter() - self.start_clock
        self.stop_profilers()
        self.counting = False
        threading.setprofile(None)
        end_times = os.times()
        self.sampler.stop()
        memory = self.memory_stats() if self.memory else None
        if self.module is not None:
            self.script = _module_file(self.module) or self.module
            self.kept_files = _parent_package_files(self.module)
        result = _collect_results(self)
        with open(self.prof_path, "wb") as handle:
            marshal.dump(result["pstats"], handle)
        summary = _base_summary("run")
        summary.update(result["summary"])
        summary["run"] = {
            "script": self.script,
            "module": self.module,
            "args": self.args,
            "cwd": os.getcwd(),
            "startTime": _iso_time(self.start_wall),
            "wallTime": wall_time,
            "exitStatus": exit_status,
            "exitCode": exit_code,
            "exception": exception,
        }
        sampler_cpu = self.sampler.sampler_cpu
        summary["process"] = {
            "cpu": max(
                (end_times[0] + end_times[1]) - (self.start_times[0] + self.start_times[1]) - sampler_cpu, 0.0
            ),
            "samplerCpu": sampler_cpu,
            "children": {
                "count": self.children_started,
                "cpu": max((end_times[2] + end_times[3]) - (self.start_times[2] + self.start_times[3]), 0.0),
            },
        }
        summary["memory"] = memory
        _write_json_atomically(self.summary_path, summary)


def _start_thread_profiler(frame, event, arg):
    """threading.setprofile hook (Python < 3.12): gives each new thread a cProfile of its own."""
    sys.setprofile(None)
    run = _active_run()
    if run is None or not run.counting:
        return
    profiler = cProfile.Profile()
    run.thread_profilers.append((threading.current_thread(), profiler))
    profiler.enable()


def _audit(event, args):
    if event not in _CHILD_EVENTS and event not in _THREAD_EVENTS:
        return
    run = _current_run
    if run is None or not run.counting or run.pid != os.getpid():
        return
    if event in _CHILD_EVENTS:
        run.children_started += 1
        return
    run.threads_started += 1
    if run.profiler is not None and run.threads_started == 1:
        # Python 3.12+: from here on every thread's calls would reach the one profiler, mixed into
        # one call stack: its numbers become unsound, and CPython 3.12 can even crash on it. It
        # stops here; the samples carry on for every thread.
        run.profiler.disable()
        run.sampler.resume_ticks()


def _collect_results(run):
    """The .prof data and the summary's function, thread and sample sections of a finished run."""
    sampler = run.sampler
    records = sampler.all_threads()
    main_ident = threading.main_thread().ident
    threads = []
    for record in records:
        record.index = len(threads)
        threads.append(
            {
                "name": record.name,
                "ident": record.ident,
                "nativeId": record.native_id,
                "main": record.ident == main_ident,
                "cpu": record.cpu_total if sampler.has_thread_cpu or record.ident == main_ident else None,
                "wait": record.wait_total if sampler.has_thread_cpu else None,
                "wall": max(record.last - record.first, 0.0),
                "profiled": False,
                "sampled": True,
                "exited": record.ended,
            }
        )
    by_thread_object = dict((id(record.thread), record) for record in records if record.thread is not None)
    # A thread seen only while it was starting (before threading registered it) is known by ident.
    unregistered = dict((record.ident, record) for record in records if record.thread is None)
    samples = [(record, state, codes, seconds) for record, state, codes, seconds, _ in sampler.stacks()]
    notes = list(sampler.notes)

    per_thread = []  # (thread index, pstats rows)
    if run.profiler is not None:
        run.profiler.create_stats()
        main_stats = remove_launcher_frames(dict(run.profiler.stats), run.script, run.kept_files)
        if run.cprofile_sound():
            per_thread.append((0, pyops_stats.merge_stats({}, main_stats)))
            for thread, profiler in run.thread_profilers:
                profiler.create_stats()
                stats = remove_launcher_frames(dict(profiler.stats), run.script, run.kept_files)
                record = by_thread_object.get(id(thread))
                if record is None:
                    record = unregistered.pop(thread.ident, None)
                    if record is not None:
                        threads[record.index]["name"] = thread.name
                        threads[record.index]["nativeId"] = getattr(thread, "native_id", None)
                if record is None:
                    # Started and ended between two samples: known from its profiler only.
                    record_index = len(threads)
                    threads.append(
                        {
                            "name": thread.name,
                            "ident": thread.ident,
                            "nativeId": getattr(thread, "native_id", None),
                            "main": False,
                            "cpu": None,
                            "wait": None,
                            "wall": None,
                            "profiled": True,
                            "sampled": False,
                            "exited": not thread.is_alive(),
                        }
                    )
                else:
                    record_index = record.index
                per_thread.append((record_index, pyops_stats.merge_stats({}, stats)))
            for thread_index, _ in per_thread:
                threads[thread_index]["profiled"] = True
            timing = "cprofile"
            unprofiled = [entry["name"] for entry in threads if not entry["profiled"]]
            if unprofiled:
                notes.append(
                    "Not counted by cProfile (started without threading.Thread): %s. Their stacks are "
                    "in the flame graph only." % ", ".join(unprofiled)
                )
        else:
            # One profiler saw every thread's calls mixed into one stack: its times, and even its
            # call counts (a call is counted when the top of that stack returns), are unsound.
            timing = "samples"
            notes.append(
                "Python %d.%d's cProfile mixes the calls of all threads into one call stack, so with "
                "several threads its numbers are unsound: it was stopped when the script started its "
                "first thread, times come from the samples, and calls are not counted."
                % sys.version_info[:2]
            )
            per_thread = _sampled_rows_by_thread(samples, None)
    else:
        timing = "samples"
        per_thread = _sampled_rows_by_thread(samples, None)

    merged = {}
    for _, rows in per_thread:
        pyops_stats.merge_stats(merged, pyops_stats.as_pstats(rows))
    pstats_data = pyops_stats.as_pstats(merged)
    section, function_index = pyops_stats.stats_summary(pstats_data)
    breakdown = []
    if len(per_thread) > 1:
        for thread_index, rows in per_thread:
            for key, row in rows.items():
                position = function_index.get(key)
                if position is not None:
                    breakdown.append([position, thread_index, row[0], row[1], row[2], row[3]])
    section["profiler"] = "sampling" if run.sampling_only else "cprofile+sampling"
    section["timing"] = timing
    section["callCounts"] = timing == "cprofile"
    section["threadBreakdown"] = breakdown
    section["threads"] = threads
    section["sampling"] = _sampling_section(sampler, samples)
    section["notes"] = notes
    return {"pstats": pstats_data, "summary": section}


def _sampled_rows_by_thread(samples, calls):
    by_thread = {}
    for record, _, codes, seconds in samples:
        by_thread.setdefault(record.index, []).append((codes, seconds))
    return [
        (thread_index, pyops_stats.stats_from_samples(entries, calls))
        for thread_index, entries in sorted(by_thread.items())
    ]


def _sampling_section(sampler, samples):
    frames = []
    frame_index = {}

    def index_of(code):
        key = pyops_stats.code_key(code)
        position = frame_index.get(key)
        if position is None:
            position = frame_index[key] = len(frames)
            frames.append(list(key))
        return position

    stacks = []
    for record, state, codes, seconds in samples:
        stacks.append([record.index, state, seconds] + [index_of(code) for code in reversed(codes)])
    awaits = []
    for codes, seconds, _ in sampler.awaits():
        awaits.append([seconds] + [index_of(code) for code in codes])
    return {
        "interval": sampler.interval,
        "mainTimer": sampler.main_timer,
        "threadCpu": sampler.has_thread_cpu,
        "ticks": sampler.ticks,
        "frames": frames,
        "stacks": stacks,
        "awaits": awaits,
    }


def _iso_time(seconds):
    whole = int(seconds)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))
    return "%s.%06dZ" % (stamp, int((seconds - whole) * 1e6))


_current_run = None

# Signals that stop a run from outside (cancel escalation, `timeout`, a closed terminal): the
# profile of what ran is saved, then the helper exits with 128 + the signal number, as a process
# killed by it would report.
_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _active_run():
    """The run of this process, or None in a child forked by the script (it has no run to save)."""
    run = _current_run
    if run is None or run.finished or run.pid != os.getpid():
        return None
    return run


def _on_stop_signal(signum, frame):
    run = _active_run()
    if run is None:
        # A process forked by the script inherits this handler: behave as the default would.
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    _flush_standard_streams()
    try:
        run.finish("cancelled", 128 + signum)
    except Exception as error:  # the partial profile is best effort here
        _say("could not write the partial profile: %s" % error)
    _real_os_exit(128 + signum)


_real_os_exit = os._exit


def _os_exit_saving_profile(status):
    """os._exit for the profiled script: saves the profile first, then exits with the same status.

    Output the script left in its buffers is lost, as with the real os._exit.
    """
    run = _active_run()
    if run is not None:
        try:
            run.finish("exited", status & 0xFF if isinstance(status, int) else 1)
        except Exception as error:
            _say("could not write the profile before os._exit: %s" % error)
    _real_os_exit(status)


_os_exit_saving_profile.__name__ = "_exit"
_os_exit_saving_profile.__qualname__ = "_exit"
_os_exit_saving_profile.__doc__ = _real_os_exit.__doc__
_os_exit_saving_profile.__module__ = _real_os_exit.__module__


def _flush_standard_streams():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _system_exit_code(exc):
    """Exit code of a SystemExit the way the interpreter computes it (and prints non-int codes)."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, bool):
        return int(code)
    if isinstance(code, int):
        return code & 0xFF if code >= 0 else code % 256
    try:
        sys.stderr.write(str(code) + "\n")
    except Exception:
        pass
    return 1


# Modules the helper imported that must stay shared with the script: the threading state of the
# running process, and what runpy needs while it runs the script.
_SHARED_MODULES = ("threading", "runpy", "pkgutil", "importlib", "cProfile", "_lsprof")


def _forget_helper_modules():
    """Drops the helper's own Python imports from sys.modules (the helper keeps its references).

    The script then imports json, traceback... itself, from its own folder first, exactly as under
    plain Python; extension modules and what must stay shared are kept.
    """
    for name in list(sys.modules):
        if name in _PRELOADED_MODULES or name.split(".")[0] in _SHARED_MODULES:
            continue
        module = sys.modules.get(name)
        source = getattr(module, "__file__", None) or ""
        if source.endswith((".py", ".pyc")):
            del sys.modules[name]


def _script_search_path(script_dir):
    """sys.path as `python SCRIPT` would start it: the script's folder first (unless safe_path)."""
    if getattr(sys.flags, "safe_path", False):
        # -P / PYTHONSAFEPATH: Python adds no folder for the script; the helper's own goes too.
        if sys.path and _normalised(sys.path[0]) == _normalised(os.path.dirname(_HELPER_FILE)):
            del sys.path[0]
        return
    if sys.path:
        sys.path[0] = script_dir
    else:
        sys.path.insert(0, script_dir)


def _install_stop_handlers():
    for number in _STOP_SIGNALS:
        try:
            signal.signal(number, _on_stop_signal)
        except (ValueError, OSError):
            pass
    os._exit = _os_exit_saving_profile
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_forget_run_in_child)


def _forget_run_in_child():
    # A child forked by the script (multiprocessing, os.fork) is not the profiled run: it runs
    # unprofiled, as under plain Python, with the real os._exit and default handlers for the
    # signals the helper took. (Interval timers and threads do not survive a fork.)
    os._exit = _real_os_exit
    run = _current_run
    if run is not None and run.pid != os.getpid():
        run.counting = False
        threading.setprofile(None)
        sys.setprofile(None)
        if run.profiler is not None:
            try:
                run.profiler.disable()
            except Exception:
                pass
    for number in _STOP_SIGNALS:
        try:
            if signal.getsignal(number) is _on_stop_signal:
                signal.signal(number, signal.SIG_DFL)
        except (ValueError, OSError):
            pass


# --------------------------------------------------------------------------------------------
# Modules (python -m)


def _module_file(name):
    """The file `python -m name` ran (a package's __main__.py), or None.

    Looked up after the run and only when its parent packages are imported already: finding a
    submodule imports its parents, which must not run the script's code a second time.
    """
    parts = name.split(".")
    if any(".".join(parts[:end]) not in sys.modules for end in range(1, len(parts))):
        return None
    try:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations is not None:
            if name not in sys.modules:
                return None
            spec = importlib.util.find_spec(name + ".__main__")
    except (ImportError, ValueError, AttributeError):
        return None
    origin = getattr(spec, "origin", None)
    return os.path.abspath(origin) if origin and os.path.isfile(origin) else None


def _parent_package_files(name):
    """The __init__.py files `python -m name` imports before running name (and name itself, a package)."""
    parts = name.split(".")
    files = []
    for end in range(1, len(parts) + 1):
        package = sys.modules.get(".".join(parts[:end]))
        path = getattr(package, "__file__", None)
        if path and getattr(package, "__path__", None) is not None:
            files.append(os.path.abspath(path))
    return tuple(files)


def _is_module_lookup_error(exc):
    """True for runpy's own ImportError: the module (or a parent package) could not be found."""
    if not isinstance(exc, ImportError):
        return False
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and _is_runpy_file(tb.tb_frame.f_code.co_filename)


def _join_script_threads(run):
    """Waits for the script's non-daemon threads, as the interpreter does before it exits."""
    current = threading.current_thread()
    sampler_thread = run.sampler.thread
    while True:
        pending = [
            thread
            for thread in threading.enumerate()
            if thread is not current and thread is not sampler_thread and not thread.daemon and thread.is_alive()
        ]
        if not pending:
            return
        for thread in pending:
            thread.join()


def run_script(script, args, prof_path, summary_path, memory, module=None, sampling_only=False, interval=DEFAULT_INTERVAL):
    global _current_run

    if module is None:
        script = os.path.abspath(script)
        if not os.path.exists(script):
            return _launch_error(
                summary_path, "run", "script-not-found", "script not found: %s" % script
            )
    interpreter_info()

    if module is None:
        sys.argv = [script] + list(args)
        search_dir = os.path.dirname(script) if os.path.isfile(script) else script
    else:
        # As `python -m`: argv[0] becomes the module's file once runpy found it.
        sys.argv = [module] + list(args)
        search_dir = os.getcwd()
    _forget_helper_modules()
    _script_search_path(search_dir)

    run = _Run(script, list(args), prof_path, summary_path, memory, module, sampling_only, interval)
    _current_run = run
    _install_stop_handlers()
    sys.addaudithook(_audit)
    if memory:
        tracemalloc.start()
        run.peak_sites = _PeakSites()
        run.peak_sites.start()

    exit_status, exit_code, exception = "completed", 0, None
    run.start()
    try:
        if module is None:
            runpy.run_path(script, run_name="__main__")
        else:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        exit_status, exit_code = "exited", _system_exit_code(exc)
    except KeyboardInterrupt as exc:
        # As plain Python does: show where the script was when it was stopped.
        _print_traceback(exc, _strip_helper_frames(exc.__traceback__))
        exit_status, exit_code = "cancelled", 130
    except BaseException as exc:  # the script's own failure: keep profile, show its traceback
        if module is not None and _is_module_lookup_error(exc):
            # What `python -m` reports (No module named ...): nothing of the script ran.
            run.stop_profilers()
            run.counting = False
            run.sampler.stop()
            return _launch_error(summary_path, "run", "module-not-found", str(exc))
        _print_traceback(exc, _strip_helper_frames(exc.__traceback__))
        exit_status, exit_code = "raised", 1
        exception = exception_info(exc)
    if exit_status != "cancelled":
        try:
            _join_script_threads(run)
        except KeyboardInterrupt:
            exit_status, exit_code = "cancelled", 130
    run.stop_profilers()
    _flush_standard_streams()
    try:
        run.finish(exit_status, exit_code, exception)
    except OSError as error:
        _say("cannot write the profile output: %s" % error)
        return LAUNCH_ERROR_EXIT
    return exit_code


# --------------------------------------------------------------------------------------------
# convert mode


def convert(prof_path, summary_path):
    import pstats  # no script runs in this mode: nothing can shadow it

    if not os.path.isfile(prof_path):
        return _launch_error(
            summary_path, "convert", "profile-not-found", "profile file not found: %s" % prof_path
        )
    try:
        stats = pstats.Stats(prof_path).stats
    except Exception as error:  # marshal/format errors vary between versions
        return _launch_error(
            summary_path,
            "convert",
            "bad-profile-file",
            "%s is not a valid profile file: %s: %s" % (prof_path, type(error).__name__, error),
        )
    problem = pstats_problem(stats)
    if problem:
        return _launch_error(
            summary_path, "convert", "bad-profile-file", "%s is not a valid profile file: %s" % (prof_path, problem)
        )
    summary = _base_summary("convert")
    summary.update(pyops_stats.stats_summary(stats)[0])
    summary["run"] = None
    summary["memory"] = None
    _write_json_atomically(summary_path, summary)
    return 0


# --------------------------------------------------------------------------------------------
# timeit mode


def time_statements(statement, setup, directory, repeat, summary_path):
    # Imported before the file's folder is on sys.path, like the helper's other modules.
    import textwrap
    import timeit

    interpreter_info()
    if directory:
        os.chdir(directory)
        _forget_helper_modules()
        _script_search_path(directory)
    summary = _base_summary("timeit")
    namespace = {"__name__": "__main__"}
    try:
        # Selections from inside a function or block are indented; timeit needs them flush left.
        timer = timeit.Timer(
            textwrap.dedent(statement), textwrap.dedent(setup or "pass"), globals=namespace
        )
        loops, _ = timer.autorange()
        totals = timer.repeat(repeat=repeat, number=loops)
        per_loop = [total / loops for total in totals]
        summary["timeit"] = {"loops": loops, "perLoop": per_loop, "exception": None}
        exit_code = 0
    except KeyboardInterrupt:
        return _launch_error(summary_path, "timeit", "cancelled", "timing cancelled")
    except BaseException as exc:
        _print_traceback(exc, _strip_timeit_frames(exc.__traceback__))
        summary["timeit"] = {"loops": 0, "perLoop": [], "exception": exception_info(exc)}
        exit_code = 1
    _flush_standard_streams()
    _write_json_atomically(summary_path, summary)
    return exit_code


def _strip_timeit_frames(tb):
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not (_is_helper_frame(filename) or os.path.basename(filename) == "timeit.py"):
            break
        tb = tb.tb_next
    return tb


# --------------------------------------------------------------------------------------------
# Command line


class UsageError(Exception):
    pass


def _parse(argv):
    """Small hand parser: argparse would print usage to stdout and exit on its own."""
    if not argv:
        raise UsageError("missing mode (run, convert or timeit)")
    mode, rest = argv[0], list(argv[1:])
    options = {"memory": False, "module": False, "sampling-only": False, "positional": []}
    with_value = ("--prof", "--summary", "--stmt", "--setup", "--directory", "--repeat", "--interval")
    while rest:
        item = rest.pop(0)
        if item == "--":
            options["positional"].extend(rest)
            break
        if item in ("--memory", "--module", "--sampling-only"):
            options[item[2:]] = True
        elif item in with_value:
            if not rest:
                raise UsageError("%s needs a value" % item)
            options[item[2:]] = rest.pop(0)
        elif item.startswith("--"):
            raise UsageError("unknown option %s" % item)
        else:
            options["positional"].append(item)
            if mode == "run":  # everything after the script belongs to the script
                options["positional"].extend(rest)
                break
    if "summary" not in options:
        raise UsageError("--summary is required")
    return mode, options


def main(argv):
    try:
        mode, options = _parse(argv)
    except UsageError as error:
        _say("usage error: %s" % error)
        return LAUNCH_ERROR_EXIT
    positional = options["positional"]
    summary_path = options["summary"]
    if mode == "run":
        if not positional or "prof" not in options:
            return _launch_error(summary_path, mode, "usage", "run needs --prof and a script")
        module = positional[0] if options["module"] else None
        try:
            interval = float(options.get("interval", DEFAULT_INTERVAL))
        except ValueError:
            interval = -1.0
        if not 0.0001 <= interval <= 1.0:
            return _launch_error(summary_path, mode, "usage", "--interval must be seconds between 0.0001 and 1")
        return run_script(
            positional[0],
            positional[1:],
            options["prof"],
            summary_path,
            options["memory"],
            module,
            options["sampling-only"],
            interval,
        )
    if mode == "convert":
        if len(positional) != 1:
            return _launch_error(summary_path, mode, "usage", "convert needs one profile file")
        return convert(positional[0], summary_path)
    if mode == "timeit":
        if "stmt" not in options:
            return _launch_error(summary_path, mode, "usage", "timeit needs --stmt")
        try:
            repeat = max(1, int(options.get("repeat", "5")))
        except ValueError:
            return _launch_error(summary_path, mode, "usage", "--repeat must be a number")
        return time_statements(
            options["stmt"], options.get("setup"), options.get("directory"), repeat, summary_path
        )
    return _launch_error(summary_path, mode, "usage", "unknown mode %s" % mode)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
