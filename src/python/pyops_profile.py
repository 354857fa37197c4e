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

SUMMARY_FORMAT = "pyops-profile-summary"
SUMMARY_VERSION = 1
MESSAGE_PREFIX = "[pyops-profile] "
TOP_ALLOCATION_SITES = 50
LAUNCH_ERROR_EXIT = 2

_HELPER_FILE = os.path.abspath(__file__)


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


def _is_helper_frame(filename):
    if not filename:
        return False
    if _normalised(filename) == _normalised(_HELPER_FILE):
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


def _edge_numbers(value):
    # cProfile stores (pcalls, ncalls, tottime, cumtime) per caller; the old `profile` module an int.
    if isinstance(value, tuple):
        return list(value[:4])
    return [value, value, 0.0, 0.0]


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
            edges.append([caller_index, position] + _edge_numbers(numbers))
    return {"functions": functions, "edges": edges, "totalTime": total_time}


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
    helper_file = _normalised(_HELPER_FILE)
    # The launcher, and the helper's own functions the script reached (its os._exit, a signal
    # handler saving the profile), with what only they called.
    roots = [
        key
        for key, value in stats.items()
        if (not value[4] and ((key[2] in _RUNPY_LAUNCHERS and _is_runpy_file(key[0])) or key == _PROFILER_DISABLE))
        or (key[0] != "~" and _normalised(key[0]) == helper_file)
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
            e_pcalls, e_ncalls, e_tottime, e_cumtime = _edge_numbers(edge)
            pcalls -= e_pcalls
            ncalls -= e_ncalls
            stats[key] = (
                max(pcalls, 0),
                max(ncalls, 0),
                max(tottime - e_tottime, 0.0),
                max(cumtime - e_cumtime, 0.0),
                callers,
            )
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


class _Run:
    """State of one profiled run, kept where the signal handlers and os._exit can reach it."""

    def __init__(self, script, args, prof_path, summary_path, memory, module=None):
        self.script = script
        # The module of a `python -m` run (None for a script); its file is known after the run.
        self.module = module
        self.args = args
        self.prof_path = prof_path
        self.summary_path = summary_path
        self.memory = memory
        self.profiler = None
        self.pid = os.getpid()
        self.start_wall = time.time()
        self.start_clock = time.perf_counter()
        self.finished = False

    def memory_stats(self):
        if not tracemalloc.is_tracing():
            return None
        current, peak = tracemalloc.get_traced_memory()
        snapshot = tracemalloc.take_snapshot().filter_traces(
            (
                tracemalloc.Filter(False, tracemalloc.__file__),
                tracemalloc.Filter(False, _HELPER_FILE),
            )
        )
        tracemalloc.stop()
        sites = []
        for statistic in snapshot.statistics("lineno")[:TOP_ALLOCATION_SITES]:
            frame = statistic.traceback[0]
            sites.append(
                {
                    "file": frame.filename,
                    "line": frame.lineno,
                    "sizeBytes": statistic.size,
                    "count": statistic.count,
                }
            )
        return {"peakBytes": peak, "currentBytes": current, "topSites": sites}

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
        self.profiler.disable()
        memory = self.memory_stats() if self.memory else None
        self.profiler.create_stats()
        kept_files = ()
        if self.module is not None:
            self.script = _module_file(self.module) or self.module
            kept_files = _parent_package_files(self.module)
        stats = remove_launcher_frames(self.profiler.stats, self.script, kept_files)
        with open(self.prof_path, "wb") as handle:
            marshal.dump(stats, handle)
        summary = _base_summary("run")
        summary.update(stats_summary(stats))
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
        summary["memory"] = memory
        _write_json_atomically(self.summary_path, summary)


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
    # A child forked by the script (multiprocessing, os.fork) is not the profiled run: it gets the
    # real os._exit and default handlers for the signals the helper took.
    os._exit = _real_os_exit
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


def run_script(script, args, prof_path, summary_path, memory, module=None):
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

    run = _Run(script, list(args), prof_path, summary_path, memory, module)
    _current_run = run
    _install_stop_handlers()
    if memory:
        tracemalloc.start()
    run.profiler = cProfile.Profile()

    exit_status, exit_code, exception = "completed", 0, None
    run.start_clock = time.perf_counter()
    run.profiler.enable()
    try:
        if module is None:
            runpy.run_path(script, run_name="__main__")
        else:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        run.profiler.disable()
        exit_status, exit_code = "exited", _system_exit_code(exc)
    except KeyboardInterrupt as exc:
        run.profiler.disable()
        # As plain Python does: show where the script was when it was stopped.
        _print_traceback(exc, _strip_helper_frames(exc.__traceback__))
        exit_status, exit_code = "cancelled", 130
    except BaseException as exc:  # the script's own failure: keep profile, show its traceback
        run.profiler.disable()
        if module is not None and _is_module_lookup_error(exc):
            # What `python -m` reports (No module named ...): nothing of the script ran.
            return _launch_error(summary_path, "run", "module-not-found", str(exc))
        _print_traceback(exc, _strip_helper_frames(exc.__traceback__))
        exit_status, exit_code = "raised", 1
        exception = exception_info(exc)
    finally:
        run.profiler.disable()
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
            "%s is not a pstats profile (%s: %s)" % (prof_path, type(error).__name__, error),
        )
    summary = _base_summary("convert")
    summary.update(stats_summary(stats))
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
    options = {"memory": False, "module": False, "positional": []}
    with_value = ("--prof", "--summary", "--stmt", "--setup", "--directory", "--repeat")
    while rest:
        item = rest.pop(0)
        if item == "--":
            options["positional"].extend(rest)
            break
        if item == "--memory":
            options["memory"] = True
        elif item == "--module":
            options["module"] = True
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
        return run_script(
            positional[0], positional[1:], options["prof"], summary_path, options["memory"], module
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
