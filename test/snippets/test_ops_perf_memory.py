"""ops-perf-memory: the peak of each block, nested ones included; tracing started elsewhere survives."""
import re
import sys
import tracemalloc
import unittest

import snippet_support as support


def mib(message):
    return float(re.search(r"peak ([\d.]+) MiB", message).group(1))


class PeakMemory(unittest.TestCase):
    def test_peak_of_a_block(self):
        module = support.load()
        with support.captured_logs() as logs:
            with module.peak_memory("load"):
                data = bytearray(8 * 2**20)
                del data
        self.assertGreaterEqual(mib(logs.messages()[0]), 7.9)
        self.assertFalse(tracemalloc.is_tracing())

    def test_nested_blocks(self):
        module = support.load()
        with support.captured_logs() as logs:
            with module.peak_memory("outer"):
                big = bytearray(10 * 2**20)
                del big
                with module.peak_memory("inner"):
                    small = bytearray(2 * 2**20)
                    del small
        inner, outer = (mib(m) for m in logs.messages())
        self.assertGreaterEqual(outer, 9.9)
        self.assertGreaterEqual(inner, 1.9)
        if sys.version_info >= (3, 9):
            self.assertLess(inner, 3)  # its own peak, not the outer one's
        else:
            self.assertGreaterEqual(inner, 9.9)  # 3.8: the upper bound the description states

    def test_tracing_started_elsewhere_is_left_running(self):
        module = support.load()
        tracemalloc.start()
        try:
            with module.peak_memory("block"):
                pass
            self.assertTrue(tracemalloc.is_tracing())
        finally:
            tracemalloc.stop()


if __name__ == "__main__":
    support.main()
