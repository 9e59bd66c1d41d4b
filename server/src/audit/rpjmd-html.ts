import type { Writable } from 'node:stream';
import { type BoardState, PLAN_YEARS, formatIdNumber } from '@selaras/shared';
import type { ExportStamp } from './matrix-xlsx';
import { type RpjmdRow, rpjmdRows } from './rpjmd-rows';
import { RPJMD_TITLE, boardMarker, stampLine } from './rpjmd-xlsx';
import { StreamWriter } from './stream-writer';

/**
 * The RPJMD table as one self-contained HTML page made for "Print → Save as PDF": A3 landscape, the
 * header repeated on every printed page, rows kept whole, the revision and head hash on every page.
 * Everything from the board is escaped; the page loads nothing.
 */
export async function writeRpjmdHtml(out: Writable, board: BoardState, stamp: ExportStamp): Promise<void> {
  const writer = new StreamWriter(out);
  const title = `${RPJMD_TITLE}: ${board.title}${boardMarker(board)}`;
  await writer.write(
    `<!doctype html>\n<html lang="id"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>\n` +
      `<h1>${escapeHtml(RPJMD_TITLE)}</h1><p class="board">${escapeHtml(board.title + boardMarker(board))}</p>\n` +
      `<p class="stamp">${escapeHtml(stampLine(stamp))}</p>\n` +
      `<table><thead>${HEAD}</thead>` +
      // A table footer repeats at the bottom of every printed page, like the header at the top.
      `<tfoot><tr><td colspan="${COLUMNS}" class="footer">Selaras — revisi ${stamp.revision}, head hash ${escapeHtml(stamp.headHash)}</td></tr></tfoot><tbody>\n`,
  );
  let chunk = '';
  for (const row of rpjmdRows(board)) {
    chunk += rowHtml(row);
    if (chunk.length > 64 * 1024) {
      if (!(await writer.write(chunk))) return;
      chunk = '';
    }
  }
  await writer.write(
    `${chunk}</tbody></table>\n<p class="stamp">${escapeHtml(stampLine(stamp))}</p></body></html>\n`,
  );
  writer.end();
}

const YEARS = PLAN_YEARS.length;
const COLUMNS = 5 + YEARS * 2 + 4;
const HEAD =
  `<tr><th rowspan="3">Kode</th><th rowspan="3" class="name">Urusan / Bidang Urusan / Program / Kegiatan / Sub Kegiatan</th>` +
  `<th rowspan="3" class="ind">Indikator Kinerja Program (outcome) / Kegiatan (output)</th><th rowspan="3">Satuan</th>` +
  `<th rowspan="3">Kondisi Kinerja Awal</th><th colspan="${YEARS * 2}">Capaian Kinerja Program dan Kerangka Pendanaan</th>` +
  `<th colspan="2">Kondisi Kinerja pada Akhir Periode RPJMD</th><th rowspan="3">Perangkat Daerah Penanggung Jawab</th>` +
  `<th rowspan="3">Lokasi</th></tr>` +
  `<tr>${PLAN_YEARS.map((y) => `<th colspan="2">${y}</th>`).join('')}<th colspan="2">2029</th></tr>` +
  `<tr>${PLAN_YEARS.map(() => '<th>Target</th><th>Rp</th>').join('')}<th>Target</th><th>Rp</th></tr>` +
  `<tr class="numbers">${Array.from({ length: COLUMNS }, (_, i) => `<th>(${i + 1})</th>`).join('')}</tr>`;

function rowHtml(row: RpjmdRow): string {
  const num = (v: number | null) => (v === null ? '' : formatIdNumber(v));
  // The column says Rp; the cells hold the figure, grouped the Indonesian way (1.250.000.000).
  const rp = (v: number | null) => (v === null ? '' : formatIdNumber(v));
  const cells = [
    `<td class="code">${escapeHtml(row.code)}</td>`,
    `<td class="name">${escapeHtml(row.name)}</td>`,
    `<td class="ind">${escapeHtml(row.indicator ?? '')}</td>`,
    `<td>${escapeHtml(row.unit ?? '')}</td>`,
    `<td class="n">${num(row.baseline)}</td>`,
    ...PLAN_YEARS.flatMap((_, i) => [
      `<td class="n">${num(row.targets[i] ?? null)}</td>`,
      `<td class="n">${rp(row.pagu[i] ?? null)}</td>`,
    ]),
    `<td class="n">${num(row.endTarget)}</td>`,
    `<td class="n">${rp(row.endPagu)}</td>`,
    `<td>${escapeHtml(row.opd)}</td>`,
    `<td>${escapeHtml(row.lokasi)}</td>`,
  ];
  return `<tr class="${row.kind}">${cells.join('')}</tr>\n`;
}

/** Text for HTML: the five characters that could end an element or an attribute are escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `
@page { size: A3 landscape; margin: 10mm 6mm 14mm 6mm; }
body { font: 7.5pt/1.25 "Liberation Sans", Arial, sans-serif; color: #111; margin: 0 6mm; }
h1 { font-size: 13pt; margin: 6mm 0 1mm; }
p.board { font-weight: bold; margin: 0 0 1mm; }
p.stamp { font-size: 7.5pt; color: #444; margin: 1mm 0 3mm; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
th { background: #e8eef5; font-weight: bold; }
th, td { border: 0.5pt solid #777; padding: 0.6mm 0.8mm; vertical-align: top; }
th.name, td.name { min-width: 46mm; }
th.ind, td.ind { min-width: 32mm; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.numbers th { font-weight: normal; font-size: 7pt; }
td.n { text-align: right; white-space: nowrap; }
td.code { white-space: nowrap; }
tr.urusan td { background: #d9e2ec; font-weight: bold; }
tr.bidang td { background: #edf1f6; font-weight: bold; }
tr.program td { font-weight: bold; }
tr.kegiatan td.name { padding-left: 4mm; }
tr.subKegiatan td.name, tr.indicator td.name { padding-left: 7mm; }
tr.total td, tr.opdHeading td { background: #fff1c2; font-weight: bold; }
tfoot { display: table-footer-group; }
td.footer { border: none; font-size: 7pt; color: #555; text-align: center; padding-top: 2mm; }
`;
