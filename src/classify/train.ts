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
import { classifyTrace } from './predict.ts';
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

type Prepared = { summaries: number[][]; sequences: number[][]; labels: number[] };

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
  const rng = createRng(o.seed, 'calibration-folds');
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const fold = new Int32Array(n);
  order.forEach((idx, rank) => (fold[idx] = rank % o.folds));
  const logits: number[][] = new Array(n);
  const pick = (idx: number[]): Prepared => ({ summaries: idx.map((i) => all.summaries[i]), sequences: idx.map((i) => all.sequences[i]), labels: idx.map((i) => all.labels[i]) });
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
  const summaryStd = fitStandardizer(train.map((e) => e.summary));
  const sequenceStd = fitStandardizer(train.map((e) => e.sequence));
  const prep = (xs: Example[]) => ({
    summaries: xs.map((e) => standardize(summaryStd, e.summary)),
    sequences: xs.map((e) => standardize(sequenceStd, e.sequence)),
    labels: xs.map(labelIndex),
  });
  const tr = prep(train);
  const va = prep(val);
  const nClass = CLASS_NAMES.length;

  // baseline
  const baselineRaw = fitBaseline(train.map((e) => e.summary), tr.labels, nClass);
  const baselineValLogits = val.map((e) => baselineLogits(baselineRaw, e.summary));
  const baselineT = fitTemperature(baselineValLogits, va.labels);

  // candidate networks
  const epochs = options.epochs ?? config.training.epochs;
  const candidates: { arch: Architecture; model: tf.LayersModel; valBalAcc: number; valLoss: number; fitS: number; bestEpoch: number }[] = [];
  for (const arch of config.training.architectures) {
    const model = buildNetwork(arch, SUMMARY_NAMES.length, nClass, config.training.seed);
    const rep = await fitNetwork(model, arch, tr, va, nClass, { epochs, batchSize: config.training.batchSize, learningRate: config.training.learningRate, seed: config.training.seed });
    const p = predictProbabilities(model, arch, va.summaries, va.sequences);
    const bal = balancedAccuracy(confusionMatrix(va.labels, p.map((x) => argmax(x)), nClass));
    candidates.push({ arch, model, valBalAcc: bal, valLoss: rep.bestValidationLoss, fitS: rep.wallS, bestEpoch: rep.bestEpoch });
    log(`  ${arch}: validation balanced accuracy ${bal.toFixed(3)}, loss ${rep.bestValidationLoss.toFixed(3)} (best epoch ${rep.bestEpoch}, ${rep.wallS.toFixed(1)} s)`);
  }
  candidates.sort((a, b) => b.valBalAcc - a.valBalAcc || a.valLoss - b.valLoss);
  const chosen = candidates[0];
  for (const c of candidates.slice(1)) c.model.dispose();

  // calibration: temperature from out-of-fold predictions over train + validation. The validation
  // runners alone (~75) gave T ≈ 1.0 where the test set wanted ≈ 1.5; each fold's network has the
  // chosen architecture and is trained for the chosen network's best epoch count, with no
  // selection on its held-out fold.
  const everyone: Prepared = { summaries: [...tr.summaries, ...va.summaries], sequences: [...tr.sequences, ...va.sequences], labels: [...tr.labels, ...va.labels] };
  const calibration = await outOfFoldLogits(chosen.arch, everyone, nClass, {
    epochs: Math.max(1, chosen.bestEpoch),
    batchSize: config.training.batchSize,
    learningRate: config.training.learningRate,
    seed: config.training.seed,
    folds: CALIBRATION_FOLDS,
  });
  const temperature = fitTemperature(calibration.logits, calibration.labels);
  log(`  calibration: T = ${temperature.toFixed(3)} from ${calibration.labels.length} out-of-fold runners (${CALIBRATION_FOLDS} folds, ${calibration.wallS.toFixed(1)} s)`);

  // final network: the chosen architecture refitted on all labelled train + validation runners
  // (20 % more data) for the chosen network's best epoch count, as the calibration folds were;
  // validation has done its jobs (architecture, epoch count) by now.
  const tRefit = performance.now();
  const finalModel = buildNetwork(chosen.arch, SUMMARY_NAMES.length, nClass, config.training.seed);
  const epochsFinal = Math.max(1, chosen.bestEpoch);
  await fitNetwork(finalModel, chosen.arch, everyone, va, nClass, { epochs: epochsFinal, batchSize: config.training.batchSize, learningRate: config.training.learningRate, seed: config.training.seed, checkEvery: epochsFinal });
  chosen.model.dispose();
  chosen.model = finalModel;
  log(`  final ${chosen.arch} network refitted on ${everyone.labels.length} train + validation runners for ${epochsFinal} epochs (${((performance.now() - tRefit) / 1000).toFixed(1)} s)`);

  // out-of-domain model: fitted on training runs, threshold from validation runs
  const maha = fitMahalanobis(train.map((e) => standardizeUnclipped(summaryStd, e.summary)), 0.1);
  const valDist = val.map((e) => mahalanobis(maha, standardizeUnclipped(summaryStd, e.summary)));
  const threshold = quantileOf(valDist, OOD_QUANTILE);
  const fitS = (performance.now() - tFit) / 1000;

  const version = `${toolVersion()}+${(gitCommit() ?? 'nogit').slice(0, 8)}`;
  const pre: Preprocessing = {
    name: 'mechanism-classifier',
    version,
    trainedOn: `${config.name} (${train.length} train + ${val.length} validation simulated runners, seed ${config.seed})`,
    classNames: [...CLASS_NAMES],
    architecture: chosen.arch,
    summaryNames: [...SUMMARY_NAMES],
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

  // test evaluation
  const testEx = test.examples.filter((e) => e.nStrides > 0);
  const testFeatures = testEx.map(toFeatures);
  const prob = calibratedProbabilities(clf, testFeatures);
  const rawProb = predictProbabilities(chosen.model, chosen.arch, testEx.map((e) => standardize(summaryStd, e.summary)), testEx.map((e) => standardize(sequenceStd, e.sequence)));
  const baseProb = testEx.map((e) => softmaxT(baselineLogits(baselineRaw, e.summary), baselineT));
  const decisions = testEx.map((e, i) => decide(pre, prob[i], domainCheck(pre, testFeatures[i])));
  const evaluation: TestEvaluation = evaluateTest(testEx, prob, rawProb, baseProb, decisions);

  // real recordings
  const real = loadRealTraces(options.realDataDir ?? '../shared/data');
  const realDocs = real.traces.map((r) => classifyTrace(r.trace, clf, r.source));
  const realOk = realDocs.filter((d) => d.mechanism === 'none' || d.mechanism === 'uncertain').length;

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
    validation: { architectureChoice: candidates.map((c) => ({ architecture: c.arch, balancedAccuracy: c.valBalAcc, loss: c.valLoss })) },
    test: evaluation,
    realData: {
      n: realDocs.length,
      noneOrUncertainFraction: realDocs.length ? realOk / realDocs.length : null,
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
