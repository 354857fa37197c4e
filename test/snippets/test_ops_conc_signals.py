# tabstop 0: globals().get("HOOK", lambda: None)()
# tabstop 2: 0.2
"""ops-conc-signals: SIGTERM or SIGINT lets the current step finish, then exits 0 at once."""
import os
import signal
import subprocess
import sys
import threading
import unittest

import snippet_support as support

WORKER = """
import sys, time, %s as w
def HOOK():
    print("step start", flush=True)
    time.sleep(0.5)
    print("step done", flush=True)
w.HOOK = HOOK
sys.exit(w.main())
""" % support.module_name()


class Signals(unittest.TestCase):
    def stop_with(self, signum, during_step):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(support.SNIPPET.parent), os.environ.get("PYTHONPATH", "")]))
        proc = subprocess.Popen([sys.executable, "-c", WORKER], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.assertEqual(proc.stdout.readline().strip(), "step start")
        if not during_step:
            self.assertEqual(proc.stdout.readline().strip(), "step done")
        with support.Elapsed() as elapsed:
            proc.send_signal(signum)
            out, err = proc.communicate(timeout=10)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn("Stop requested; exiting cleanly", err)
        return out, elapsed.seconds

    def test_sigterm_during_a_step_lets_it_finish(self):
        out, _ = self.stop_with(signal.SIGTERM, during_step=True)
        self.assertTrue(out.startswith("step done"), out)
        self.assertNotIn("step start", out)

    def test_ctrl_c_between_steps_stops_at_once(self):
        _, seconds = self.stop_with(signal.SIGINT, during_step=False)
        self.assertLess(seconds, 0.6)

    def test_the_handler_takes_no_lock(self):
        # A handler runs between two bytecodes of the main thread: one that takes a lock the
        # interrupted code holds (Event.set() takes the Event's) hangs the process for good.
        module = support.load()
        calls = []

        def profile(_frame, event, arg):
            if event == "c_call":
                calls.append(getattr(arg, "__qualname__", repr(arg)))

        lock_methods = {m for t in (type(threading.Lock()), type(threading.RLock())) for m in (t.acquire, t.__enter__)}
        lock_names = {m.__qualname__ for m in lock_methods}
        sys.setprofile(profile)
        try:
            module.request_stop(signal.SIGINT, None)
        finally:
            sys.setprofile(None)
        self.assertFalse(lock_names & set(calls), calls)


if __name__ == "__main__":
    support.main()
