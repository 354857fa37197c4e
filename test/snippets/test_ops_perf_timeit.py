"""ops-perf-timeit: best-of-N seconds per loop, logged; also runs as a script."""
import unittest

import snippet_support as support


class TimeIt(unittest.TestCase):
    def test_benchmark(self):
        module = support.load()
        with support.captured_logs() as logs:
            seconds = module.benchmark("sum(data)", setup="data = list(range(1000))", repeat=3)
        self.assertGreater(seconds, 0)
        self.assertLess(seconds, 0.01)
        self.assertRegex(logs.messages()[0], r"^sum\(data\): [\d.e-]+ s per loop \(best of 3, \d+ loops each\)$")

    def test_as_a_script(self):
        result = support.run_script()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stderr, r"sorted\(data\): [\d.e-]+ s per loop \(best of 5, \d+ loops each\)")


if __name__ == "__main__":
    support.main()
