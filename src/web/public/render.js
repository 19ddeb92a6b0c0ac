/* global document, window, requestAnimationFrame */
// One result card per classified trace: verdict, probabilities, domain flag, evidence, plots.
// Everything from the server goes in as text (textContent), never as HTML.

export const MECHANISM_LABELS = {
  none: 'No foot-drop mechanism',
  muscular: 'Muscular (tibialis anterior fatigue)',
  neurological: 'Neurological (reduced nerve drive)',
  uncertain: 'Uncertain',
};

const EVIDENCE_LABELS = {
  toeUpRate: 'Toe-up rate in swing',
  strikeAngle: 'Foot strike angle',
  peakSwingPitch: 'Toe-up pitch in swing',
  isolatedFailedStrides: 'Isolated failed strides',
  otherFoot: "Other foot (the runner's own reference)",
  cadence: 'Cadence',
  durationMin: 'Gait analysed (min)',
  outOfDomainScore: 'Distance from the training runs',
  outOfDomain: 'Why out of domain',
  uncertain: 'Why uncertain',
};

const FIGURES = [
  ['strideFeatures', 'Per-stride features over the run: each stride a dot, the line a running median.', 560],
  ['traceStart', 'Start of the recording: sagittal angular rate and acceleration magnitude, every other detected stride shaded, initial contact and toe-off marked.', 340],
  ['traceEnd', 'End of the recording, as above.', 340],
];

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

const percent = (p) => (typeof p === 'number' && Number.isFinite(p) ? `${(100 * p).toFixed(0)} %` : 'n/a');

function probabilityTable(doc) {
  const table = element('table', { class: 'probabilities' });
  table.append(element('caption', {}, 'Calibrated probabilities'));
  const body = element('tbody');
  for (const [label, p] of Object.entries(doc.probabilities)) {
    const row = element('tr');
    row.append(element('th', { scope: 'row' }, label));
    const barCell = element('td', { class: 'bar-cell' });
    const bar = element('div', { class: `bar bar-${label}` });
    bar.style.width = `${typeof p === 'number' && Number.isFinite(p) ? Math.round(100 * p) : 0}%`;
    barCell.append(bar);
    row.append(barCell, element('td', { class: 'number' }, percent(p)));
    body.append(row);
  }
  table.append(body);
  return table;
}

function evidenceList(doc) {
  const list = element('dl', { class: 'evidence' });
  for (const [key, value] of Object.entries(doc.evidence ?? {})) {
    list.append(element('dt', {}, EVIDENCE_LABELS[key] ?? key), element('dd', {}, String(value)));
  }
  return list;
}

/** Draw the document's figures into the card (plotly from /vendor/plotly.js). */
function plots(doc, index) {
  const section = element('div', { class: 'plots' });
  for (const [key, title, height] of FIGURES) {
    const spec = doc.figures?.[key];
    if (!spec) continue;
    const figure = element('figure');
    const plot = element('div', { class: 'plot', id: `plot-${index}-${key}` });
    figure.append(plot, element('figcaption', {}, title));
    section.append(figure);
    requestAnimationFrame(() => {
      const layout = { ...spec.layout, autosize: true, height };
      window.Plotly.newPlot(plot, spec.data, layout, { responsive: true, displaylogo: false });
    });
  }
  return section;
}

/** The card of one classify document (with the page's `figures` and `notes`). */
export function resultCard(doc, index) {
  const card = element('article', { class: 'result', 'aria-labelledby': `result-${index}-title` });
  card.append(element('h3', { id: `result-${index}-title` }, doc.trace));
  const verdict = element('p', { class: `verdict verdict-${doc.mechanism}` });
  verdict.append('Likely mechanism: ', element('strong', { class: 'mechanism', 'data-mechanism': doc.mechanism }, MECHANISM_LABELS[doc.mechanism] ?? doc.mechanism));
  card.append(verdict);
  card.append(
    element(
      'p',
      { class: doc.outOfDomain ? 'domain out-of-domain' : 'domain in-domain' },
      doc.outOfDomain
        ? 'Out of domain: this trace is unlike the runs the classifier was trained on, so the verdict is uncertain whatever the probabilities say.'
        : 'In domain: the trace resembles the runs the classifier was trained on.',
    ),
  );
  card.append(element('p', { class: 'meta' }, `${doc.strides} strides at ${doc.samplingRateHz} Hz; model ${doc.model?.name ?? '?'} ${doc.model?.version ?? ''}`));
  const columns = element('div', { class: 'columns' });
  const left = element('div');
  left.append(probabilityTable(doc));
  const right = element('div');
  right.append(element('h4', {}, 'Evidence'), evidenceList(doc));
  columns.append(left, right);
  card.append(columns);
  if (doc.notes?.length) {
    const notes = element('ul', { class: 'notes', 'aria-label': 'Notes from reading the file' });
    for (const note of doc.notes) notes.append(element('li', {}, note));
    card.append(element('h4', {}, 'Notes'), notes);
  }
  card.append(element('h4', {}, 'Evidence plots'), plots(doc, index));
  return card;
}
