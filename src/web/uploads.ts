/**
 * The traces of a `POST /api/classify` request: multipart file parts (field `file`, repeatable)
 * or a raw CSV body, each with its read options. Options come from the query string and, in a
 * multipart body, from text fields, which apply to the file parts after them (so
 * `side=left, file, side=right, file` gives each file its side). Bytes stay in memory; the file
 * name is only a label.
 */
import type { FastifyRequest } from 'fastify';
import { InputError } from '../errors.ts';
import type { ReadOptions } from '../imu/formats/index.ts';
import { buildReadOptions, type AnalyzeCliOptions } from '../cli/analyze.ts';
import { HttpError } from './http-error.ts';

/** Field (and query parameter) names of read options, as `analyze` names its flags. */
export const READ_FIELDS = ['format', 'rate', 'units', 'columns', 'sensor', 'site', 'side', 'fillGaps', 'allowGravityMismatch'] as const;
/** Query parameters that are not read options. */
const OTHER_QUERY = ['figures', 'name'] as const;

type Fields = Partial<Record<(typeof READ_FIELDS)[number], string>>;

export interface Upload {
  name: string;
  bytes: Uint8Array;
  read: ReadOptions;
}

/** A file name as a label: last path segment, no control characters, at most 200 characters. */
export function uploadLabel(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return clean === '' ? 'upload' : clean;
}

/** Read options from fields; the CLI's validation, with messages naming the API field. */
function readOptions(fields: Fields): ReadOptions {
  const cli: AnalyzeCliOptions = {};
  for (const key of READ_FIELDS) {
    const value = fields[key]?.trim();
    if (value === undefined || value === '' || value === 'auto') continue;
    if (key === 'allowGravityMismatch') cli.allowGravityMismatch = value === 'true' || value === '1';
    else cli[key] = value;
  }
  try {
    return buildReadOptions(cli);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    throw new HttpError(400, e.message.replace(/--fill-gaps/g, 'fillGaps').replace(/--(\w+)/g, '$1'));
  }
}

function checkField(name: string, where: string): asserts name is (typeof READ_FIELDS)[number] {
  if (!(READ_FIELDS as readonly string[]).includes(name)) {
    throw new HttpError(400, `unknown ${where} '${name}'; expected one of ${READ_FIELDS.join(', ')}${where === 'query parameter' ? `, ${OTHER_QUERY.join(', ')}` : ', file'}`);
  }
}

/** Read-option fields from the query string (unknown names rejected). */
function queryFields(query: Record<string, unknown>): Fields {
  const fields: Fields = {};
  for (const [key, value] of Object.entries(query)) {
    if ((OTHER_QUERY as readonly string[]).includes(key)) continue;
    checkField(key, 'query parameter');
    fields[key] = String(value);
  }
  return fields;
}

/**
 * The uploads of a classify request.
 * @param request a multipart request, or one whose body the raw parser buffered
 * @param limits upload cap (all files together, bytes)
 * @throws HttpError 400 for no file or a bad option, 413 over the cap
 */
export async function collectUploads(request: FastifyRequest, limits: { maxUploadBytes: number }): Promise<Upload[]> {
  const query = request.query as Record<string, unknown>;
  let fields = queryFields(query);
  const uploads: Upload[] = [];
  if (!request.isMultipart()) {
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new HttpError(400, 'no trace: send the CSV as the body (Content-Type text/csv) or as multipart/form-data field "file"');
    }
    return [{ name: uploadLabel(typeof query.name === 'string' ? query.name : undefined), bytes: body, read: readOptions(fields) }];
  }
  let total = 0;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') throw new HttpError(400, `unexpected file field '${part.fieldname}'; send each trace in a field named "file"`);
      const bytes = await readFilePart(part.file, limits.maxUploadBytes - total, limits.maxUploadBytes);
      total += bytes.length;
      if (bytes.length === 0) throw new HttpError(422, `${uploadLabel(part.filename)}: the file is empty`);
      uploads.push({ name: uploadLabel(part.filename), bytes, read: readOptions(fields) });
    } else {
      checkField(part.fieldname, 'form field');
      fields = { ...fields, [part.fieldname]: String(part.value) };
    }
  }
  if (uploads.length === 0) throw new HttpError(400, 'no trace: the form has no field "file" with a file in it');
  return uploads;
}

/**
 * A file part's bytes, failing as soon as they pass the budget (multipart's own size limit only
 * reports once the client has sent the whole part).
 * @throws HttpError 413 over the budget
 */
async function readFilePart(stream: AsyncIterable<Buffer>, budgetBytes: number, capBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > budgetBytes) throw uploadTooLarge(capBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** The 413 every size cap answers with. @param maxBytes the cap, bytes */
export function uploadTooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `upload larger than this server's limit of ${(maxBytes / 1024 / 1024).toFixed(maxBytes < 1024 * 1024 ? 3 : 0)} MB (--max-upload-mb); split the recording`);
}
