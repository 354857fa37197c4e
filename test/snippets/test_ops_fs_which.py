"""ops-fs-which: the full path of a tool; a missing one names the tool, the PATH and the hint."""
import os
import unittest

import snippet_support as support


class Which(support.TempDirTestCase):
    def test_found_and_missing(self):
        module = support.load()
        tool = support.fake_command(self.tmp, "deploytool", "exit 0\n")
        with support.path_prepended(self.tmp):
            self.assertEqual(module.require_executable("deploytool"), str(tool))
            path = os.environ["PATH"]
            with self.assertRaises(RuntimeError) as caught:
                module.require_executable("pyops-no-such-tool")
        self.assertEqual(
            str(caught.exception),
            "pyops-no-such-tool not found on PATH (%s); install it or add its directory to PATH" % path,
        )


if __name__ == "__main__":
    support.main()
