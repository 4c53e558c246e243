import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/universal';

/** A report cell: a number stays a number in the spreadsheet (with a format), text stays text. */
export type XlsxValue = string | number | null | { value: number; format: string };

/**
 * The sheet of a report: a bold header row, then the rows. Strings are written as text, never
 * as formulas, so a name starting with "=" is harmless.
 */
export function reportSheet(
  header: readonly string[],
  rows: readonly (readonly XlsxValue[])[],
): SheetData {
  const head: Cell[] = header.map((h) => ({ value: h, type: String, fontWeight: 'bold' }));
  const body = rows.map((row) =>
    row.map((v): Cell => {
      if (v === null || v === '') return null;
      if (typeof v === 'number') return { value: v, type: Number };
      if (typeof v === 'string') return { value: v, type: String };
      return { value: v.value, type: Number, format: v.format };
    }),
  );
  return [head, ...body];
}

/** Writes the sheet as an .xlsx Blob (no Web Worker: the hub's CSP allows none from blobs). */
export async function xlsxBlob(sheet: SheetData, sheetName: string): Promise<Blob> {
  return writeXlsxFile(sheet, { sheet: sheetName }).toBlob();
}
