"""ops-cfg-toml: tomllib on 3.11+, tomli before; every kind of bad file is a ConfigError."""
import sys
import unittest

import snippet_support as support


class TomlConfig(support.TempDirTestCase):
    def test_uses_the_parser_of_this_python(self):
        module = support.load()
        self.assertEqual(module.tomllib.__name__, "tomllib" if sys.version_info >= (3, 11) else "tomli")

    def test_good_file(self):
        module = support.load()
        path = self.tmp / "app.toml"
        path.write_text('[db]\nhost = "db"\nport = 5432\n', encoding="utf-8")
        self.assertEqual(module.load_toml_config(path), {"db": {"host": "db", "port": 5432}})

    def test_every_problem_is_a_config_error_naming_the_file(self):
        module = support.load()
        path = self.tmp / "app.toml"
        for content, expected in (
            (None, "%s: cannot read: No such file or directory" % path),
            (b'[db]\nhost = "db\n', "%s: " % path),
            (b'host = "caf\xe9"\n', "%s: not UTF-8 text" % path),
        ):
            with self.subTest(content=content):
                if content is None:
                    path.unlink() if path.exists() else None
                else:
                    path.write_bytes(content)
                with self.assertRaises(module.ConfigError) as caught:
                    module.load_toml_config(path)
                self.assertTrue(str(caught.exception).startswith(expected), str(caught.exception))
        path.write_bytes(b'[db]\nhost = "db\n')
        with self.assertRaises(module.ConfigError) as caught:
            module.load_toml_config(path)
        self.assertRegex(str(caught.exception), r"line 2, column \d+")


if __name__ == "__main__":
    support.main()
