// Help texts for `pyops --help` and `pyops <command> --help`.

export const MAIN_HELP = `pyops: checks Python automation scripts for missing error handling and logging

Usage:
  pyops check [OPTIONS] [PATH...]   Check files, folders (recursively) or globs (default: .)
  pyops rules [--format text|json]  List the rules and their ruff/pylint/bandit equivalents
  pyops profile ...                 Profile a Python script with cProfile (see pyops profile --help)
  pyops server [--stdio]            Start the language server for any editor (LSP over stdio)

Options:
  -h, --help      Show help (also for a command: pyops check --help)
  -V, --version   Show the version

Exit codes: 0 no findings, 1 findings, 2 usage error, internal error or a file that could not be checked.
`;

export const CHECK_HELP = `Usage: pyops check [OPTIONS] [PATH...]

Checks Python files. PATH may be a file (checked whatever its extension), a folder (its *.py files,
recursively, skipping .git, venv/.venv and other virtualenvs, node_modules, __pycache__,
site-packages and tool caches) or a quoted glob such as 'scripts/**/*.py'. Default: the current folder.

Each file uses the nearest .pyops.yaml in its folder or above (see docs/configuration.md).

Options:
  --select CODES        Only these rules (comma-separated codes, prefixes, names or ALL);
                        replaces the config's select
  --ignore CODES        Also skip these rules (added to the config's ignore)
  --fix                 Apply safe fixes and write the files (atomically)
  --format FORMAT       text (default), json (ruff's JSON shape), sarif (SARIF 2.1.0),
                        github (GitHub Actions annotations); --output-format works too
  --config FILE         Use this config file for every file instead of searching for .pyops.yaml
  -q, --quiet           Print findings only: no summary, no notes
  -j, --jobs N          Check files on N threads (default: one per CPU when there are more than
                        a few files; 1 checks them on the main thread)
  -h, --help            Show this help

Positions are 1-based rows and columns; columns count characters (Unicode code points), like ruff.

Exit codes: 0 no findings, 1 findings remain, 2 usage error, internal error or a file that could
not be read or checked (the others are still checked and reported).
`;

export const RULES_HELP = `Usage: pyops rules [--format text|json]

Lists every rule: code, name, default severity, whether it has a safe fix, equivalent rules in
ruff/pylint/bandit, and a one-line summary.
`;

export const SERVER_HELP = `Usage: pyops server [--stdio]

Starts the PyOps language server, speaking LSP on stdin/stdout (the default; --stdio is accepted
for editors that pass it). It publishes diagnostics to clients that do not pull them, works without
workspace folders, and reads the same .pyops.yaml / pyproject.toml as pyops check. Settings come
from the client's "pyops" section (see docs/editors.md for Neovim, Helix and Zed).
`;
