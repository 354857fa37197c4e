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
       pyops check [OPTIONS] --stdin-filename FILE [-]

Checks Python files. PATH may be a file (checked whatever its extension), a folder (its *.py files
and extensionless scripts with a Python shebang, recursively) or a quoted glob such as
'scripts/**/*.py'. Default: the current folder. '-' reads the source from stdin.

Folders are walked as ruff walks them: files ignored by .gitignore, .ignore and .git/info/exclude
are skipped, and so are the default excludes (.git, .venv, venv, build, dist, node_modules,
__pycache__, site-packages, tool caches...) and any virtualenv. Each file uses the nearest
.pyops.yaml or pyproject.toml with [tool.pyops] in its folder or above (see docs/configuration.md).

Rule selection:
  --select CODES        Only these rules (comma-separated codes, prefixes, names or ALL);
                        replaces the config's select
  --extend-select CODES Add these rules to the select in force
  --ignore CODES        Also skip these rules (added to the config's ignore)
  --config FILE         Use this config file (.pyops.yaml or pyproject.toml) for every file
  --report-unused-suppressions  Report # pyops: ignore comments that silence nothing (OPS002)

File selection:
  --exclude GLOBS       Files and folders to skip, replacing the default excludes (comma-separated
                        names like build, globs like '*_pb2.py', or paths like scripts/old/)
  --extend-exclude GLOBS  Skip these too, keeping the default excludes
  --force-exclude       Apply the excludes to files named explicitly too (for pre-commit)
  --no-respect-gitignore  Do not skip files ignored by .gitignore, .ignore, .git/info/exclude
  --stdin-filename FILE Check stdin as if it were FILE (its config, excludes, name in the output)
  --show-files          Print the files that would be checked, one per line, and stop

Fixes:
  --fix                 Apply the safe fixes and write the files (--no-fix turns it off again)
  --unsafe-fixes        Also apply (and count as fixable) fixes that may change behaviour
  --diff                Print the fixes as a unified diff instead of writing them; exit 1 if any
                        With --fix and stdin, the fixed source is printed on stdout.

Output:
  --output-format FORMAT  text (default), json (ruff's JSON shape), sarif (SARIF 2.1.0),
                        github (GitHub Actions annotations), gitlab (GitLab Code Quality),
                        junit (JUnit XML); also from PYOPS_OUTPUT_FORMAT; --format works too
  -o, --output-file FILE  Write the report to FILE instead of stdout
  --statistics          Print how often each rule fired instead of the findings
  -e, --exit-zero       Exit 0 even when findings remain
  -q, --quiet           Print findings only: no summary, no notes
  -s, --silent          Print nothing; only the exit status tells
  -w, --watch           Check again whenever a Python or config file changes (Ctrl-C stops)
  -j, --jobs N          Check files on N threads (default: one per usable CPU, a container's CPU
                        quota counted, given about 1 MB of Python for each; 1 checks them on
                        the main thread)
  -h, --help            Show this help

Cache:
  --cache-dir DIR       Keep results between runs in DIR (default: .pyops_cache in the folder of
                        the config file in force, else the current folder; also PYOPS_CACHE_DIR
                        or cache-dir in the config). Unchanged files are not checked again.
  --no-cache            Neither read nor write the cache (also PYOPS_NO_CACHE=1)

Colour is used on a terminal; NO_COLOR turns it off, FORCE_COLOR on. Positions are 1-based rows
and columns; columns count characters (Unicode code points), like ruff.

Exit codes: 0 no findings; 1 findings remain, including files that could not be read or decoded
(reported as OPS003, the others still checked); 2 usage error or internal error.
`;

export const RULES_HELP = `Usage: pyops rules [--format text|json]

Lists every code PyOps reports: the rules, OPS002 (unused suppressions, reported on request)
and OPS003 (a file not checked), each with its name, default severity, whether it has a safe fix,
equivalent rules in ruff/pylint/bandit, and a one-line summary.
`;

export const SERVER_HELP = `Usage: pyops server [--stdio]

Starts the PyOps language server, speaking LSP on stdin/stdout (the default; --stdio is accepted
for editors that pass it). It publishes diagnostics to clients that do not pull them, works without
workspace folders, and reads the same .pyops.yaml / pyproject.toml as pyops check. Settings come
from the client's "pyops" section (see docs/editors.md for Neovim, Helix and Zed).
`;
