/* global document, URL, Blob, setTimeout */
// The downloadable reports: the classify documents as JSON, and one CSV row per trace.

/** The documents as the API returns them without the page's extras. */
export function reportDocuments(documents) {
  return documents.map(({ figures: _figures, notes: _notes, ...doc }) => doc);
}

/** A CSV cell (RFC 4180 quoting; text that a spreadsheet would run as a formula is prefixed with '). */
function cell(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = String(value);
  if (/^[=+@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per trace: verdict, probabilities, domain, model, then every evidence item. */
export function reportCsv(documents) {
  const evidenceKeys = [...new Set(documents.flatMap((d) => Object.keys(d.evidence ?? {})))];
  const header = ['trace', 'mechanism', 'p_none', 'p_muscular', 'p_neurological', 'outOfDomain', 'strides', 'samplingRateHz', 'model', 'modelVersion', ...evidenceKeys.map((k) => `evidence_${k}`)];
  const rows = documents.map((d) => [
    d.trace, d.mechanism, d.probabilities?.none, d.probabilities?.muscular, d.probabilities?.neurological,
    d.outOfDomain, d.strides, d.samplingRateHz, d.model?.name, d.model?.version,
    ...evidenceKeys.map((k) => d.evidence?.[k]),
  ]);
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Offer text as a file download. */
export function download(text, fileName, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
