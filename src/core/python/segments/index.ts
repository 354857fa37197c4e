// Segments: how PyOps keeps Python parsed cheaply enough for a keystroke and for a whole tree.
// docs/parsing.md says why (one tree per document misses both budgets; benchmarks item 8).
//
//   scan.ts      where top-level statements, and the members of large classes, start (lexical)
//   document.ts  ParsedDocument: one tree per segment, updated incrementally after an edit
//   units.ts     UnitCache: the segments' trees cut into units, each unit's model reused while
//                its text is unchanged
//
// Invariants (the comparison tests in test/unit/core/python/segments and test/unit/core/diagnostics
// check each one):
//
// 1. Same statements and findings as one whole parse. For text without syntax errors, the segments
//    hold the statements a whole-file parse finds, at the same offsets, and every unit is the node
//    the whole parse would have (segments.test.ts; unparsed.test.ts compares findings and fixes).
// 2. Incremental equals fresh. After any sequence of edits, the segments and member runs, and the
//    findings, equal those of parsing the edited text afresh (incremental.test.ts,
//    splitClass.test.ts, unparsed.test.ts, with random edits).
// 3. Unparsed text is irrelevant. A segment or member run the caller's ParseFilter declines gets
//    no tree; the filter must say no only for text whose units would contribute nothing, and must
//    depend on the text alone (so reusing a run by its text is sound). Deliberately loose. A
//    statement of plain imports left unparsed is read from its text (UnitReader.statement) into
//    what its tree would give (plainImports.test.ts compares both). A statement binding a name to
//    plain string literals no rule asks about is left unparsed whatever its prose says: its tree
//    holds no record (plainStringAssignment.test.ts compares with the tree). Where the filter's
//    `narrowing` names the only lines a text needs, the lines left out are likewise irrelevant: its
//    tree holds those lines' nodes at their offsets (handlerSkeleton.test.ts compares the handlers,
//    raises, scopes and unit spans with a whole parse).
// 4. One split size. Classes and class-level `if`s are parsed in member runs above SPLIT_CHARS,
//    and cut into units above the same size, so a member's unit is the same either way.
// 5. Stand-in headers are invisible. A member run is parsed below `class _:` (MEMBER_HEADER), or
//    `class _:` + `if _:` for the branches of a long class-level `if`; units are the members of
//    that stand-in, with offsets mapped back, never the stand-in itself.
// 6. Cuts start clean. Every cut is a line start with no open bracket, string or continuation,
//    except where broken code (a def line inside an open bracket) forced one; such segments are
//    marked (cleanRuns: false) and no rescan starts from their cuts.
export { ParsedDocument, MAX_PARSE_LENGTH, memberSource } from './document';
export type { ContentChange, MemberRun, ParseFilter, Segment, SegmentedText, TextPart, TextRange } from './document';
export { blankCommentLines, branchHeader, MEMBER_HEADER, memberCuts, memberRuns, SPLIT_CHARS, topLevelCuts } from './scan';
export type { MemberScanResume, RunBounds, ScanExits, ScanNotes } from './scan';
export { UnitCache } from './units';
export { childInField, fieldIds, type FieldIds } from './fieldIds';
export type { DocumentUnits, TopStatement, Unit, UnitContext, UnitReader } from './units';
