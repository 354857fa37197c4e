"""ops-log-dictconfig: stderr plus a size-rotated UTF-8 file; loggers made before stay enabled."""
import unittest

import snippet_support as support


class DictConfig(support.TempDirTestCase):
    def test_logs_to_stderr_and_a_rotating_utf8_file(self):
        log_file = self.tmp / "logs" / "nested" / "job.log"
        result = support.run_python("""
            import logging, logging.handlers, sys
            from pathlib import Path
            early = logging.getLogger("made.before")
            import %s as s
            s.configure_logging(Path(sys.argv[1]))
            early.info("still enabled")
            logging.getLogger("job").warning("caf\\u00e9 \\u2713")
            logging.getLogger("job").debug("not at INFO")
            handler = [h for h in logging.getLogger().handlers if isinstance(h, logging.handlers.RotatingFileHandler)][0]
            print(handler.maxBytes, handler.backupCount, handler.encoding)
        """ % support.module_name(), str(log_file))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), [str(10 * 1024 * 1024), "5", "utf-8"])
        text = log_file.read_bytes().decode("utf-8")
        self.assertIn("made.before: still enabled", text)
        self.assertIn("job: caf\u00e9 \u2713", text)
        self.assertNotIn("not at INFO", text)
        self.assertIn("made.before: still enabled", result.stderr)

    def test_rotates_at_the_size_limit(self):
        log_file = self.tmp / "job.log"
        result = support.run_python("""
            import logging, sys
            from pathlib import Path
            import %s as s
            s.configure_logging(Path(sys.argv[1]))
            handler = [h for h in logging.getLogger().handlers if h.__class__.__name__ == "RotatingFileHandler"][0]
            handler.maxBytes = 2000  # the configured 10 MiB, scaled down for the test
            logging.getLogger().handlers.remove([h for h in logging.getLogger().handlers if h is not handler][0])
            for i in range(300):
                logging.getLogger("job").info("line %%03d %%s", i, "x" * 40)
        """ % support.module_name(), str(log_file))
        self.assertEqual(result.returncode, 0, result.stderr)
        rotated = sorted(p.name for p in self.tmp.iterdir())
        self.assertEqual(rotated, ["job.log", "job.log.1", "job.log.2", "job.log.3", "job.log.4", "job.log.5"])


if __name__ == "__main__":
    support.main()
