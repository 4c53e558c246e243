import type { CardReadView } from '../../shared/api.js';
import { IdCardReader, type CardRead, type IdCardReaderOptions } from './reader.js';

/*
 * The reader as the kiosk's page uses it: "read the card now" (the page asks about once a second
 * while its card screen is up). The port is opened on the first read and again after it was lost
 * (unplugged, a USB adapter re-enumerated), so a reader plugged in late works without a restart.
 * What goes to the page is the number and the name, or an error's code: the details stay here,
 * in the kiosk's log.
 */
export class CardService {
  private reader: IdCardReader | null = null;
  private opening: Promise<CardRead | null> | null = null;

  constructor(
    private readonly options: IdCardReaderOptions,
    private readonly log: (line: string) => void = (line) => console.warn(line),
  ) {}

  async read(): Promise<CardReadView> {
    const reader = await this.ready();
    if (reader === null) return { kind: 'error', error: 'port_error' };
    const read = await reader.read();
    if (read.ok) {
      return read.card === null
        ? { kind: 'none' }
        : { kind: 'card', idNumber: read.card.number, name: read.card.name };
    }
    this.log(`ID card reader: ${read.error}: ${read.detail}`);
    // A lost port is opened again on the next read.
    if (read.error === 'port_error') await this.drop();
    return { kind: 'error', error: read.error };
  }

  async close(): Promise<void> {
    await this.drop();
  }

  private async ready(): Promise<IdCardReader | null> {
    if (this.reader !== null) return this.reader;
    if (this.opening === null) {
      const reader = new IdCardReader(this.options);
      this.opening = reader.open().then(async (failed) => {
        if (failed === null) {
          this.reader = reader;
        } else {
          if (!failed.ok) this.log(`ID card reader: ${failed.error}: ${failed.detail}`);
          await reader.close();
        }
        return failed;
      });
    }
    await this.opening;
    this.opening = null;
    return this.reader;
  }

  private async drop(): Promise<void> {
    const reader = this.reader;
    this.reader = null;
    await reader?.close();
  }
}
