"""Compares Python files before and after `pyops check --fix` (the fix corpus test).

Usage: fix_corpus_check.py BEFORE_DIR AFTER_DIR < relative paths (one per line)
Prints one JSON object: {"checked": n, "unparsable": n, "problems": [{"path", "problem"}]}.

A file that `ast.parse` accepted before must still be accepted after, and must bind and use the
same names: for every scope of the symbol table (module, class, function, lambda, comprehension),
the set of (name, role) pairs must be equal, where role records whether the name is bound
(assigned, imported, a parameter, a def/class), referenced, and local/global/free. The only
differences allowed are the ones the safe fixes are meant to make (see allowed_change).
"""
import ast
import json
import re
import sys
import symtable
import warnings

# OPS205 adds a module logger (logger, log, LOGGER, _logger, or one of those with a number) and,
# when the module has no unconditional `import logging`, that import.
LOGGER_NAME = re.compile(r"^(?:logger|log|LOGGER|_logger)\d*$")
# OPS108 names a caught exception that had no name (`except OSError as err`).
HANDLER_ALIASES = {"err", "exc", "error", "caught"}


def read(path):
    with open(path, "rb") as f:
        return f.read()


def roles(symbol):
    role = []
    if symbol.is_parameter():
        role.append("param")
    if symbol.is_imported():
        role.append("import")
    if symbol.is_assigned():
        role.append("assign")
    if symbol.is_namespace():
        role.append("def")
    if symbol.is_referenced():
        role.append("use")
    if symbol.is_free():
        role.append("free")
    elif symbol.is_declared_global():
        role.append("declared-global")
    elif symbol.is_global():
        role.append("global")
    elif symbol.is_local():
        role.append("local")
    return ",".join(role)


def scope_names(source, filename):
    """{scope path: {name: role}} for every scope of the module."""
    out = {}

    def walk(table, path):
        out[path] = {s.get_name(): roles(s) for s in table.get_symbols()}
        seen = {}
        for child in table.get_children():
            key = (str(child.get_type()), child.get_name())
            index = seen.get(key, 0)
            seen[key] = index + 1
            walk(child, path + "/%s:%s#%d" % (key[0], key[1], index))

    walk(symtable.symtable(source, filename, "exec"), "module")
    return out


def logging_names(tree):
    """Names the module binds to the logging module or to names imported from it."""
    names = {"logging"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "logging" or alias.name.startswith("logging."):
                    names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "logging":
            for alias in node.names:
                names.add(alias.asname or alias.name)
    return names


def handler_aliases(tree):
    """Names bound by `except ... as name` anywhere in the module."""
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.ExceptHandler) and node.name}


BINDING = {"param", "import", "assign", "def"}


def allowed_change(name, before, after, removable, aliases):
    """Whether a name's roles in one scope may change from `before` to `after` (None: absent)."""
    b = set(before.split(",")) if before is not None else set()
    a = set(after.split(",")) if after is not None else set()
    if name in removable and before is not None:
        # A root-logger call now goes through the module logger: a mere reference may disappear
        # (or appear, where `import logging` is added).
        if after is None:
            return not (b & BINDING)
        return (b ^ a) <= {"use", "import"}
    if LOGGER_NAME.match(name) or name in ("logging", "__name__"):
        # OPS205: the module logger (and `import logging`) appear; calls use it.
        return before is None or b - {"local", "global", "free"} <= a
    if name in HANDLER_ALIASES and before is None:
        # OPS108 names the caught exception (deleted again at the end of the handler) and chains with it.
        return a <= {"assign", "use", "local", "global"}
    if name in aliases and before is not None and after is not None:
        # OPS108 chains with the existing name of the caught exception (`from err`).
        return a - b == {"use"}
    if name == "str" and b <= {"use", "global"} and after is None:
        # OPS204 passes `str(x)` as `x` (`%s` calls str()), only where `str` is the builtin.
        return True
    return False


def module_level_reads(node):
    """Names read by `node` when the module runs it (function and lambda bodies excluded)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        parts = list(node.decorator_list) if not isinstance(node, ast.Lambda) else []
        args = node.args
        parts += [d for d in args.defaults + args.kw_defaults if d is not None]
        return {n for part in parts for n in module_level_reads(part)}
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        return {node.id}
    return {n for child in ast.iter_child_nodes(node) for n in module_level_reads(child)}


def new_logger_problems(before_names, after_src, filename):
    """A logger the fixes added must be defined unconditionally, from a bound `logging`, before module code reads it."""
    tree = ast.parse(after_src, filename)
    problems = []
    for name in sorted(set(before_names.get("module", {})) ^ set(scope_names(after_src, filename)["module"])):
        if not LOGGER_NAME.match(name):
            continue
        defined_at = None
        logging_bound = set()
        for index, stmt in enumerate(tree.body):
            if isinstance(stmt, ast.Import):
                logging_bound |= {(a.asname or a.name) for a in stmt.names if a.name == "logging"}
            if defined_at is None and isinstance(stmt, ast.Assign) and [getattr(t, "id", None) for t in stmt.targets] == [name]:
                defined_at = index
                call = stmt.value
                receiver = getattr(getattr(call, "func", None), "value", None)
                if getattr(receiver, "id", None) not in logging_bound:
                    problems.append("the new %s is defined from a logging module that may not be bound there" % name)
                continue
            if defined_at is None and name in module_level_reads(stmt):
                problems.append("module code reads the new %s before it is defined (line %d)" % (name, stmt.lineno))
        if defined_at is None:
            problems.append("the new %s is not defined by a module-level statement" % name)
    return problems


def compare(before_src, after_src, filename):
    """A problem description, or None when the fixed file is equivalent in the sense above."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            before_tree = ast.parse(before_src, filename)
        except (SyntaxError, ValueError):
            return "unparsable"
        try:
            ast.parse(after_src, filename)
        except (SyntaxError, ValueError) as error:
            return "no longer parses: %s (line %s)" % (getattr(error, "msg", error), getattr(error, "lineno", "?"))
        try:
            before = scope_names(before_src, filename)
        except SyntaxError:
            # Parses but does not compile (a misplaced __future__ import): only parsing is compared.
            return None
        try:
            after = scope_names(after_src, filename)
        except SyntaxError as error:
            return "no longer compiles: %s (line %s)" % (error.msg, error.lineno)
    removable = logging_names(before_tree)
    aliases = handler_aliases(before_tree)
    problems = []
    for path in sorted(set(before) | set(after)):
        if path not in after:
            problems.append("scope %s disappeared" % path)
        elif path not in before:
            problems.append("new scope %s" % path)
        else:
            b, a = before[path], after[path]
            for name in sorted(set(b) | set(a)):
                if b.get(name) != a.get(name) and not allowed_change(name, b.get(name), a.get(name), removable, aliases):
                    problems.append("%s: %s was %s, is %s" % (path, name, b.get(name, "absent"), a.get(name, "absent")))
    problems += new_logger_problems(before, after_src, filename)
    return "; ".join(problems) if problems else None


def main():
    before_dir, after_dir = sys.argv[1], sys.argv[2]
    result = {"checked": 0, "unparsable": 0, "problems": []}
    for line in sys.stdin:
        rel = line.rstrip("\n")
        if not rel:
            continue
        problem = compare(read("%s/%s" % (before_dir, rel)), read("%s/%s" % (after_dir, rel)), rel)
        if problem == "unparsable":
            result["unparsable"] += 1
            continue
        result["checked"] += 1
        if problem:
            result["problems"].append({"path": rel, "problem": problem})
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
