/**
 * Classify a trace with the trained model: analyse it with the same pipeline as the training
 * traces, extract the features, check the domain, apply the calibrated network, decide, and
 * explain the decision with the features that carry it, in plain units.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import type { Trace } from '../imu/trace.ts';
import { analyzeTrace, type AnalysisResult } from '../imu/pipeline/index.ts';
import { extractFeatures, summaryIndex } from './features.ts';
import { calibratedProbabilities, decide, domainCheck, type Classifier, type Preprocessing } from './classifier.ts';
import { BILATERAL_NAMES, type PairedFeatures } from './bilateral.ts';
import { loadModel } from './model-io.ts';
import { initTf } from './tf-setup.ts';
import type { ClassLabel } from './labels.ts';

/** The `classify --json` document of one trace (INTERFACES.md). */
export interface ClassifyDocument {
  trace: string;
  mechanism: ClassLabel | 'uncertain';
  probabilities: Record<ClassLabel, number>;
  outOfDomain: boolean;
  strides: number;
  samplingRateHz: number;
  evidence: Record<string, string | number>;
  model: { name: string; version: string; trainedOn: string };
}

/**
 * Load a trained classifier directory (model.json, weights.bin, preprocessing.json).
 * @throws InputError when the directory or a file is missing
 */
export async function loadClassifier(dir: string): Promise<Classifier> {
  for (const f of ['model.json', 'weights.bin', 'preprocessing.json']) {
    if (!existsSync(join(dir, f))) throw new InputError(`classifier file ${f} not found (train one with \`dropfoot train\`)`, dir);
  }
  await initTf();
  const pre = JSON.parse(readFileSync(join(dir, 'preprocessing.json'), 'utf8')) as Preprocessing;
  const model = await loadModel(dir);
  return { model, pre };
}

const deg = (rad: number): string => `${((rad * 180) / Math.PI).toFixed(1)}°`;
const min = (s: number): string => `${(s / 60).toFixed(0)} min`;

/** Plain-language evidence from the analysis (the features the decision rests on). */
export function evidenceOf(analysis: AnalysisResult, features: PairedFeatures, reference?: FootReference | null): Record<string, string | number> {
  const ev: Record<string, string | number> = {};
  const f = analysis.run.features;
  const toeUp = f.peakSwingToeUpRateRadS;
  const strike = f.footPitchAtIcRad;
  const tc = toeUp?.timeCourse;
  if (tc && Number.isFinite(tc.earlyMedian) && tc.earlyMedian !== 0) {
    const pct = (100 * tc.change) / Math.abs(tc.earlyMedian);
    const onset = Number.isFinite(tc.onsetS) ? `, onset at ${min(tc.onsetS - (analysis.strides[0]?.icS ?? 0))} (${tc.best} model)` : ` (${tc.best} model)`;
    ev.toeUpRate = `peak swing toe-up rate ${pct < 0 ? 'fell' : 'rose'} ${Math.abs(pct).toFixed(0)} % from the first to the last third (${tc.earlyMedian.toFixed(2)} → ${tc.lateMedian.toFixed(2)} rad/s)${onset}`;
  }
  const sc = strike?.timeCourse;
  if (sc) {
    const onset = Number.isFinite(sc.onsetS) ? `, onset at ${min(sc.onsetS - (analysis.strides[0]?.icS ?? 0))}` : '';
    ev.strikeAngle = `foot strike angle ${deg(sc.earlyMedian)} in the first third → ${deg(sc.lateMedian)} in the last third (${sc.best} time course${onset})`;
  } else if (strike && Number.isFinite(strike.median)) ev.strikeAngle = `median foot strike angle ${deg(strike.median)}`;
  const peak = f.peakSwingPitchRad;
  if (peak && Number.isFinite(peak.median)) ev.peakSwingPitch = `median peak toe-up pitch in swing ${deg(peak.median)}`;
  // the failed-stride fractions the classifier saw (features.ts), not a second detection pass
  const early = features.summary[summaryIndex('failedStrideFractionEarly')];
  const late = features.summary[summaryIndex('failedStrideFractionLate')];
  if (Number.isFinite(early) && Number.isFinite(late)) {
    ev.isolatedFailedStrides = `${(100 * early).toFixed(1)} % of strides in the first third and ${(100 * late).toFixed(1)} % in the last third have the failed-drive signature against their neighbours (higher toe-up rate, weaker foot slap, flatter strike and swing pitch; isolated failed strides point to an intermittent block)`;
  }
  if (reference && reference.analysis.strides.length > 0) {
    const g = reference.analysis.run.features;
    const pair = (label: string, own: { median: number } | undefined, other: { median: number } | undefined, fmt: (x: number) => string): string | null =>
      own && other && Number.isFinite(own.median) && Number.isFinite(other.median) ? `${label} ${fmt(own.median)} vs ${fmt(other.median)}` : null;
    const parts = [
      pair('median strike angle', strike, g.footPitchAtIcRad, deg),
      pair('peak swing toe-up pitch', peak, g.peakSwingPitchRad, deg),
      pair('peak toe-up rate', toeUp, g.peakSwingToeUpRateRadS, (x) => `${x.toFixed(2)} rad/s`),
      pair('foot slap', f.footSlapRadS, g.footSlapRadS, (x) => `${x.toFixed(1)} rad/s`),
    ].filter((x) => x !== null);
    ev.otherFoot = `${reference.name} (${reference.analysis.strides.length} strides) is this runner's own reference, this foot vs the other: ${parts.join('; ')}`;
  }
  ev.cadence = `${analysis.run.cadenceStridesPerMin.toFixed(1)} strides/min, duty factor ${analysis.run.dutyFactor.toFixed(2)} (${analysis.run.gait})`;
  ev.durationMin = Number((features.durationS / 60).toFixed(1));
  return ev;
}

/** The other foot of the same recording, the runner's own reference (bilateral.ts). */
export interface FootReference {
  name: string;
  analysis: AnalysisResult;
}

/** The trace as the classifier's pipeline reads it: a shank (or other) sensor as an unknown site. */
const asAnalysed = (trace: Trace): Trace => (trace.site === 'foot' || trace.site === 'unknown' ? trace : { ...trace, site: 'unknown' });

/**
 * The analysis `classifyTrace` would compute for a trace, or null when the pipeline rejects it
 * (classifyTrace then answers uncertain/out of domain with the reason).
 */
export function analyzeForClassifier(trace: Trace): AnalysisResult | null {
  try {
    return analyzeTrace(asAnalysed(trace), { gait: 'auto' });
  } catch (e) {
    if (e instanceof InputError) return null;
    throw e;
  }
}

/** Features of an analysis, computed once: in a paired recording each foot's are also the other's reference. */
const featureCache = new WeakMap<AnalysisResult, ReturnType<typeof extractFeatures>>();
function featuresOf(analysis: AnalysisResult): ReturnType<typeof extractFeatures> {
  let f = featureCache.get(analysis);
  if (!f) {
    f = extractFeatures(analysis);
    featureCache.set(analysis, f);
  }
  return f;
}

/** True when the classifier takes the other foot's features (trained with the bilateral block). */
export const usesOtherFoot = (pre: Preprocessing): boolean => pre.summaryNames.includes(BILATERAL_NAMES[0]);

/**
 * Classify one trace.
 * @param trace a foot IMU trace (any reader's output)
 * @param classifier from `loadClassifier`
 * @param name shown as `trace` in the document
 * @param precomputed the trace's analysis when the caller already has it (from
 *   `analyzeTrace(trace, { gait: 'auto' })`), so it is not computed twice
 * @param reference the other foot of the same recording, analysed (see {@link classifyRecordings})
 * @returns the classify document; `uncertain` with outOfDomain for traces the pipeline cannot
 *   segment (no gait, too short)
 */
export function classifyTrace(trace: Trace, classifier: Classifier, name = '', precomputed?: AnalysisResult, reference?: FootReference | null): ClassifyDocument {
  const pre = classifier.pre;
  const modelInfo = { name: pre.name, version: pre.version, trainedOn: pre.trainedOn };
  let analysis: AnalysisResult;
  try {
    analysis = precomputed ?? analyzeTrace(asAnalysed(trace), { gait: 'auto' });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return {
      trace: name,
      mechanism: 'uncertain',
      probabilities: { none: NaN, muscular: NaN, neurological: NaN },
      outOfDomain: true,
      strides: 0,
      samplingRateHz: trace.samplingRateHz,
      evidence: { outOfDomain: `the analysis pipeline rejected the trace: ${e.message}` },
      model: modelInfo,
    };
  }
  const bilateral = usesOtherFoot(pre);
  const features: PairedFeatures = { ...featuresOf(analysis), reference: bilateral && reference ? featuresOf(reference.analysis) : null };
  const domain = domainCheck(pre, features);
  const probs = features.nStrides > 0 ? calibratedProbabilities(classifier, [features])[0] : [NaN, NaN, NaN];
  const d = decide(pre, probs, domain);
  const evidence = features.nStrides > 0 ? evidenceOf(analysis, features, bilateral ? reference : null) : {};
  if (bilateral && !features.reference?.nStrides) evidence.otherFoot = 'not given: classified from this foot alone (give both feet of a recording together for the within-runner comparison the model was also trained on)';
  evidence.outOfDomainScore = Number(d.oodScore.toFixed(2));
  if (d.oodReasons.length) evidence.outOfDomain = d.oodReasons.join('; ');
  if (!d.outOfDomain && d.mechanism === 'uncertain') evidence.uncertain = `no class clearly ahead (needs p ≥ ${pre.decision.minProbability} and a margin ≥ ${pre.decision.minMargin})`;
  return {
    trace: name,
    mechanism: d.mechanism,
    probabilities: d.probabilities,
    outOfDomain: d.outOfDomain,
    strides: features.nStrides,
    samplingRateHz: analysis.samplingRateHz,
    evidence,
    model: modelInfo,
  };
}

/** A trace to classify, with the recording it belongs to (traces of one recording may be paired). */
export interface RecordingTrace {
  trace: Trace;
  name: string;
  /** Recording key; traces without one count as one recording. */
  recording?: string;
}

/**
 * Which trace is which one's other foot: within each recording, when exactly one left and one
 * right foot trace (site foot or unknown) are given, each is the other's reference.
 * @returns for each item the index of its other foot, or -1
 */
export function pairFeet(items: readonly RecordingTrace[]): number[] {
  const partner = new Array<number>(items.length).fill(-1);
  const groups = new Map<string, number[]>();
  items.forEach((it, i) => {
    if (it.trace.site !== 'foot' && it.trace.site !== 'unknown') return;
    const key = it.recording ?? '';
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  for (const idx of groups.values()) {
    const left = idx.filter((i) => items[i].trace.side === 'left');
    const right = idx.filter((i) => items[i].trace.side === 'right');
    if (left.length === 1 && right.length === 1) {
      partner[left[0]] = right[0];
      partner[right[0]] = left[0];
    }
  }
  return partner;
}

/**
 * Classify several traces, each foot with its recording's other foot as reference when the
 * classifier uses it and `pair` is not false (see {@link pairFeet}).
 * @param analyses precomputed analyses (same order; null where unknown)
 */
export function classifyRecordings(items: readonly RecordingTrace[], classifier: Classifier, options: { pair?: boolean; analyses?: ReadonlyArray<AnalysisResult | null> } = {}): ClassifyDocument[] {
  const pairing = options.pair === false || !usesOtherFoot(classifier.pre) ? items.map(() => -1) : pairFeet(items);
  const analyses = items.map((it, i) => options.analyses?.[i] ?? analyzeForClassifier(it.trace));
  return items.map((it, i) => {
    const j = pairing[i];
    const ref = j >= 0 && analyses[j] ? { name: items[j].name, analysis: analyses[j] as AnalysisResult } : null;
    return classifyTrace(it.trace, classifier, it.name, analyses[i] ?? undefined, ref);
  });
}
