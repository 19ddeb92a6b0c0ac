/**
 * The committed classifier on every real recording in ../shared/data that the readers accept
 * (healthy adults walking: gaitmap example, IPOL 2023 subjects 1–2, eGait sample; see its
 * README): each must be called `none` or `uncertain`, never a mechanism. A still sensor and a
 * randomly shaken one must be `uncertain` with outOfDomain: true. Skipped until
 * models/mechanism-classifier holds a trained model (`dropfoot train`).
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadClassifier, classifyTrace, classifyRecordings, pairFeet, usesOtherFoot } from '../../src/classify/predict.ts';
import { loadRealTraces } from '../../src/classify/real-data.ts';
import { nonGaitTrace } from '../unit/classify-non-gait.ts';

const MODEL = resolve(process.cwd(), 'models/mechanism-classifier');
const DATA = resolve(process.cwd(), '../shared/data');
const ready = existsSync(resolve(MODEL, 'model.json')) && existsSync(DATA);

describe.skipIf(!ready)('committed classifier on real recordings', () => {
  it('every readable real recording → none or uncertain', async () => {
    const clf = await loadClassifier(MODEL);
    const { traces } = loadRealTraces(DATA);
    expect(traces.length).toBeGreaterThanOrEqual(20); // ipol alone has 20 foot files
    // each foot alone, and with the other foot of its recording as reference: all 13 recordings
    // hold both feet; the short eGait sample (~11 s) has no strides to compare, every other foot
    // is judged against its partner
    const items = traces.map((t) => ({ trace: t.trace, name: t.source, recording: t.recording }));
    const partner = pairFeet(items);
    expect(partner.every((j) => j >= 0)).toBe(true);
    const alone = classifyRecordings(items, clf, { pair: false });
    const paired = classifyRecordings(items, clf);
    if (usesOtherFoot(clf.pre)) {
      paired.forEach((d, i) => {
        const comparable = d.strides > 0 && paired[partner[i]].strides > 0;
        expect(String(d.evidence.otherFoot).includes(`${items[partner[i]].name} (`), d.trace).toBe(comparable);
      });
      expect(paired.filter((d) => d.strides > 0).length).toBeGreaterThanOrEqual(24);
    }
    for (const d of [...alone, ...paired]) expect(['none', 'uncertain'], `${d.trace}: ${d.mechanism}`).toContain(d.mechanism);
  }, 60_000);

  it('still and shaken sensors → uncertain, out of domain', async () => {
    const clf = await loadClassifier(MODEL);
    for (const kind of ['still', 'shaken'] as const) {
      const d = classifyTrace(nonGaitTrace(kind, 600), clf, kind);
      expect(d.mechanism).toBe('uncertain');
      expect(d.outOfDomain).toBe(true);
    }
  }, 60_000);
});
