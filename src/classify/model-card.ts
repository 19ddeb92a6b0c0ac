/**
 * MODEL_CARD.md of a trained classifier, written from its preprocessing and metrics so the card
 * never disagrees with the numbers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainReport } from './train.ts';

const f3 = (x: unknown): string => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const ci = (x: readonly number[] | undefined): string => (x ? `[${f3(x[0])}, ${f3(x[1])}]` : '');

/** Write MODEL_CARD.md into dir. */
export function writeModelCard(dir: string, report: TrainReport): void {
  const pre = report.preprocessing;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const m = report.metrics as any;
  const t = m.test;
  const one = m.testOneFoot;
  const rows = (xs: { slice: string; n: number; balancedAccuracy: number; accuracy: number; uncertainFraction: number }[]): string =>
    xs.map((r) => `| ${r.slice} | ${r.n} | ${f3(r.balancedAccuracy)} | ${f3(r.accuracy)} | ${f3(r.uncertainFraction)} |`).join('\n');
  const confusion = (c: number[][]): string => ['| true \\ predicted | none | muscular | neurological |', '|---|---|---|---|', ...c.map((r, i) => `| ${pre.classNames[i]} | ${r.join(' | ')} |`)].join('\n');
  const text = `# Model card: ${pre.name} ${pre.version}

**Intended use: research, not diagnosis.** Given the IMU trace of one foot during a run (and, when
recorded, the other foot's trace of the same run as the runner's own reference), the model says whether a foot-drop pattern looks more like a **muscular** mechanism (tibialis anterior
fatigue, possibly worsened by a stiff soleus), a **neurological** one (peroneal neuropathy, L5
radiculopathy, exertional compartment syndrome, intermittent conduction block) or **none**, or
answers **uncertain**. It was trained only on simulated runners from this project's model; it has
never seen a recorded trace of foot drop. Do not use it to make clinical decisions.

## Training data
${pre.trainedOn}; experiment \`${m.data.config}\`. Labels come from what the simulator produced
(TA capacity, neural drive per stride; src/classify/labels.ts), not from the scenario name.
Counts — train: ${JSON.stringify(m.data.train)}; validation: ${JSON.stringify(m.data.validation)};
test (other seeds, ranges widened 10 %): ${JSON.stringify(m.data.test)}. "ambiguous" runs (mild
deficits between the label thresholds) are not trained on and not in the headline metrics.

## Model
Architecture \`${pre.architecture}\` chosen on validation balanced accuracy among
${(m.validation.architectureChoice as { architecture: string; balancedAccuracy: number }[]).map((c) => `${c.architecture} (${f3(c.balancedAccuracy)})`).join(', ')}.
Inputs: ${pre.summaryNames.length} named run-level features and a ${pre.input.sequenceBins}-bin time
course of ${pre.input.sequenceKeys.length} per-stride features, all from \`dropfoot analyze\`'s
pipeline. The named features end with a bilateral block (\`bilateral\`, \`asym.*\`: this foot minus the
other foot of the same run; src/classify/bilateral.ts); every training runner enters twice, with
and without the other foot, so one model serves two-foot and one-foot recordings. The chosen architecture was then refitted on all train + validation runners for its best epoch count. Temperature scaling T = ${f3(pre.temperature)} (fitted on 5-fold out-of-fold predictions of the train + validation runners). Decision: a class only when its
probability ≥ ${pre.decision.minProbability} and ahead of the next by ≥ ${pre.decision.minMargin}, else uncertain.

## Out-of-domain guard
Uncertain with \`outOfDomain: true\` when: not running (duty factor ≥ 0.5), fewer than
${pre.rules.minStrides} strides, less than ${(pre.rules.minDurationS / 60).toFixed(0)} min of gait, or the Mahalanobis distance of the
standardised summary features exceeds ${f3(pre.ood.threshold)} (the ${(pre.ood.quantile * 100).toFixed(0)}th percentile of validation runners).

## Held-out simulated test set
| | network (calibrated) | baseline (logistic regression, ${pre.baseline.features.length} named features) |
|---|---|---|
| balanced accuracy [95 % bootstrap CI] | ${f3(t.network.balancedAccuracy)} ${ci(t.network.ci95?.balancedAccuracy)} | ${f3(t.baseline.balancedAccuracy)} ${ci(t.baseline.ci95?.balancedAccuracy)} |
| recall none / muscular / neurological | ${['none', 'muscular', 'neurological'].map((c) => f3(t.network.recall[c])).join(' / ')} | ${['none', 'muscular', 'neurological'].map((c) => f3(t.baseline.recall[c])).join(' / ')} |
| macro ROC AUC | ${f3(t.network.macroRocAuc)} | ${f3(t.baseline.macroRocAuc)} |
| ECE (10 bins) [95 % bootstrap CI] | ${f3(t.network.ece)} ${ci(t.network.ci95?.ece)} (before calibration ${f3(t.networkUncalibratedEce)}) | ${f3(t.baseline.ece)} ${ci(t.baseline.ci95?.ece)} |

Both feet of each test runner given (${t.pairedRuns ?? 'n/a'} of ${t.network.n + (t.ambiguous?.n ?? 0)} runs with the right foot analysed; the left foot is classified). Network confusion (argmax):
${confusion(t.network.confusion)}
${
  one
    ? `
The affected foot alone (a one-sensor recording): balanced accuracy ${f3(one.network.balancedAccuracy)} ${ci(one.network.ci95?.balancedAccuracy)}, recall ${['none', 'muscular', 'neurological'].map((c) => f3(one.network.recall[c])).join(' / ')}, macro ROC AUC ${f3(one.network.macroRocAuc)}, ECE ${f3(one.network.ece)} ${ci(one.network.ci95?.ece)}; ${f3(one.decisions.uncertainFraction)} uncertain, accuracy among decided ${f3(one.decisions.accuracyWhenDecided)}.

${confusion(one.network.confusion)}
`
    : ''
}
With the decision rule: ${f3(t.decisions.uncertainFraction)} of test runs uncertain
(${f3(t.decisions.outOfDomainFraction)} out of domain); accuracy among decided ${f3(t.decisions.accuracyWhenDecided)}.

### Accuracy by slice (network, argmax)
| slice | n | balanced accuracy | accuracy | uncertain |
|---|---|---|---|---|
${rows(t.slices.sensor)}
${rows(t.slices.rateHz)}
${rows(t.slices.runLengthMin)}
${rows(t.slices.severity)}
${rows(t.slices.group)}

## Real recordings
${m.realData.n} healthy walking traces from ../shared/data: ${f3(m.realData.noneOrUncertainFraction)} called none or uncertain.

## Limits
- Simulated training data only; the IMU synthesiser, the swing model and the label thresholds shape everything it learned.
- Exertional compartment syndrome is the mechanism most often called muscular (see the group
  slice): its drive holds until the pressure crosses the conduction threshold and then fails,
  and TA fatigue, whose early capacity loss the ankle controller hides until little is left,
  also shows up as a late drop. Only the shape of the drop differs (fatigue reaches half of its
  change earlier: \`halfChangeTimeFraction.*\`).
- A constant deficit from the first stride (peroneal neuropathy, L5) differs from "none" only
  through absolute features (strike angle, toe-up rate), which also vary between healthy runners:
  mild constant deficits are hard to tell from none with one foot; the other foot as reference
  helps only where the two feet differ. Deficits that stay above
  drive/capacity 0.25 are labelled ambiguous (the simulated gait hardly changes) and are not in
  the headline numbers; how they are called is in metrics.json (\`ambiguous\`).
- Isolated failed strides (intermittent block) are found by a signature over four per-stride
  channels; blocks that fail only a few strides in the synthesised windows are called none.
- Running only; walking, sprinting and trail running are out of domain.
- Timing: data generation ${m.timing.generationWallS == null ? 'read from the cache (this training did not generate it)' : `${f3(m.timing.generationWallS)} s + test set ${f3(m.timing.testGenerationWallS)} s`}, fitting ${f3(m.timing.fitWallS)} s (backend ${m.model.backend}).
`;
  writeFileSync(join(dir, 'MODEL_CARD.md'), text);
}
