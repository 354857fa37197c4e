"""ops-sys-platform: the per-user config directory of this platform; an unknown one is an error."""
import os
import sys
import unittest
from pathlib import Path

import snippet_support as support


class Platform(unittest.TestCase):
    def test_linux_honours_xdg_config_home(self):
        module = support.load()
        self.assertTrue(sys.platform.startswith("linux"))
        os.environ["XDG_CONFIG_HOME"] = "/etc/xdg-test"
        self.assertEqual(module.config_dir("tool"), Path("/etc/xdg-test/tool"))
        os.environ["XDG_CONFIG_HOME"] = ""
        self.assertEqual(module.config_dir(), Path.home() / ".config" / "myapp")

    def test_other_platforms(self):
        module = support.load()
        real = sys.platform
        try:
            sys.platform = "darwin"
            self.assertEqual(module.config_dir("t"), Path.home() / "Library" / "Application Support" / "t")
            sys.platform = "win32"
            os.environ["APPDATA"] = "/appdata"
            self.assertEqual(module.config_dir("t"), Path("/appdata") / "t")
            sys.platform = "sunos5"
            with self.assertRaises(RuntimeError) as caught:
                module.config_dir("t")
            self.assertIn("Unsupported platform sunos5", str(caught.exception))
        finally:
            sys.platform = real


if __name__ == "__main__":
    support.main()
