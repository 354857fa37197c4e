"""ops-conc-timeout: interrupts a blocking call; not swallowed by except OSError; limits nest;
main thread only."""
import signal
import threading
import time
import unittest

import snippet_support as support


class TimeLimit(unittest.TestCase):
    def setUp(self):
        self.module = support.load()

    def test_interrupts_a_blocking_call(self):
        with support.Elapsed() as elapsed, self.assertRaises(self.module.TimeLimitExceeded) as caught:
            with self.module.time_limit(0.3, "the backup"):
                time.sleep(5)
        self.assertLess(elapsed.seconds, 1)
        self.assertEqual(str(caught.exception), "the backup took longer than 0.3 s")
        self.assertEqual(signal.getitimer(signal.ITIMER_REAL), (0.0, 0.0))

    def test_an_except_oserror_in_the_block_does_not_swallow_it(self):
        with self.assertRaises(self.module.TimeLimitExceeded):
            with self.module.time_limit(0.2):
                try:
                    time.sleep(5)
                except OSError:
                    self.fail("the time limit was caught as an OSError")

    def test_a_finished_block_leaves_no_alarm(self):
        previous = signal.getsignal(signal.SIGALRM)
        with self.module.time_limit(5):
            pass
        self.assertEqual(signal.getitimer(signal.ITIMER_REAL), (0.0, 0.0))
        self.assertIs(signal.getsignal(signal.SIGALRM), previous)

    def test_an_inner_limit_does_not_cancel_the_outer_one(self):
        with support.Elapsed() as elapsed, self.assertRaises(self.module.TimeLimitExceeded) as caught:
            with self.module.time_limit(0.5, "outer"):
                with self.module.time_limit(0.1, "inner"):
                    pass
                time.sleep(5)
        self.assertEqual(str(caught.exception), "outer took longer than 0.5 s")
        self.assertLess(elapsed.seconds, 1)

    def test_a_shorter_outer_limit_fires_inside_a_longer_inner_one(self):
        with support.Elapsed() as elapsed, self.assertRaises(self.module.TimeLimitExceeded) as caught:
            with self.module.time_limit(0.3, "outer"):
                with self.module.time_limit(10, "inner"):
                    time.sleep(5)
        self.assertEqual(str(caught.exception), "outer took longer than 0.3 s")
        self.assertLess(elapsed.seconds, 1)
        self.assertEqual(signal.getitimer(signal.ITIMER_REAL), (0.0, 0.0))

    def test_inner_limit_fires_first(self):
        with self.assertRaises(self.module.TimeLimitExceeded) as caught:
            with self.module.time_limit(5, "outer"):
                with self.module.time_limit(0.2, "inner"):
                    time.sleep(5)
        self.assertEqual(str(caught.exception), "inner took longer than 0.2 s")
        self.assertEqual(signal.getitimer(signal.ITIMER_REAL), (0.0, 0.0))

    def test_other_threads_get_a_clear_error(self):
        errors = []

        def worker():
            try:
                with self.module.time_limit(1):
                    pass
            except RuntimeError as err:
                errors.append(str(err))

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        self.assertEqual(errors, ["time_limit() works only in the main thread (it uses SIGALRM)"])


if __name__ == "__main__":
    support.main()
