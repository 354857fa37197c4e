// OPS301: text opened without an encoding: open(), io.open(), tempfile's text-mode files,
// io.TextIOWrapper, and pathlib.Path's open/read_text/write_text where the receiver is visibly a Path
// (made by Path(...) in the same scope, or a parameter annotated Path).
import { parseStringLiteral } from '../../python/strings';
import { addKeyword, replace } from '../fixEdits';
import type { ArgRec, CallRec } from '../model';
import { defineRule, type RuleContext } from '../rule';
import { annotatedAs, parameterOf } from './parameters';
import { argValue, hasKwargs, hasStarArgs, keyword, positional } from './shared';

const TEMPFILES = ['NamedTemporaryFile', 'TemporaryFile', 'SpooledTemporaryFile'];
/** Where `encoding` sits among the positional arguments of pathlib.Path's methods. */
const PATH_ENCODING_POSITION: Record<string, number> = { open: 2, read_text: 0, write_text: 1 };

/** A mode argument that is a plain literal without `b`: text mode. Null when it cannot be read. */
function isTextMode(cx: RuleContext, mode: ArgRec): boolean | null {
  const lit = mode.valueType === 'string' ? parseStringLiteral(argValue(cx, mode)) : null;
  if (!lit || lit.prefix.includes('f')) return null;
  return !lit.body.includes('b');
}

function report(c: CallRec, cx: RuleContext, what: string): void {
  const encoding = keyword(c, 'encoding');
  if (encoding) {
    cx.report(encoding.span, {
      fix: { title: 'Use encoding="utf-8"', safe: false, edits: [replace(encoding.value, '"utf-8"')] },
      message: `${what} with encoding=None uses the locale encoding, which differs between machines: pass encoding="utf-8"`,
    });
    return;
  }
  const edit = addKeyword(c, 'encoding="utf-8"');
  cx.report(c.calleeSpan, {
    fix: edit ? { title: 'Add encoding="utf-8"', safe: false, edits: [edit] } : undefined,
    message: `${what} without encoding= uses the locale encoding, which differs between machines: pass encoding="utf-8"`,
  });
}

/** The call sets an encoding other than None (so it is not the locale's). */
function setsEncoding(c: CallRec, cx: RuleContext): boolean {
  const encoding = keyword(c, 'encoding');
  return encoding !== undefined && argValue(cx, encoding) !== 'None';
}

/** `name=` starting an argument's text: a keyword argument (group 1: its name), as the walk reads one. */
const KEYWORD = /^([A-Za-z_]\w*)\s*=(?!=)\s*/;
/** A mode argument that is one string literal with a `b` in it and nothing to read otherwise (no escape, no f). */
const BINARY_MODE = /^[rRuUbB]{0,2}(["'])[^"'\\\n]*b[^"'\\\n]*\1$/;
/** An argument that is a name or a dotted name (no string literal: never a text mode the rule reads). */
const NAME = /^[A-Za-z_][\w.]*$/;

/** Whether a mode argument, as written, may be a text mode literal (see isTextMode): not a literal with a `b`, not a name. */
function mayBeTextMode(mode: string): boolean {
  return !(BINARY_MODE.test(mode) || NAME.test(mode));
}

/**
 * Whether a call of `name` with these arguments (as written, see RuleNeeds.argumentsMatter) may be
 * one call() reports: no `*` or `**` argument, no encoding= other than None, and then as each
 * branch of call() reads its positional arguments and mode. With a receiver, `open` may be io's
 * or a Path's. Other calls: yes.
 */
export function openMayLackEncoding(name: string, args: readonly string[], receiver = false): boolean {
  const positional: string[] = [];
  // The first of a repeated keyword is the one call() reads (keyword()).
  let encoding: string | undefined;
  let modeKeyword: string | undefined;
  for (const arg of args) {
    if (arg.startsWith('*')) return false;
    const kw = KEYWORD.exec(arg);
    if (kw === null) positional.push(arg);
    else if (kw[1] === 'encoding') encoding ??= arg.slice(kw[0].length);
    else if (kw[1] === 'mode') modeKeyword ??= arg.slice(kw[0].length);
  }
  if (encoding !== undefined && encoding !== 'None') return false;
  const count = positional.length;
  if (name === 'open') {
    const textMode = (mode: string | undefined) => mode === undefined || mayBeTextMode(mode);
    const asFunction = count >= 1 && count <= 3 && textMode(modeKeyword ?? positional[1]);
    const asPath = count <= PATH_ENCODING_POSITION.open && textMode(modeKeyword ?? positional[0]);
    return asFunction || (receiver && asPath);
  }
  if (TEMPFILES.includes(name)) {
    // Binary unless a text mode is given.
    const mode = modeKeyword ?? positional[0];
    return mode !== undefined && mayBeTextMode(mode) && count < (name === 'SpooledTemporaryFile' ? 5 : 4);
  }
  if (name === 'TextIOWrapper') return count === 1;
  if (name === 'read_text' || name === 'write_text') return count <= PATH_ENCODING_POSITION[name];
  return true;
}

/** The concrete pathlib classes (PurePath and its pure kin have no open/read_text/write_text). */
const PATH_CLASSES = ['pathlib.Path', 'pathlib.PosixPath', 'pathlib.WindowsPath'];

export const openWithoutEncoding = defineRule<string>({
  meta: {
    code: 'OPS301',
    name: 'open-without-encoding',
    category: 'robustness',
    summary: 'open() in text mode without encoding= depends on the machine\'s locale: pass encoding="utf-8".',
    defaultSeverity: 'information',
    equivalents: ['ruff:PLW1514', 'pylint:W1514'],
    fixable: 'unsafe',
  },
  message: 'open() without encoding= uses the locale encoding, which differs between machines: pass encoding="utf-8"',
  // Names bound to pathlib.Path(...) are followed by the module facts; a Path receiver (bound,
  // made in place or annotated) resolves only through an import of pathlib.
  needs: {
    calls: ['builtins.open', 'io.open', 'io.TextIOWrapper', ...TEMPFILES.map((t) => `tempfile.${t}`)],
    methods: Object.keys(PATH_ENCODING_POSITION),
    methodsOf: ['pathlib'],
    argumentsMatter: openMayLackEncoding,
  },
  // The annotation of a receiver that is a parameter of the function around the call, if any.
  callDetail(site) {
    const receiver = site.record.receiver;
    if (receiver === null || receiver.includes('.') || !(site.record.tail in PATH_ENCODING_POSITION)) return null;
    return parameterOf(site.node, receiver, site.text)?.annotation ?? null;
  },
  call(c, cx, annotation) {
    if (!c.args || hasKwargs(c) || hasStarArgs(c) || setsEncoding(c, cx)) return;
    const pos = positional(c);
    if (c.tail === 'open' && cx.facts.calleeIs(c, 'builtins.open', 'io.open')) {
      if (pos.length === 0 || pos.length >= 4) return;
      const mode = keyword(c, 'mode') ?? pos[1];
      if (mode && isTextMode(cx, mode) !== true) return;
      report(c, cx, 'open()');
    } else if (TEMPFILES.includes(c.tail) && cx.facts.calleeIs(c, `tempfile.${c.tail}`)) {
      // Binary ("w+b") unless a text mode is given; then encoding is the fourth positional argument.
      const mode = keyword(c, 'mode') ?? pos[0];
      if (!mode || isTextMode(cx, mode) !== true || pos.length >= (c.tail === 'SpooledTemporaryFile' ? 5 : 4)) return;
      report(c, cx, `tempfile.${c.tail}()`);
    } else if (c.tail === 'TextIOWrapper' && cx.facts.calleeIs(c, 'io.TextIOWrapper')) {
      if (pos.length !== 1) return;
      report(c, cx, 'io.TextIOWrapper()');
    } else if (c.tail in PATH_ENCODING_POSITION && (cx.facts.isPathReceiver(c) || annotatedAs(annotation, c, cx, PATH_CLASSES))) {
      if (pos.length > PATH_ENCODING_POSITION[c.tail]) return;
      if (c.tail === 'open') {
        const mode = keyword(c, 'mode') ?? pos[0];
        if (mode && isTextMode(cx, mode) !== true) return;
      }
      report(c, cx, `Path.${c.tail}()`);
    }
  },
});
