"""ops-perf-timer: logs how long the block took, also when it raises."""
import time
import unittest

import snippet_support as support


class Timer(unittest.TestCase):
    def test_logs_the_duration_even_on_error(self):
        module = support.load()
        with support.captured_logs() as logs:
            with module.timed("backup"):
                time.sleep(0.2)
            with self.assertRaises(KeyError), module.timed("restore"):
                raise KeyError("x")
        first, second = logs.messages()
        self.assertRegex(first, r"^backup took 0\.[2-4]\d\d s$")
        self.assertRegex(second, r"^restore took 0\.0\d\d s$")


if __name__ == "__main__":
    support.main()
