"""ops-log-json: one JSON object per record with time, level, logger, message, traceback, extras."""
import json
import unittest

import snippet_support as support


class JsonLines(unittest.TestCase):
    def test_each_record_is_one_json_line(self):
        result = support.run_python("""
            import logging, %s as s
            s.configure_json_logging()
            log = logging.getLogger("deploy")
            log.info("deployed %%s", "v1.2", extra={"host": "web1", "attempt": 2})
            try:
                1 / 0
            except ZeroDivisionError:
                log.exception("caf\\u00e9 failed")
            log.debug("hidden")
        """ % support.module_name())
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 2, result.stderr)
        first, second = (json.loads(line) for line in lines)
        self.assertEqual(first["level"], "INFO")
        self.assertEqual(first["logger"], "deploy")
        self.assertEqual(first["message"], "deployed v1.2")
        self.assertEqual((first["host"], first["attempt"]), ("web1", 2))
        self.assertRegex(first["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00$")
        self.assertNotIn("traceback", first)
        self.assertNotIn("taskName", first)
        self.assertEqual(second["message"], "caf\u00e9 failed")
        self.assertIn("ZeroDivisionError", second["traceback"])
        self.assertIn("caf\u00e9", lines[1])  # ensure_ascii=False


if __name__ == "__main__":
    support.main()
