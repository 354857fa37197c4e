"""ops-cfg-yaml: safe_load only; every kind of bad file is a ConfigError naming the file."""
import unittest

import snippet_support as support

try:
    import yaml  # noqa: F401
except ImportError:
    raise SystemExit("PyYAML is missing: install Debian's python3-yaml (the test puts it on the path)")


class YamlConfig(support.TempDirTestCase):
    def error(self, content):
        module = support.load()
        path = self.tmp / "app.yaml"
        if content is not None:
            path.write_bytes(content)
        with self.assertRaises(module.ConfigError) as caught:
            module.load_yaml_config(path)
        return str(caught.exception)

    def test_good_and_empty_files(self):
        module = support.load()
        path = self.tmp / "app.yaml"
        path.write_text("host: db\nport: 5432\n", encoding="utf-8")
        self.assertEqual(module.load_yaml_config(path), {"host": "db", "port": 5432})
        path.write_text("", encoding="utf-8")
        self.assertEqual(module.load_yaml_config(path), {})

    def test_never_builds_python_objects(self):
        message = self.error(b"run: !!python/object/apply:os.system ['true']\n")
        self.assertIn("app.yaml:1:6: could not determine a constructor", message)

    def test_every_problem_is_a_config_error_naming_the_file(self):
        path = self.tmp / "app.yaml"
        self.assertEqual(self.error(None), "%s: cannot read: No such file or directory" % path)
        self.assertEqual(self.error(b"host: db\n  port: [1\n"), "%s:2:7: mapping values are not allowed here" % path)
        self.assertIn("%s: not UTF-8 text" % path, self.error(b"host: caf\xe9\n"))
        self.assertEqual(self.error(b"- a\n- b\n"), "%s:1:1: expected a mapping at the top level, found list" % path)


if __name__ == "__main__":
    support.main()
