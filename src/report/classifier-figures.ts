/**
 * The classifier's evaluation figures (confusion matrix, one-vs-rest ROC, reliability diagram)
 * from a model directory's metrics.json (written by `dropfoot train`), so they can be redrawn
 * without the training data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { confusionMatrixFigure, reliabilityFigure, rocFigure } from '../plots/figures/classifier.ts';
import type { FigureToExport } from '../plots/export.ts';

interface StoredMetrics {
  test?: {
    network?: { confusion?: number[][]; ece?: number };
    networkUncalibratedEce?: number;
    curves?: {
      roc: { className: string; fpr: number[]; tpr: number[]; auc: number }[];
      reliability: { meanConfidence: number; accuracy: number; count: number }[];
    };
  };
}

const CLASSES = ['none', 'muscular', 'neurological'];

/**
 * Figures of a trained classifier.
 * @param modelDir directory with metrics.json
 * @throws InputError when metrics.json is missing, or lacks the test curves (a model trained
 *   before they were stored: retrain it)
 */
export function classifierFigures(modelDir: string): FigureToExport[] {
  const file = join(modelDir, 'metrics.json');
  if (!existsSync(file)) throw new InputError('no metrics.json: train a classifier first (dropfoot train)', modelDir);
  const m = JSON.parse(readFileSync(file, 'utf8')) as StoredMetrics;
  const confusion = m.test?.network?.confusion;
  const curves = m.test?.curves;
  if (!confusion || !curves) throw new InputError('metrics.json has no test confusion matrix or curves: retrain with this version (dropfoot train)', file);
  return [
    { name: 'classifier-confusion', spec: confusionMatrixFigure({ classes: CLASSES, counts: confusion, title: 'Held-out simulated runners' }), widthMm: 89, heightMm: 80 },
    { name: 'classifier-roc', spec: rocFigure({ curves: curves.roc, title: 'One-vs-rest ROC, held-out simulated runners' }), widthMm: 89, heightMm: 89 },
    { name: 'classifier-reliability', spec: reliabilityFigure({ bins: curves.reliability, ece: m.test?.network?.ece, label: 'network, temperature-scaled' }), widthMm: 89, heightMm: 89 },
  ];
}

/** Whether a YAML document is a classifier training config rather than a sweep experiment. */
export function isClassifierConfig(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && 'groups' in doc && 'labels' in doc;
}
