import assert from 'node:assert/strict';
import { applyFixes, type Finding } from '../../../../src/core/diagnostics';
import { LineIndex } from '../../../../src/core/python/lineIndex';
import { analyze, hasSyntaxError, internalErrors, pythonSyntaxErrors, ruleFixtures } from './helpers';

interface OffsetEdit {
  s: number;
  e: number;
  text: string;
}

function offsetEdits(text: string, f: Finding): OffsetEdit[] {
  const lines = new LineIndex(text);
  return f.fix!.edits.map((e) => ({ s: lines.offsetAt(e.range.start), e: lines.offsetAt(e.range.end), text: e.newText }));
}

/** Where an offset of the old text lands after the edits, or null when the edits replaced it. */
function mapOffset(offset: number, edits: OffsetEdit[]): number | null {
  let delta = 0;
  for (const e of edits) {
    if (e.s === e.e ? e.s <= offset : e.e <= offset) delta += e.text.length - (e.e - e.s);
    else if (e.s < offset && offset < e.e) return null;
  }
  return offset + delta;
}

const key = (code: string, offset: number) => `${code}@${offset}`;

describe('diagnostics: every fix', () => {
  const fixtures = ruleFixtures();
  const fixedTexts: { label: string; text: string }[] = [];

  for (const fx of fixtures) {
    it(`${fx.code}/${fx.file}: each fix parses, removes its finding and changes nothing else`, async () => {
      const before = await analyze(fx.text);
      const lines = new LineIndex(fx.text);
      const withFix = before.filter((f) => f.fix);
      // The OPS001 fixtures are broken on purpose: a fix there must not add an error of its own.
      const brokenBefore = await hasSyntaxError(fx.text);
      for (const finding of withFix) {
        const label = `${fx.code}/${fx.file}:${finding.range.start.line + 1} ${finding.code} "${finding.fix!.title}"`;
        const { text, applied } = applyFixes(fx.text, [finding], { safeOnly: false });
        assert.equal(applied, 1, label);
        assert.notEqual(text, fx.text, label);
        if (!brokenBefore) {
          assert.equal(await hasSyntaxError(text), false, `${label} leaves a syntax error:\n${text}`);
          fixedTexts.push({ label, text });
        }

        const edits = offsetEdits(fx.text, finding);
        const after = await analyze(text);
        const afterLines = new LineIndex(text);
        const afterKeys = new Map<string, number>();
        for (const f of after) {
          const k = key(f.code, afterLines.offsetAt(f.range.start));
          afterKeys.set(k, (afterKeys.get(k) ?? 0) + 1);
        }
        // The fixed finding is gone...
        const fixedAt = mapOffset(lines.offsetAt(finding.range.start), edits) ?? edits[0].s;
        assert.ok(
          !after.some((f) => f.code === finding.code && afterLines.offsetAt(f.range.start) === fixedAt),
          `${label}: finding still there`,
        );
        // ...every other finding is still reported where its code moved to...
        const expected = new Map<string, number>();
        for (const f of before) {
          if (f === finding) continue;
          const at = mapOffset(lines.offsetAt(f.range.start), edits);
          if (at === null) continue;
          const k = key(f.code, at);
          expected.set(k, (expected.get(k) ?? 0) + 1);
        }
        for (const [k, n] of expected) assert.equal(afterKeys.get(k) ?? 0, n, `${label}: ${k} changed`);
        // ...and nothing new appears: no fix leaves a finding behind, not even about the code it
        // inserted (a bare except made `except Exception:` must not then be OPS106).
        for (const f of after) {
          const at = afterLines.offsetAt(f.range.start);
          assert.ok(expected.has(key(f.code, at)), `${label}: new finding ${f.code} at line ${f.range.start.line + 1}: ${f.message}`);
        }
      }
    });
  }

  it('produces code Python itself accepts (ast.parse on every fixed file)', function () {
    this.timeout(20_000);
    assert.ok(fixedTexts.length > 40, `only ${fixedTexts.length} fixes exercised`);
    const errors = pythonSyntaxErrors(fixedTexts.map((t) => t.text));
    const bad = errors.map((e, i) => (e ? `${fixedTexts[i].label}: ${e}` : null)).filter((e) => e !== null);
    assert.deepEqual(bad, []);
  });

  it('offers a fix for every rule that declares one', async () => {
    const { RULES } = await import('../../../../src/core/diagnostics');
    const codesWithFixes = new Set<string>();
    for (const fx of fixtures) for (const f of await analyze(fx.text)) if (f.fix) codesWithFixes.add(f.code);
    for (const r of RULES) assert.equal(codesWithFixes.has(r.code), r.fixable !== 'none', r.code);
  });

  after(() => assert.deepEqual(internalErrors, []));
});

describe('diagnostics: fix-all', () => {
  for (const fx of ruleFixtures()) {
    it(`${fx.code}/${fx.file}: safe fix-all twice changes nothing the second time; all fixes still parse`, async () => {
      const first = applyFixes(fx.text, await analyze(fx.text), { safeOnly: true });
      const second = applyFixes(first.text, await analyze(first.text), { safeOnly: true });
      assert.equal(second.applied, 0, `second pass applied ${second.applied}:\n${second.text}`);
      assert.equal(second.text, first.text);
      const all = applyFixes(fx.text, await analyze(fx.text), { safeOnly: false });
      const [originalError, firstError, allError] = pythonSyntaxErrors([fx.text, first.text, all.text]);
      if (originalError !== null) {
        // The OPS001 fixtures are broken on purpose: the fixes leave Python's first error where it was.
        assert.deepEqual([firstError, allError], [originalError, originalError]);
        return;
      }
      assert.equal(await hasSyntaxError(first.text), false, first.text);
      assert.equal(await hasSyntaxError(all.text), false, all.text);
      assert.deepEqual([firstError, allError], [null, null]);
    });
  }
});

describe('diagnostics: fixes in files with Windows line breaks', () => {
  it("add lines with the file's own line break (\\r\\n), on every rule fixture", async () => {
    let checked = 0;
    for (const fx of ruleFixtures()) {
      const crlf = fx.text.replace(/\r?\n/g, '\r\n');
      for (const finding of (await analyze(crlf)).filter((f) => f.fix)) {
        const { text } = applyFixes(crlf, [finding], { safeOnly: false });
        assert.doesNotMatch(text, /[^\r]\n/, `${fx.code}/${fx.file}:${finding.range.start.line + 1} ${finding.fix!.title} adds a bare \\n`);
        checked++;
      }
    }
    assert.ok(checked > 50, `only ${checked} fixes checked`);
    assert.deepEqual(internalErrors, []);
  });
});
