/**
 * Input files: `source=path` arguments, reading the bytes, and telling what a file really is from
 * its first bytes (not its name): an xlsx (zip), a legacy .xls / WPS .et or a password-protected
 * xlsx (OLE2 container), an OpenDocument file, some other binary, or text (CSV).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { CityscoreError } from '../errors.js';
import type { ResolvedSystem } from '../system/model.js';
import { didYouMean } from '../util/suggest.js';
import { convertError } from './xlsx.js';
import { isCfb, isEncryptedOoxml, isZip } from './zip.js';

export interface FileArg {
  /** The path as given (used in every message and provenance). */
  path: string;
  source?: string;
}

/** `survey=samples/survey.csv` → { source: 'survey', path: 'samples/survey.csv' }; a path that exists as written has no prefix. */
export function splitFileArg(arg: string): { path: string; source?: string } {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(arg);
  return m && !existsSync(arg) ? { path: m[2], source: m[1] } : { path: arg };
}

/** A file argument with its source: the `id=` prefix (checked against the system), else the default. */
export function parseFileArg(arg: string, system: ResolvedSystem, defaultSource: string | undefined): FileArg {
  const a = splitFileArg(arg);
  if (a.source === undefined) return { path: arg, source: defaultSource };
  checkSource(a.source, system);
  return { path: a.path, source: a.source };
}

export function checkSource(id: string, system: ResolvedSystem): void {
  const ids = system.sources.map((s) => s.id);
  if (ids.includes(id)) return;
  const sug = didYouMean(id, ids);
  throw new CityscoreError('USAGE', `"${id}" is not a data source of ${system.id}`, {
    hint: ids.length
      ? `${sug ? `did you mean ${sug}? ` : ''}the sources are ${system.sources.map((s) => `${s.id} (${s.name})`).join(', ')}`
      : `${system.id} declares no data sources`,
  });
}

/** The default source of files given without a prefix: --source, else `self` when the system declares it. */
export function defaultSource(system: ResolvedSystem, given: string | undefined): string | undefined {
  if (given !== undefined) {
    checkSource(given, system);
    return given;
  }
  return system.sources.some((s) => s.id === 'self') ? 'self' : undefined;
}

export function readInput(path: string): Buffer {
  if (!existsSync(path)) throw new CityscoreError('FILE_NOT_FOUND', 'no such file', { location: { file: path } });
  if (statSync(path).isDirectory())
    throw new CityscoreError('NOT_A_FILE', 'this is a folder, not a returns file', { location: { file: path }, hint: 'give the CSV or xlsx files inside it' });
  try {
    return readFileSync(path);
  } catch (e) {
    throw new CityscoreError('READ_FAILED', `cannot read the file: ${(e as Error).message}`, { location: { file: path }, cause: e });
  }
}

export type FileKind = 'csv' | 'xlsx';

const BINARY_MAGIC: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
];

/** What the bytes are. Throws a clear CityscoreError for what cannot be read. */
export function sniff(bytes: Uint8Array, path: string): FileKind {
  const ext = extname(path).toLowerCase();
  if (bytes.length === 0) throw new CityscoreError('EMPTY_FILE', 'the file is empty', { location: { file: path } });
  if (ext === '.ods' || ext === '.fods') throw convertError(path, 'an OpenDocument spreadsheet (.ods)');
  if (ext === '.numbers') throw convertError(path, 'an Apple Numbers file');
  if (isZip(bytes)) return 'xlsx';
  if (isCfb(bytes)) {
    if (isEncryptedOoxml(bytes)) {
      throw new CityscoreError('XLSX_ENCRYPTED', 'the workbook is password-protected (encrypted)', {
        location: { file: path },
        hint: 'remove the password (Excel: 文件 → 信息 → 保护工作簿 → 用密码进行加密, clear it) and save it again as .xlsx',
      });
    }
    throw convertError(
      path,
      ext === '.et' ? 'a WPS spreadsheet (.et)' : ext === '.xls' ? 'a legacy Excel workbook (.xls)' : 'a legacy Excel (.xls) or WPS (.et) workbook',
    );
  }
  if (ext === '.xls' || ext === '.et') throw convertError(path, ext === '.et' ? 'a WPS spreadsheet (.et)' : 'a legacy Excel workbook (.xls)');
  if (ext === '.xlsx' || ext === '.xlsm') {
    throw new CityscoreError('XLSX_CORRUPT', 'this is not an xlsx workbook (not a zip container)', {
      location: { file: path },
      hint: 'the file may be damaged, or another format renamed to .xlsx: open it in Excel or LibreOffice and save it as .xlsx',
    });
  }
  for (const [magic, what] of BINARY_MAGIC) {
    if (magic.every((b, i) => bytes[i] === b)) {
      throw new CityscoreError('NOT_TEXT', `this is ${what}, not a CSV or xlsx file`, {
        location: { file: path },
        hint: 'returns are read from .csv (UTF-8 or GB18030) and .xlsx files',
      });
    }
  }
  return 'csv';
}

export function stemOf(path: string): string {
  return basename(path, extname(path));
}
