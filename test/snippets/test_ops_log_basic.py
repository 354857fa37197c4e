"""ops-log-basic: records to stderr with ISO time, level and logger name; warnings through logging."""
import unittest

import snippet_support as support


class LogBasic(unittest.TestCase):
    def test_configures_stderr_with_iso_dates_and_captures_warnings(self):
        result = support.run_python("""
            import logging, warnings, %s as s
            s.configure_logging()
            logging.getLogger("backup").info("copied %%d files", 3)
            logging.getLogger("backup").debug("hidden")
            warnings.warn("old option")
        """ % support.module_name())
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertRegex(result.stderr, r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} INFO +backup: copied 3 files")
        self.assertNotIn("hidden", result.stderr)
        self.assertRegex(result.stderr, r"WARNING +py\.warnings: .*UserWarning: old option")

    def test_level_argument(self):
        result = support.run_python("""
            import logging, %s as s
            s.configure_logging(logging.DEBUG)
            logging.getLogger("x").debug("shown")
        """ % support.module_name())
        self.assertIn("DEBUG    x: shown", result.stderr)


if __name__ == "__main__":
    support.main()
