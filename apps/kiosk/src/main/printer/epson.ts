import iconv from 'iconv-lite';
import type { PrinterState } from '../../shared/api.js';
import { LinkError } from './link.js';
import type { PrinterModel } from './model.js';
import { dleEot, parseStatus, STATUS_QUERIES } from './status.js';

/** `FS &`: the printer's Chinese (double-byte) mode; its text is then read as GB18030. */
export const CHINESE_MODE_ON = Buffer.from([0x1c, 0x26]);

/**
 * EPSON ESC/POS and the Chinese printers that follow it: the Chinese mode on once per ticket
 * (`FS &`), text as GB18030, and the state from the real-time status queries `DLE EOT 1/2/4`
 * (`status.ts`).
 */
export const epsonModel: PrinterModel = {
  commandSet: 'epson',
  start: CHINESE_MODE_ON,
  text: (line) => iconv.encode(line, 'GB18030'),
  readStatus: async (connection, timeoutMs): Promise<PrinterState> => {
    const read = async (n: number): Promise<number | null> => {
      await connection.write(dleEot(n), timeoutMs);
      return connection.readByte(timeoutMs);
    };
    try {
      const printer = await read(STATUS_QUERIES.printer);
      if (printer === null) return 'not_responding';
      const offlineCause = await read(STATUS_QUERIES.offlineCause);
      const paper = await read(STATUS_QUERIES.paper);
      if (offlineCause === null || paper === null) return 'not_responding';
      return parseStatus({ printer, offlineCause, paper });
    } catch (err) {
      if (err instanceof LinkError) return 'not_responding';
      throw err;
    }
  },
};
