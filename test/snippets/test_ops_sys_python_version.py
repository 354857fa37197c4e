# tabstop 2: 99
# tabstop 0: print("past the check")
"""ops-sys-python-version: runs on the old interpreters it rejects (2.7 included), exits 1 with a
clear message, and lets a new enough Python through."""
import glob
import os
import subprocess
import sys
import unittest

import snippet_support as support


def old_pythons():
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = []
    for version in ("2.7", "3.6", "3.7"):
        found += sorted(glob.glob(os.path.join(root, "versions", version + ".*", "bin", "python")))[:1]
    return found


class PythonVersion(unittest.TestCase):
    def test_too_old_exits_1_with_the_message_on_every_python(self):
        interpreters = [sys.executable] + old_pythons()
        self.assertGreaterEqual(len(interpreters), 2, "no old Python under pyenv to run the check on")
        for python in interpreters:
            with self.subTest(python=python):
                result = subprocess.run([python, str(support.SNIPPET)], capture_output=True, text=True, timeout=30)
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertRegex(result.stderr, r"^This script needs Python 3\.99 or newer, not \d+\.\d+\.\d+\n$")
                self.assertEqual(result.stdout, "")

    def test_new_enough_goes_on(self):
        source = support.SNIPPET.read_text(encoding="utf-8").replace("(3, 99)", "(3, 8)")
        result = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, timeout=30)
        self.assertEqual((result.returncode, result.stdout), (0, "past the check\n"), result.stderr)


if __name__ == "__main__":
    support.main()
