"""ops-log-verbosity: -v/-q counters set the level (WARNING by default), records go to stderr."""
import unittest

import snippet_support as support

LEVELS = {(): "WARNING", ("-v",): "INFO", ("-vv",): "DEBUG", ("-vvv",): "DEBUG", ("-q",): "ERROR", ("-qq",): "CRITICAL", ("-qqqq",): "CRITICAL", ("-v", "-q"): "WARNING"}


class Verbosity(unittest.TestCase):
    def test_flags_map_to_levels(self):
        for flags, level in LEVELS.items():
            with self.subTest(flags=flags):
                result = support.run_python("""
                    import argparse, logging, sys, %s as s
                    parser = argparse.ArgumentParser()
                    s.add_verbosity_flags(parser)
                    args = parser.parse_args(sys.argv[1:])
                    s.configure_logging(args.verbose, args.quiet)
                    print(logging.getLevelName(logging.getLogger().getEffectiveLevel()))
                    logging.getLogger("job").warning("warned")
                """ % support.module_name(), *flags)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout.strip(), level)
                if level in ("DEBUG", "INFO", "WARNING"):
                    self.assertIn("WARNING job: warned", result.stderr)
                else:
                    self.assertNotIn("warned", result.stderr)


if __name__ == "__main__":
    support.main()
