"""Stack sampler of the PyOps profiling helper (standard library only, Python 3.8+).

Samples the true call stacks of every thread while the script runs and tells working (on CPU)
from waiting (off CPU: sleep, locks, poll/select, child processes, sockets):

- The main thread's on-CPU stack comes from a CPU-time interval timer (setitimer ITIMER_PROF).
  The kernel fires it by CPU time, independently of the GIL, and the Python handler runs in the
  main thread with the frame it interrupted; each sample is charged the main thread's own CPU time
  since the previous one (its thread CPU clock).
- A daemon thread wakes every interval, reads sys._current_frames() and charges every other
  thread its CPU time since the last look (time.pthread_getcpuclockid) as working and the rest of
  the interval as waiting, at the stack it is at. For the main thread it charges only the waiting
  part (the timer charges the working part).
- Suspended asyncio tasks' await chains (cr_await) are sampled the same way, as await time.

From Python 3.12 cProfile is built on sys.monitoring, whose events from every thread reach its
one profiler: Python code run by the daemon thread while cProfile counts would mix into the main
thread's call stack, giving impossible numbers, and can crash CPython 3.12. So while cProfile runs
there (`quiet`), the daemon thread runs no Python code at all: a loop of C iterators sleeps and
sends the main thread SIGPROF (pthread_kill) every interval, and the main thread's handler charges
its working time and the wall time it spent waiting since the previous sample, where it is. The
handler is restarted-syscall safe (siginterrupt off): a blocking call resumes, and the handler runs
when it returns, with the caller of the blocking call on the stack. The helper stops cProfile when
the script starts a second thread (its numbers become unsound then); the daemon thread then samples
every thread as above. (faulthandler.dump_traceback_later looks attractive but crashed CPython
3.11-3.13.)
"""

import functools
import os
import signal
import sys
import threading
import time

WORKING = 0
WAITING = 1
# Without a per-thread CPU clock the split is unknown: the sample is charged as elapsed time.
UNSPLIT = 2

# Await chains of more tasks than this are sampled with a stride, each weighted accordingly.
MAX_TASKS_PER_TICK = 200


class ThreadRecord:
    """What the sampler learnt about one thread."""

    __slots__ = ("ident", "thread", "name", "native_id", "first", "last", "cpu", "cpu_total", "wait_total", "index", "ended")

    def __init__(self, ident, thread, now, cpu):
        self.ident = ident
        self.thread = thread
        self.name = getattr(thread, "name", None) or "Thread-%d" % ident
        self.native_id = getattr(thread, "native_id", None)
        self.first = now
        self.last = now
        self.cpu = cpu
        self.cpu_total = 0.0
        self.wait_total = 0.0
        self.index = -1
        self.ended = False


def _thread_cpu_reader():
    """Returns (read(ident) -> seconds or None) when threads' CPU clocks are readable, else None."""
    getcpuclockid = getattr(time, "pthread_getcpuclockid", None)
    if getcpuclockid is None or not hasattr(time, "clock_gettime"):
        return None
    clock_gettime = time.clock_gettime

    def read(ident):
        try:
            return clock_gettime(getcpuclockid(ident))
        except (OSError, OverflowError, ValueError):
            return None

    if read(threading.get_ident()) is None:
        return None
    return read


class Sampler:
    """Samples every thread's stack; start() before the script runs, stop() after it."""

    def __init__(self, interval, launcher_files, quiet=False):
        self.interval = interval
        # See the module docstring: no Python code in the sampler thread until resume_ticks().
        self._ticking = not quiet
        # (helper files, runpy files): the main thread runs the script below the helper's and
        # runpy's frames; the helper's own frames at a leaf (a signal handler, the audit hook) are
        # not the script's either.
        helper_files, runpy_files = launcher_files
        self._helper_files = frozenset(helper_files)
        self._runpy_files = frozenset(runpy_files)
        self._main_ident = threading.main_thread().ident
        self._own_ident = None
        self.thread = None
        self._stopping = False
        self._read_cpu = _thread_cpu_reader()
        self.main_timer = "itimer" if hasattr(signal, "setitimer") and hasattr(signal, "SIGPROF") else "thread"
        self._previous_sigprof = None
        self._main_cpu_last = 0.0
        self._main_wall_last = 0.0
        self._await_last = 0.0
        self._ready = threading.Event()
        # One writer each: the SIGPROF handler (main thread) and the sampler thread.
        self._main_work = {}
        self._main_wait = {}
        self._thread_samples = {}
        self._awaits = {}
        self.threads = {}
        self.ended_threads = []
        self._last_tick = None
        self.sampler_cpu = 0.0
        self.ticks = 0
        self.notes = []

    # -- lifecycle --------------------------------------------------------------------------

    @property
    def has_thread_cpu(self):
        return self._read_cpu is not None

    def start(self):
        now = time.perf_counter()
        self._last_tick = now
        main = threading.main_thread()
        # The main thread's CPU clock so far is the helper's start-up, not the script's.
        self.threads[self._main_ident] = ThreadRecord(
            self._main_ident, main, now, self._read_cpu(self._main_ident) if self._read_cpu else None
        )
        if self.main_timer == "itimer":
            try:
                self._main_cpu_last = time.thread_time()
                self._main_wall_last = self._await_last = now
                self._previous_sigprof = signal.signal(signal.SIGPROF, self._on_sigprof)
                # Restart interrupted system calls: C extensions that do not expect EINTR are not
                # disturbed, and the handler still runs when the call returns.
                signal.siginterrupt(signal.SIGPROF, False)
                signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)
            except (ValueError, OSError, AttributeError):
                self.main_timer = "thread"
        if not self._ticking and (self.main_timer != "itimer" or not hasattr(signal, "pthread_kill")):
            self.notes.append(
                "This platform cannot sample the main thread without Python code in a second thread, "
                "which cProfile would count: nothing is sampled until the script starts a thread."
            )
        self.thread = threading.Thread(target=self._run, name="pyops-sampler", daemon=True)
        self.thread.start()
        # The sampler thread's own start-up calls must be over before cProfile starts counting.
        self._ready.wait(5.0)
        if self.main_timer == "thread":
            self.notes.append(
                "No CPU-time timer (setitimer) here: the main thread is sampled from a thread, which "
                "sees it only where it releases the GIL."
            )
        if self._read_cpu is None:
            self.notes.append(
                "No per-thread CPU clock here (time.pthread_getcpuclockid): other threads' time is "
                "not split into working and waiting."
            )

    def stop(self):
        """Stops sampling; the last partial interval of each thread is charged too."""
        # The thread first: in the quiet phase it sends SIGPROF, which must find the handler.
        self._stopping = True
        if self.thread is not None:
            self.thread.join(self.interval * 4 + 1.0)
        # A thread the OS has not run for that long (a loaded machine) may still send its SIGPROF
        # later, whose default action would kill the script before its profile is saved.
        late_kick = self.thread is not None and self.thread.is_alive()
        if self.main_timer == "itimer":
            try:
                signal.setitimer(signal.ITIMER_PROF, 0, 0)
                if signal.getsignal(signal.SIGPROF) == self._on_sigprof:
                    previous = self._previous_sigprof
                    if late_kick and previous in (None, signal.SIG_DFL):
                        previous = signal.SIG_IGN
                    signal.signal(signal.SIGPROF, previous or signal.SIG_DFL)
                else:
                    self.notes.append("The script replaced the SIGPROF handler: main-thread samples stopped there.")
            except (ValueError, OSError):
                pass
        self._tick()

    # -- stacks -----------------------------------------------------------------------------

    def _stack(self, frame):
        """The main thread's script frames, leaf first: () while it runs helper code.

        The script runs below runpy's frames, which run below the helper's: both are dropped, and
        a stack without runpy frames there (the helper printing a traceback) is not the script's.
        """
        codes = self._thread_stack(frame)
        helper = self._helper_files
        runpy_files = self._runpy_files
        while codes and codes[-1].co_filename in helper:
            codes.pop()
        if not codes or codes[-1].co_filename not in runpy_files:
            return ()
        while codes and codes[-1].co_filename in runpy_files:
            codes.pop()
        return tuple(codes)

    def _thread_stack(self, frame):
        """Code objects of `frame` and its callers, leaf first, without the helper's at the leaf."""
        codes = []
        helper = self._helper_files
        while frame is not None:
            code = frame.f_code
            if codes or code.co_filename not in helper:
                codes.append(code)
            frame = frame.f_back
        return codes

    @staticmethod
    def _charge(table, key, seconds):
        entry = table.get(key)
        if entry is None:
            table[key] = [seconds, 1]
        else:
            entry[0] += seconds
            entry[1] += 1

    # -- main thread: CPU-time timer --------------------------------------------------------

    def resume_ticks(self):
        """cProfile stopped: the sampler thread may run Python code again (from any thread)."""
        self._ticking = True

    def _on_sigprof(self, signum, frame):
        now = time.thread_time()
        spent = now - self._main_cpu_last
        self._main_cpu_last = now
        waited = 0.0
        if not self._ticking:
            # Quiet phase: the ticks do not see the main thread, this handler accounts for its time.
            wall = time.perf_counter()
            waited = max(wall - self._main_wall_last - max(spent, 0.0), 0.0)
            self._main_wall_last = wall
            record = self.threads.get(self._main_ident)
            if record is not None:
                record.cpu_total += max(spent, 0.0)
                record.wait_total += waited
            tasks_module = sys.modules.get("asyncio.tasks")
            if tasks_module is not None:
                # The event loop runs in this thread: its suspended tasks are sampled here too.
                self._sample_tasks(tasks_module, wall - self._await_last)
                self._await_last = wall
        if frame is None or (spent <= 0 and waited <= 0):
            return
        stack = self._stack(frame)
        if not stack:
            return
        if spent > 0:
            self._charge(self._main_work, stack, spent)
        if waited > 0:
            self._charge(self._main_wait, stack, waited)

    # -- the sampler thread -----------------------------------------------------------------

    def _run(self):
        self._own_ident = threading.get_ident()
        sleeps = iter(functools.partial(time.sleep, self.interval), True)
        if not self._ticking and self.main_timer == "itimer" and hasattr(signal, "pthread_kill"):
            kicks = iter(functools.partial(signal.pthread_kill, self._main_ident, signal.SIGPROF), True)
        else:
            kicks = iter(functools.partial(int), True)
        quiet = zip(sleeps, kicks)
        self._ready.set()
        # Quiet phase: C calls only (the loop's own bytecode raises no profiler event).
        for _ in quiet:
            if self._ticking or self._stopping:
                break
        if not self._stopping:
            self._resume_main_record()
            for _ in sleeps:
                if self._stopping:
                    break
                self._tick()
        if self._read_cpu is not None:
            self.sampler_cpu = self._read_cpu(self._own_ident) or 0.0

    def _resume_main_record(self):
        """Ticks take over the main thread's waiting from the handler: from now on."""
        record = self.threads.get(self._main_ident)
        if record is not None and self._main_wall_last:
            record.last = time.perf_counter()
            record.cpu = self._read_cpu(self._main_ident) if self._read_cpu else None

    def _tick(self):
        now = time.perf_counter()
        elapsed = now - self._last_tick
        self._last_tick = now
        self.ticks += 1
        frames = sys._current_frames()
        # This thread's own frame in that dict would make a reference cycle (the dict is a local
        # of this frame): every thread's frame objects, and the locals they hold once their call
        # returns, would then wait for the garbage collector instead of being freed at once, and
        # CPython 3.12.1's collector crashes on some of them (a BytesIO and its buffer).
        frames.pop(self._own_ident, None)
        frames.pop(threading.get_ident(), None)
        active = getattr(threading, "_active", {})
        threads = self.threads
        read_cpu = self._read_cpu
        main_ident = self._main_ident
        timer_on_main = self.main_timer == "itimer"
        for ident, frame in frames.items():
            if ident == self._own_ident:
                continue
            thread = active.get(ident)
            cpu = read_cpu(ident) if read_cpu is not None else None
            record = threads.get(ident)
            if record is not None and (
                (thread is not None and record.thread is not None and thread is not record.thread)
                or (cpu is not None and record.cpu is not None and cpu < record.cpu)
            ):
                # The identifier was reused by a new thread.
                self._end(record)
                record = None
            stack = self._stack(frame) if ident == main_ident else tuple(self._thread_stack(frame))
            if record is None:
                record = threads[ident] = ThreadRecord(ident, thread, now, cpu)
                # First sight: the CPU it used since it started is charged where it is now.
                spent, wall = (cpu or 0.0), (cpu or 0.0)
            else:
                if thread is not None and record.thread is None:
                    # First seen while starting, before threading registered it: the same thread.
                    record.thread = thread
                    record.native_id = getattr(thread, "native_id", None)
                if thread is not None and thread.name != record.name:
                    record.name = thread.name
                wall = now - record.last
                spent = (cpu - record.cpu) if (cpu is not None and record.cpu is not None) else None
            record.last = now
            record.cpu = cpu
            if not stack:
                continue
            if spent is None:
                self._charge(self._thread_samples, (record, UNSPLIT, stack), wall)
                continue
            spent = min(max(spent, 0.0), wall) if wall > 0 else max(spent, 0.0)
            waited = max(wall - spent, 0.0)
            record.cpu_total += spent
            record.wait_total += waited
            if spent > 0 and not (ident == main_ident and timer_on_main):
                self._charge(self._thread_samples, (record, WORKING, stack), spent)
            if waited > 0:
                self._charge(self._thread_samples, (record, WAITING, stack), waited)
        for ident in [ident for ident in threads if ident not in frames]:
            record = threads.pop(ident, None)
            if record is not None:
                self._end(record)
        if "asyncio.tasks" in sys.modules and elapsed > 0:
            self._sample_tasks(sys.modules["asyncio.tasks"], elapsed)

    def _end(self, record):
        record.ended = True
        self.ended_threads.append(record)

    def _sample_tasks(self, tasks_module, elapsed):
        tasks = []
        for name in ("_all_tasks", "_scheduled_tasks", "_eager_tasks"):
            pool = getattr(tasks_module, name, None)
            if not pool:
                continue
            try:
                tasks.extend(list(pool))
            except RuntimeError:  # changed size while the loop's thread added a task
                return
        if not tasks:
            return
        stride = max(1, len(tasks) // MAX_TASKS_PER_TICK)
        weight = elapsed * stride
        for task in tasks[::stride]:
            try:
                if task.done():
                    continue
                coroutine = task.get_coro()
            except Exception:  # a foreign task type
                continue
            if getattr(coroutine, "cr_running", False) or getattr(coroutine, "gi_running", False):
                continue  # running now: its time is on its thread's stack
            codes = []
            awaited = coroutine
            while awaited is not None:
                frame = (
                    getattr(awaited, "cr_frame", None)
                    or getattr(awaited, "gi_frame", None)
                    or getattr(awaited, "ag_frame", None)
                )
                if frame is None:
                    break
                codes.append(frame.f_code)
                awaited = (
                    getattr(awaited, "cr_await", None)
                    or getattr(awaited, "gi_yieldfrom", None)
                    or getattr(awaited, "ag_await", None)
                )
            if codes:
                self._charge(self._awaits, tuple(codes), weight)

    # -- results ----------------------------------------------------------------------------

    def all_threads(self):
        """Every thread seen, in the order first seen; the main thread first."""
        records = list(self.ended_threads) + list(self.threads.values())
        records.sort(key=lambda record: (record.ident != self._main_ident, record.first))
        return records

    def stacks(self):
        """(record, state, leaf-first codes, seconds, samples) for every distinct sampled stack."""
        main = None
        for record in self.all_threads():
            if record.ident == self._main_ident:
                main = record
                break
        if main is not None:
            for stack, (seconds, count) in self._main_work.items():
                yield main, WORKING, stack, seconds, count
            for stack, (seconds, count) in self._main_wait.items():
                yield main, WAITING, stack, seconds, count
        for (record, state, stack), (seconds, count) in self._thread_samples.items():
            yield record, state, stack, seconds, count

    def awaits(self):
        """(root-first codes, task-seconds, samples) of suspended asyncio tasks."""
        for codes, (seconds, count) in self._awaits.items():
            yield codes, seconds, count
