/**
 * The trained classifier as data (preprocessing.json) plus its network, and the decision rule
 * shared by `classify` and the evaluation: calibrated probabilities → a class, or `uncertain`
 * when the input is out of domain or no class is clearly ahead.
 */
import type { Architecture } from './model.ts';
import type { BaselineModel } from './baseline.ts';
import type { Standardizer } from './preprocess.ts';
import { standardize, standardizeUnclipped } from './preprocess.ts';
import type { DomainRules, MahalanobisModel } from './ood.ts';
import { mahalanobis, ruleViolations } from './ood.ts';
import { softmaxT } from './calibrate.ts';
import { argmax } from './metrics.ts';
import { inputSummary, type PairedFeatures } from './bilateral.ts';
import { CLASS_NAMES, type ClassLabel } from './labels.ts';
import type { tf } from './tf-setup.ts';
import { predictProbabilities } from './model.ts';

/** Contents of preprocessing.json. */
export interface Preprocessing {
  name: string;
  version: string;
  trainedOn: string;
  classNames: readonly ClassLabel[];
  architecture: Architecture;
  summaryNames: readonly string[];
  sequenceNames: readonly string[];
  input: { sequenceBins: number; sequenceKeys: readonly string[] };
  summaryStandardizer: Standardizer;
  sequenceStandardizer: Standardizer;
  /** Temperature applied to the network's log-probabilities. */
  temperature: number;
  ood: { mahalanobis: MahalanobisModel; threshold: number; quantile: number; features: string };
  rules: DomainRules;
  decision: { minProbability: number; minMargin: number };
  baseline: BaselineModel & { temperature: number };
}

/** A loaded classifier. */
export interface Classifier {
  model: tf.LayersModel;
  pre: Preprocessing;
}

/** Decision for one trace's features. */
export interface Decision {
  mechanism: ClassLabel | 'uncertain';
  probabilities: Record<ClassLabel, number>;
  outOfDomain: boolean;
  oodScore: number;
  oodReasons: string[];
}

/** Calibrated probabilities of a batch of feature sets (each with the other foot's when paired). */
export function calibratedProbabilities(clf: Classifier, features: readonly PairedFeatures[]): number[][] {
  const s = features.map((f) => standardize(clf.pre.summaryStandardizer, inputSummary(f, clf.pre.summaryNames)));
  const q = features.map((f) => standardize(clf.pre.sequenceStandardizer, Array.from(f.sequence)));
  const raw = predictProbabilities(clf.model, clf.pre.architecture, s, q);
  return raw.map((p) => softmaxT(p.map((v) => Math.log(Math.max(v, 1e-12))), clf.pre.temperature));
}

/** Out-of-domain check of one trace's features: rule violations and Mahalanobis score. */
export function domainCheck(pre: Preprocessing, f: PairedFeatures): { score: number; reasons: string[] } {
  const reasons = ruleViolations(pre.rules, f);
  const z = standardizeUnclipped(pre.summaryStandardizer, inputSummary(f, pre.summaryNames));
  const score = mahalanobis(pre.ood.mahalanobis, z);
  if (!(score <= pre.ood.threshold)) {
    reasons.push(`feature distance from the training runs ${score.toFixed(1)} > threshold ${pre.ood.threshold.toFixed(1)} (${(pre.ood.quantile * 100).toFixed(0)}th percentile of validation runs)`);
  }
  return { score, reasons };
}

/** Decide from calibrated probabilities and the domain check. */
export function decide(pre: Preprocessing, probabilities: readonly number[], domain: { score: number; reasons: string[] }): Decision {
  const k = argmax(probabilities);
  const sorted = [...probabilities].sort((a, b) => b - a);
  const clear = sorted[0] >= pre.decision.minProbability && sorted[0] - sorted[1] >= pre.decision.minMargin;
  const outOfDomain = domain.reasons.length > 0;
  const probs = Object.fromEntries(CLASS_NAMES.map((c, i) => [c, probabilities[i]])) as Record<ClassLabel, number>;
  return {
    mechanism: outOfDomain || !clear ? 'uncertain' : CLASS_NAMES[k],
    probabilities: probs,
    outOfDomain,
    oodScore: domain.score,
    oodReasons: domain.reasons,
  };
}
