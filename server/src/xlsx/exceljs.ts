import type ExcelJS from 'exceljs';

let loaded: Promise<typeof ExcelJS> | undefined;

/**
 * exceljs, loaded on the first export or import that needs it: requiring it costs about 0.3 s, a
 * fifth of the server's start-up, for features a meeting may never use.
 */
export function exceljs(): Promise<typeof ExcelJS> {
  loaded ??= import('exceljs').then((module) => module.default);
  return loaded;
}
