"""ops-perf-cprofile: top functions logged (even when the block raises); a .prof pstats can read."""
import pstats
import unittest

import snippet_support as support


def busy_function():
    return sum(i * i for i in range(200_000))


class Profiled(support.TempDirTestCase):
    def test_logs_and_saves(self):
        module = support.load()
        prof = self.tmp / "run.prof"
        with support.captured_logs() as logs:
            with module.profiled("nightly", save_to=prof, top=5):
                busy_function()
        text = logs.text()
        self.assertIn("Saved the profile of nightly to %s" % prof, text)
        self.assertIn("Profile of nightly:", text)
        self.assertIn("busy_function", text)
        self.assertIn("cumulative", text)
        names = {func[2] for func in pstats.Stats(str(prof)).stats}
        self.assertIn("busy_function", names)

    def test_report_even_when_the_block_raises(self):
        module = support.load()
        with support.captured_logs() as logs, self.assertRaises(ValueError):
            with module.profiled("failing"):
                busy_function()
                raise ValueError("x")
        self.assertIn("busy_function", logs.text())


if __name__ == "__main__":
    support.main()
