"""ops-cfg-ini: no interpolation, UTF-8; bad files and missing options raise ConfigError."""
import unittest

import snippet_support as support


class IniConfig(support.TempDirTestCase):
    def test_good_file_without_interpolation(self):
        module = support.load()
        path = self.tmp / "app.ini"
        path.write_text("[db]\nhost = caf\u00e9\npassword = 50%off\n", encoding="utf-8")
        parser = module.load_ini_config(path)
        self.assertEqual(module.require_option(parser, "db", "password"), "50%off")
        self.assertEqual(module.require_option(parser, "db", "host"), "caf\u00e9")
        with self.assertRaises(module.ConfigError) as option:
            module.require_option(parser, "db", "port")
        self.assertEqual(str(option.exception), "[db] port is required: No option 'port' in section: 'db'")
        with self.assertRaises(module.ConfigError) as section:
            module.require_option(parser, "web", "port")
        self.assertEqual(str(section.exception), "[web] port is required: No section: 'web'")

    def test_every_problem_is_a_config_error_naming_the_file(self):
        module = support.load()
        path = self.tmp / "app.ini"
        for content, expected in (
            (None, "%s: cannot read: No such file or directory" % path),
            (b"host = db\n", "%s: File contains no section headers." % path),
            (b"[db]\nhost = caf\xe9\n", "%s: not UTF-8 text" % path),
            (b"[db]\n[db]\n", "%s: While reading from" % path),
        ):
            with self.subTest(content=content):
                if content is not None:
                    path.write_bytes(content)
                with self.assertRaises(module.ConfigError) as caught:
                    module.load_ini_config(path)
                self.assertTrue(str(caught.exception).startswith(expected), str(caught.exception))
        self.assertRegex(str(caught.exception), r"line +2")


if __name__ == "__main__":
    support.main()
