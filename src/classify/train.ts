/**
 * `dropfoot train`: build the dataset from the experiment file, fit the baseline and the candidate
 * networks, pick the architecture on validation balanced accuracy (ties → lower validation loss),
 * calibrate by temperature scaling, fit the out-of-domain model, evaluate on the held-out test
 * set and the real recordings, and write the model directory.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetHash, generateDataset, planDataset, withNaN, type Example, type GenerateResult, type PlanOptions, type TrainingConfig } from './dataset.ts';
import { SEQUENCE_BINS, SEQUENCE_KEYS, SEQUENCE_NAMES, SUMMARY_NAMES, type TraceFeatures } from './features.ts';
import { inputSummary, INPUT_SUMMARY_NAMES, type PairedFeatures } from './bilateral.ts';
import { fitStandardizer, standardize, standardizeUnclipped } from './preprocess.ts';
import { baselineLogits, fitBaseline } from './baseline.ts';
import { buildNetwork, fitNetwork, predictProbabilities, type Architecture } from './model.ts';
import { fitTemperature, softmaxT } from './calibrate.ts';
import { fitMahalanobis, mahalanobis, quantileOf } from './ood.ts';
import { CLASS_NAMES } from './labels.ts';
import { balancedAccuracy, confusionMatrix, argmax } from './metrics.ts';
import { calibratedProbabilities, decide, domainCheck, type Classifier, type Preprocessing } from './classifier.ts';
import { evaluateTest, type TestEvaluation } from './evaluate.ts';
import { saveModel } from './model-io.ts';
import { initTf, tf } from './tf-setup.ts';
import { loadRealTraces } from './real-data.ts';
import { classifyRecordings } from './predict.ts';
import { toolVersion, gitCommit } from '../io/provenance.ts';
import { createRng } from '../random.ts';

export interface TrainOptions extends PlanOptions {
  outDir: string;
  workers?: number;
  /** Where generated datasets are cached by hash (default out/classifier-data); null disables. */
  cacheDir?: string | null;
  /** Override training epochs (tests). */
  epochs?: number;
  /** Real-data folder for the real-recording check (default ../shared/data). */
  realDataDir?: string;
  /** Source file of the config, for the model card. */
  configPath?: string;
  log?: (line: string) => void;
}

/** Decision thresholds (stated in the model card). */
export const DECISION = { minProbability: 0.6, minMargin: 0.2 } as const;
/** Out-of-domain threshold quantile of the validation distances. */
export const OOD_QUANTILE = 0.99;
/** Rule guards: running only, ≥ 200 strides, ≥ 8 min (training runs: 15–40 min). */
export const RULES = { gait: 'run', minStrides: 200, minDurationS: 480 } as const;

const toFeatures = (e: Example): TraceFeatures => ({ summary: Float64Array.from(e.summary), sequence: Float64Array.from(e.sequence), nStrides: e.nStrides, gait: e.gait, durationS: e.durationS });

/** The example as `classify` sees it: with the other foot's features when `paired` and present. */
const toPaired = (e: Example, paired: boolean): PairedFeatures => {
  const f: PairedFeatures = toFeatures(e);
  if (paired && e.referenceSummary.length === SUMMARY_NAMES.length) {
    // the example keeps only the other foot's feature vectors (its stride count is not stored;
    // a stored summary means it was analysed with strides)
    f.reference = { summary: Float64Array.from(e.referenceSummary), sequence: Float64Array.from(e.referenceSequence), nStrides: 1, gait: e.gait, durationS: e.durationS };
  }
  return f;
};

/**
 * One input row: a runner with the other foot as reference (`paired`) or without. Every runner
 * whose right foot was analysed enters twice, once each way, so the one network serves one-foot
 * and two-foot recordings; both rows of a runner always fall on the same side of every split.
 */
interface Row {
  e: Example;
  paired: boolean;
}

const rowsOf = (xs: readonly Example[]): Row[] => xs.flatMap((e) => (e.referenceSummary.length === SUMMARY_NAMES.length ? [{ e, paired: true }, { e, paired: false }] : [{ e, paired: false }]));
/** The network's summary input of a row, composed as `classify` composes it. */
const rowSummary = (r: Row): number[] => inputSummary(toPaired(r.e, r.paired));

/**
 * Generate (or read from the cache) the examples of a config.
 * @returns examples and generation stats (wallS 0 when cached)
 */
export async function datasetFor(config: TrainingConfig, options: TrainOptions, sets: ReadonlyArray<'trainval' | 'test'>): Promise<GenerateResult & { cached: boolean }> {
  const runs = planDataset(config, { ...options, sets });
  const hash = datasetHash(runs);
  const cacheDir = options.cacheDir === undefined ? 'out/classifier-data' : options.cacheDir;
  const file = cacheDir ? join(cacheDir, `dataset-${hash}.json`) : null;
  if (file && existsSync(file)) {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as GenerateResult;
    return { ...cached, examples: cached.examples.map(withNaN), cached: true };
  }
  const log = options.log ?? (() => {});
  let last = 0;
  const journal = file ? `${file}.partial.jsonl` : undefined;
  if (file && cacheDir) mkdirSync(cacheDir, { recursive: true });
  const res = await generateDataset(runs, {
    workers: options.workers,
    journal,
    onProgress: (done, total) => {
      if (done === total || performance.now() - last > 15_000) {
        last = performance.now();
        log(`  generated ${done}/${total} runs`);
      }
    },
  });
  if (file && cacheDir) {
    writeFileSync(file, JSON.stringify(res));
    if (journal) rmSync(journal, { force: true });
  }
  return { ...res, cached: false };
}

/** Everything `train` reports. */
export interface TrainReport {
  preprocessing: Preprocessing;
  metrics: Record<string, unknown>;
}

/** Folds of the out-of-fold calibration. */
const CALIBRATION_FOLDS = 5;

/** Standardised rows; `runner` identifies the simulated runner (folds keep a runner's rows together). */
type Prepared = { summaries: number[][]; sequences: number[][]; labels: number[]; runner: number[] };

/**
 * Fold of each row for k-fold cross-fitting, assigned per runner by a seeded shuffle, so that a
 * runner's rows (with and without the other foot) are never on both sides of a fold.
 * @param runner runner id of each row
 */
export function runnerFolds(runner: readonly number[], folds: number, seed: number): Int32Array {
  const rng = createRng(seed, 'calibration-folds');
  const runners = [...new Set(runner)];
  for (let i = runners.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [runners[i], runners[j]] = [runners[j], runners[i]];
  }
  const foldOf = new Map(runners.map((r, rank) => [r, rank % folds]));
  return Int32Array.from(runner, (r) => foldOf.get(r) as number);
}

/**
 * Log-probabilities of every train + validation runner from a network that did not see it
 * (k folds, assigned by a seeded shuffle), for fitting the temperature.
 */
async function outOfFoldLogits(
  arch: Architecture,
  all: Prepared,
  nClass: number,
  o: { epochs: number; batchSize: number; learningRate: number; seed: number; folds: number },
): Promise<{ logits: number[][]; labels: number[]; wallS: number }> {
  const t0 = performance.now();
  const n = all.labels.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const fold = runnerFolds(all.runner, o.folds, o.seed);
  const logits: number[][] = new Array(n);
  const pick = (idx: number[]): Prepared => ({ summaries: idx.map((i) => all.summaries[i]), sequences: idx.map((i) => all.sequences[i]), labels: idx.map((i) => all.labels[i]), runner: idx.map((i) => all.runner[i]) });
  for (let f = 0; f < o.folds; f++) {
    const inFold = order.filter((i) => fold[i] === f);
    const rest = order.filter((i) => fold[i] !== f);
    const held = pick(inFold);
    const model = buildNetwork(arch, all.summaries[0].length, nClass, o.seed + 101 * (f + 1));
    // checkEvery = epochs: the held-out fold is evaluated once, at the end (no selection on it)
    await fitNetwork(model, arch, pick(rest), held, nClass, { epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate, seed: o.seed + f, checkEvery: o.epochs });
    const p = predictProbabilities(model, arch, held.summaries, held.sequences);
    inFold.forEach((idx, k) => (logits[idx] = p[k].map((v) => Math.log(Math.max(v, 1e-12)))));
    model.dispose();
  }
  return { logits, labels: all.labels, wallS: (performance.now() - t0) / 1000 };
}

const labelIndex = (e: Example): number => CLASS_NAMES.indexOf(e.label as (typeof CLASS_NAMES)[number]);

/**
 * Train the classifier end to end and write the model directory.
 * @param config validated training config
 * @param options output dir, workers, cache, scale (tests)
 */
export async function trainClassifier(config: TrainingConfig, options: TrainOptions): Promise<TrainReport> {
  const log = options.log ?? (() => {});
  const t0 = performance.now();
  const backend = await initTf();
  log(`tfjs backend: ${backend}`);
  const trainval = await datasetFor(config, options, ['trainval']);
  const test = await datasetFor(config, options, ['test']);
  log(`dataset: ${trainval.examples.length} train/validation + ${test.examples.length} test runs (${trainval.errors.length + test.errors.length} failed)${trainval.cached ? ' (cached)' : ''}`);
  const genS = (performance.now() - t0) / 1000;
  const tFit = performance.now();
  const usable = (e: Example): boolean => e.label !== 'ambiguous' && e.nStrides > 0;
  const train = trainval.examples.filter((e) => e.split === 'train' && usable(e));
  const val = trainval.examples.filter((e) => e.split === 'validation' && usable(e));
  if (train.length < 6 || val.length < 3) throw new Error(`too few usable runs to train (${train.length} train, ${val.length} validation)`);
  const trainRows = rowsOf(train);
  const valRows = rowsOf(val);
  const runnerId = new Map<Example, number>([...train, ...val].map((e, i) => [e, i]));
  const summaryStd = fitStandardizer(trainRows.map(rowSummary));
  const sequenceStd = fitStandardizer(train.map((e) => e.sequence));
  const prep = (rows: Row[]): Prepared => ({
    summaries: rows.map((r) => standardize(summaryStd, rowSummary(r))),
    sequences: rows.map((r) => standardize(sequenceStd, r.e.sequence)),
    labels: rows.map((r) => labelIndex(r.e)),
    runner: rows.map((r) => runnerId.get(r.e) as number),
  });
  const tr = prep(trainRows);
  const va = prep(valRows);
  const nClass = CLASS_NAMES.length;

  // baseline
  const baselineRaw = fitBaseline(train.map((e) => e.summary), train.map(labelIndex), nClass);
  const baselineValLogits = val.map((e) => baselineLogits(baselineRaw, e.summary));
  const baselineT = fitTemperature(baselineValLogits, val.map(labelIndex));

  // candidate networks
  const epochs = options.epochs ?? config.training.epochs;
  const candidates: { arch: Architecture; model: tf.LayersModel; valBalAcc: number; valLoss: number; fitS: number; bestEpoch: number; byMode: { twoFeet: number; oneFoot: number } }[] = [];
  for (const arch of config.training.architectures) {
    const model = buildNetwork(arch, INPUT_SUMMARY_NAMES.length, nClass, config.training.seed);
    const rep = await fitNetwork(model, arch, tr, va, nClass, { epochs, batchSize: config.training.batchSize, learningRate: config.training.learningRate, seed: config.training.seed });
    const p = predictProbabilities(model, arch, va.summaries, va.sequences);
    const balOf = (keep: (i: number) => boolean): number => {
      const idx = va.labels.map((_, i) => i).filter(keep);
      return idx.length ? balancedAccuracy(confusionMatrix(idx.map((i) => va.labels[i]), idx.map((i) => argmax(p[i])), nClass)) : NaN;
    };
    const bal = balOf(() => true);
    const byMode = { twoFeet: balOf((i) => valRows[i].paired), oneFoot: balOf((i) => !valRows[i].paired) };
    candidates.push({ arch, model, valBalAcc: bal, valLoss: rep.bestValidationLoss, fitS: rep.wallS, bestEpoch: rep.bestEpoch, byMode });
    log(`  ${arch}: validation balanced accuracy ${bal.toFixed(3)} (two feet ${byMode.twoFeet.toFixed(3)}, one foot ${byMode.oneFoot.toFixed(3)}), loss ${rep.bestValidationLoss.toFixed(3)} (best epoch ${rep.bestEpoch}, ${rep.wallS.toFixed(1)} s)`);
  }
  candidates.sort((a, b) => b.valBalAcc - a.valBalAcc || a.valLoss - b.valLoss);
  const chosen = candidates[0];
  for (const c of candidates.slice(1)) c.model.dispose();

  // calibration: temperature from out-of-fold predictions over train + validation. The validation
  // runners alone (~75) gave T ≈ 1.0 where the test set wanted ≈ 1.5; each fold's network has the
  // chosen architecture and is trained for the chosen network's best epoch count, with no
  // selection on its held-out fold.
  const everyone: Prepared = { summaries: [...tr.summaries, ...va.summaries], sequences: [...tr.sequences, ...va.sequences], labels: [...tr.labels, ...va.labels], runner: [...tr.runner, ...va.runner] };
  const calibration = await outOfFoldLogits(chosen.arch, everyone, nClass, {
    epochs: Math.max(1, chosen.bestEpoch),
    batchSize: config.training.batchSize,
    learningRate: config.training.learningRate,
    seed: config.training.seed,
    folds: CALIBRATION_FOLDS,
  });
  const temperature = fitTemperature(calibration.logits, calibration.labels);
  log(`  calibration: T = ${temperature.toFixed(3)} from ${calibration.labels.length} out-of-fold rows of ${new Set(everyone.runner).size} runners (${CALIBRATION_FOLDS} folds, ${calibration.wallS.toFixed(1)} s)`);

  // final network: the chosen architecture refitted on all labelled train + validation runners
  // (20 % more data) for the chosen network's best epoch count, as the calibration folds were;
  // validation has done its jobs (architecture, epoch count) by now.
  const tRefit = performance.now();
  const finalModel = buildNetwork(chosen.arch, INPUT_SUMMARY_NAMES.length, nClass, config.training.seed);
  const epochsFinal = Math.max(1, chosen.bestEpoch);
  await fitNetwork(finalModel, chosen.arch, everyone, va, nClass, { epochs: epochsFinal, batchSize: config.training.batchSize, learningRate: config.training.learningRate, seed: config.training.seed, checkEvery: epochsFinal });
  chosen.model.dispose();
  chosen.model = finalModel;
  log(`  final ${chosen.arch} network refitted on ${new Set(everyone.runner).size} train + validation runners (${everyone.labels.length} rows) for ${epochsFinal} epochs (${((performance.now() - tRefit) / 1000).toFixed(1)} s)`);

  // out-of-domain model: fitted on training runs, threshold from validation runs
  const maha = fitMahalanobis(trainRows.map((r) => standardizeUnclipped(summaryStd, rowSummary(r))), 0.1);
  const valDist = valRows.map((r) => mahalanobis(maha, standardizeUnclipped(summaryStd, rowSummary(r))));
  const threshold = quantileOf(valDist, OOD_QUANTILE);
  const fitS = (performance.now() - tFit) / 1000;

  const version = `${toolVersion()}+${(gitCommit() ?? 'nogit').slice(0, 8)}`;
  const pre: Preprocessing = {
    name: 'mechanism-classifier',
    version,
    trainedOn: `${config.name} (${train.length} train + ${val.length} validation simulated runners, seed ${config.seed})`,
    classNames: [...CLASS_NAMES],
    architecture: chosen.arch,
    summaryNames: [...INPUT_SUMMARY_NAMES],
    sequenceNames: [...SEQUENCE_NAMES],
    input: { sequenceBins: SEQUENCE_BINS, sequenceKeys: [...SEQUENCE_KEYS] },
    summaryStandardizer: summaryStd,
    sequenceStandardizer: sequenceStd,
    temperature,
    ood: { mahalanobis: maha, threshold, quantile: OOD_QUANTILE, features: 'standardised summary features (unclipped), shrunk covariance λ = 0.1' },
    rules: { ...RULES },
    decision: { ...DECISION },
    baseline: { ...baselineRaw, temperature: baselineT },
  };
  const clf: Classifier = { model: chosen.model, pre };

  // test evaluation: the two feet of each test runner (the headline, as recorded with a sensor on
  // each foot), and the affected foot alone (a one-sensor recording)
  const testEx = test.examples.filter((e) => e.nStrides > 0);
  const baseProb = testEx.map((e) => softmaxT(baselineLogits(baselineRaw, e.summary), baselineT));
  const evaluateMode = (paired: boolean): TestEvaluation => {
    const features = testEx.map((e) => toPaired(e, paired));
    const prob = calibratedProbabilities(clf, features);
    const rawProb = predictProbabilities(chosen.model, chosen.arch, features.map((f) => standardize(summaryStd, inputSummary(f))), testEx.map((e) => standardize(sequenceStd, e.sequence)));
    const decisions = testEx.map((e, i) => decide(pre, prob[i], domainCheck(pre, features[i])));
    return evaluateTest(testEx, prob, rawProb, baseProb, decisions);
  };
  const pairedTestRuns = testEx.filter((e) => e.referenceSummary.length === SUMMARY_NAMES.length).length;
  const evaluation: TestEvaluation = evaluateMode(true);
  const evaluationOneFoot: TestEvaluation = evaluateMode(false);
  log(`  test: two feet ${pairedTestRuns}/${testEx.length} runs, balanced accuracy ${evaluation.network.balancedAccuracy.toFixed(3)}; affected foot alone ${evaluationOneFoot.network.balancedAccuracy.toFixed(3)}`);

  // real recordings (both feet of a recording classified with each other as reference)
  const real = loadRealTraces(options.realDataDir ?? '../shared/data');
  const realItems = real.traces.map((r) => ({ trace: r.trace, name: r.source, recording: r.recording }));
  const realDocs = classifyRecordings(realItems, clf);
  const noneOrUncertain = (d: { mechanism: string }): boolean => d.mechanism === 'none' || d.mechanism === 'uncertain';
  const realOk = realDocs.filter(noneOrUncertain).length;
  const realOkOneFoot = classifyRecordings(realItems, clf, { pair: false }).filter(noneOrUncertain).length;

  const labelCounts = (xs: Example[]) => Object.fromEntries(['none', 'muscular', 'neurological', 'ambiguous'].map((l) => [l, xs.filter((e) => e.label === l).length]));
  const metrics = {
    model: { name: pre.name, version, architecture: chosen.arch, temperature, oodThreshold: threshold, oodQuantile: OOD_QUANTILE, decision: DECISION, rules: RULES, backend },
    data: {
      config: options.configPath ?? config.name,
      train: labelCounts(trainval.examples.filter((e) => e.split === 'train')),
      validation: labelCounts(trainval.examples.filter((e) => e.split === 'validation')),
      test: labelCounts(test.examples),
      failedRuns: trainval.errors.length + test.errors.length,
      failures: [...trainval.errors, ...test.errors].slice(0, 10),
    },
    timing: {
      generationWallS: trainval.cached ? null : trainval.wallS,
      testGenerationWallS: test.cached ? null : test.wallS,
      generationStageCpuS: trainval.stageS,
      workers: options.workers ?? null,
      fitWallS: fitS,
      perArchitecture: candidates.map((c) => ({ architecture: c.arch, validationBalancedAccuracy: c.valBalAcc, validationLoss: c.valLoss, fitWallS: c.fitS, bestEpoch: c.bestEpoch })),
      totalWallS: (performance.now() - t0) / 1000,
      datasetWallS: genS,
    },
    validation: { architectureChoice: candidates.map((c) => ({ architecture: c.arch, balancedAccuracy: c.valBalAcc, balancedAccuracyTwoFeet: c.byMode.twoFeet, balancedAccuracyOneFoot: c.byMode.oneFoot, loss: c.valLoss })) },
    test: { ...evaluation, pairedRuns: pairedTestRuns },
    testOneFoot: evaluationOneFoot,
    realData: {
      n: realDocs.length,
      noneOrUncertainFraction: realDocs.length ? realOk / realDocs.length : null,
      noneOrUncertainFractionOneFoot: realDocs.length ? realOkOneFoot / realDocs.length : null,
      skipped: real.skipped,
      results: realDocs.map((d) => ({ trace: d.trace, mechanism: d.mechanism, outOfDomain: d.outOfDomain, probabilities: d.probabilities, reason: d.evidence.outOfDomain ?? d.evidence.uncertain ?? null })),
    },
  };
  mkdirSync(options.outDir, { recursive: true });
  await saveModel(chosen.model, options.outDir);
  writeFileSync(join(options.outDir, 'preprocessing.json'), JSON.stringify(pre, null, 1) + '\n');
  writeFileSync(join(options.outDir, 'metrics.json'), JSON.stringify(metrics, null, 1) + '\n');
  return { preprocessing: pre, metrics };
}
