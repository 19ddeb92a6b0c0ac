/* global document, window, fetch, FormData */
// The upload page: choose or drop files, set side/site and reading options, send them to
// POST /api/classify?figures=1, show the results or the API's error, offer the reports.
import { resultCard } from './render.js';
import { download, reportCsv, reportDocuments } from './report.js';

const $ = (id) => document.getElementById(id);
const files = []; // { file, side, site, rate }
let documents = [];
let maxUploadBytes = 100 * 1024 * 1024;

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = message === '';
}

function setStatus(message) {
  $('status').textContent = message;
}

const size = (bytes) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`);

function select(label, value, options, onChange) {
  const node = document.createElement('select');
  node.setAttribute('aria-label', label);
  for (const [v, text] of options) {
    const option = document.createElement('option');
    option.value = v;
    option.textContent = text;
    node.append(option);
  }
  node.value = value;
  node.addEventListener('change', () => onChange(node.value));
  return node;
}

/** A side from the file name (…left…/…_lf…), else auto. */
function guessSide(name) {
  if (/left|(^|[^a-z])(l|lf)([^a-z]|$)/i.test(name)) return 'left';
  if (/right|(^|[^a-z])(r|rf)([^a-z]|$)/i.test(name)) return 'right';
  return 'auto';
}

function renderFiles() {
  const table = $('file-table');
  const body = table.querySelector('tbody');
  body.replaceChildren();
  files.forEach((entry, i) => {
    const row = document.createElement('tr');
    const name = document.createElement('td');
    name.textContent = entry.file.name;
    const bytes = document.createElement('td');
    bytes.textContent = size(entry.file.size);
    const side = document.createElement('td');
    side.append(select(`Side of ${entry.file.name}`, entry.side, [['auto', 'auto'], ['left', 'left'], ['right', 'right']], (v) => (entry.side = v)));
    const site = document.createElement('td');
    site.append(select(`Sensor site of ${entry.file.name}`, entry.site, [['foot', 'foot'], ['shank', 'shank']], (v) => (entry.site = v)));
    const rate = document.createElement('td');
    const rateInput = document.createElement('input');
    Object.assign(rateInput, { type: 'number', min: '50', max: '2000', step: 'any', placeholder: 'from file', value: entry.rate });
    rateInput.className = 'rate';
    rateInput.setAttribute('aria-label', `Sampling rate of ${entry.file.name}, Hz`);
    rateInput.addEventListener('input', () => (entry.rate = rateInput.value.trim()));
    rate.append(rateInput);
    const remove = document.createElement('td');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link-button';
    button.textContent = 'Remove';
    button.setAttribute('aria-label', `Remove ${entry.file.name}`);
    button.addEventListener('click', () => {
      files.splice(i, 1);
      renderFiles();
      $('file-input').focus();
    });
    remove.append(button);
    row.append(name, bytes, side, site, rate, remove);
    body.append(row);
  });
  table.hidden = files.length === 0;
}

function addFiles(list) {
  for (const file of list) files.push({ file, side: guessSide(file.name), site: 'foot', rate: '' });
  showError('');
  renderFiles();
}

function formData() {
  const data = new FormData();
  const format = $('format').value;
  const units = [['acc', $('acc-units').value], ['gyr', $('gyr-units').value]].filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`).join(',');
  if (format) data.append('format', format);
  if (units) data.append('units', units);
  // Fields apply to the files after them: each file's side, site and rate go right before it.
  for (const entry of files) {
    data.append('side', entry.side);
    data.append('site', entry.site);
    data.append('rate', entry.rate);
    data.append('file', entry.file, entry.file.name);
  }
  return data;
}

async function classify(event) {
  event.preventDefault();
  showError('');
  if (files.length === 0) {
    showError('Choose at least one trace file first.');
    $('file-input').focus();
    return;
  }
  const total = files.reduce((sum, entry) => sum + entry.file.size, 0);
  if (total > maxUploadBytes) {
    showError(`The files add up to ${size(total)}, more than this server accepts (${size(maxUploadBytes)}). Send fewer or shorter recordings.`);
    return;
  }
  const button = $('classify-button');
  button.disabled = true;
  $('results').setAttribute('aria-busy', 'true');
  setStatus(`Uploading and analysing ${files.length} file${files.length > 1 ? 's' : ''}…`);
  try {
    const response = await fetch('/api/classify?figures=1', { method: 'POST', body: formData() });
    const body = await response.json().catch(() => ({ error: `the server answered ${response.status} without a JSON body` }));
    if (!response.ok) {
      setStatus('');
      showError(`Could not classify (HTTP ${response.status}): ${body.error ?? 'unknown error'}`);
      return;
    }
    documents = Array.isArray(body) ? body : [body];
    showResults();
    setStatus(`Classified ${documents.length} trace${documents.length > 1 ? 's' : ''}.`);
  } catch (e) {
    setStatus('');
    showError(`Could not reach the server: ${e.message}`);
  } finally {
    button.disabled = false;
    $('results').removeAttribute('aria-busy');
  }
}

function showResults() {
  const list = $('result-list');
  list.replaceChildren(...documents.map((doc, i) => resultCard(doc, i)));
  $('results').hidden = false;
  $('results-heading').focus();
}

async function loadHealth() {
  try {
    const health = await (await fetch('/api/health')).json();
    maxUploadBytes = health.limits.maxUploadBytes;
    $('limit-mb').textContent = String(Math.round(maxUploadBytes / 1024 / 1024));
    $('model-info').textContent = `Classifier: ${health.model.name} ${health.model.version}, trained on ${health.model.trainedOn}.`;
  } catch {
    $('model-info').textContent = 'The server did not answer its health check.';
  }
}

function setUp() {
  const zone = $('drop-zone');
  $('file-input').addEventListener('change', (e) => {
    addFiles(e.target.files);
    e.target.value = '';
  });
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (e) => {
      e.preventDefault();
      zone.classList.add('dragging');
    });
  }
  for (const type of ['dragleave', 'drop']) zone.addEventListener(type, () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    addFiles(e.dataTransfer.files);
  });
  // A file dropped outside the zone must not navigate away from the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  $('upload-form').addEventListener('submit', classify);
  $('results-heading').tabIndex = -1;
  $('download-json').addEventListener('click', () => download(JSON.stringify(reportDocuments(documents), null, 2) + '\n', 'dropfoot-report.json', 'application/json'));
  $('download-csv').addEventListener('click', () => download(reportCsv(reportDocuments(documents)), 'dropfoot-report.csv', 'text/csv'));
  void loadHealth();
}

setUp();
