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

Exit codes: 0 no findings, 1 findings (an unreadable file is one), 2 usage or internal error.
`;

export const CHECK_HELP = `Usage: pyops check [OPTIONS] [PATH...]

Checks Python files. PATH may be a file (checked whatever its extension), a folder (its *.py files
and extensionless scripts with a Python shebang, recursively) or a quoted glob such as
'scripts/**/*.py'. Default: the current folder.

Folders are walked as ruff walks them: files ignored by .gitignore, .ignore and .git/info/exclude
are skipped, and so are the default excludes (.git, .venv, venv, build, dist, node_modules,
__pycache__, site-packages, tool caches...) and any virtualenv. Each file uses the nearest
.pyops.yaml or pyproject.toml with [tool.pyops] in its folder or above (see docs/configuration.md).

Rule selection:
  --select CODES        Only these rules (comma-separated codes, prefixes, names or ALL);
                        replaces the config's select
  --ignore CODES        Also skip these rules (added to the config's ignore)
  --config FILE         Use this config file for every file instead of searching
  --report-unused-suppressions  Report # pyops: ignore comments that silence nothing (OPS002)

File selection:
  --exclude GLOBS       Files and folders to skip, replacing the default excludes (comma-separated
                        names like build, globs like '*_pb2.py', or paths like scripts/old/)
  --extend-exclude GLOBS  Skip these too, keeping the default excludes
  --force-exclude       Apply the excludes to files named explicitly too (for pre-commit)
  --no-respect-gitignore  Do not skip files ignored by .gitignore, .ignore, .git/info/exclude
  --show-files          Print the files that would be checked, one per line, and stop

Fixes and output:
  --fix                 Apply safe fixes and write the files (atomically)
  --format FORMAT       text (default), json (ruff's JSON shape), sarif (SARIF 2.1.0),
                        github (GitHub Actions annotations); --output-format works too
  -q, --quiet           Print findings only: no summary, no notes
  -j, --jobs N          Check files on N threads (default: one per CPU when there are more than
                        a few files; 1 checks them on the main thread)
  -h, --help            Show this help

Positions are 1-based rows and columns; columns count characters (Unicode code points), like ruff.

Exit codes: 0 no findings; 1 findings remain, including files that could not be read or decoded
(reported as OPS001, the others still checked); 2 usage error or internal error.
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
