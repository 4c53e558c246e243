import { SerialPort } from 'serialport';
import {
  SamFrameReader,
  encodeSamCommand,
  parseReadData,
  parseSamAnswer,
  type SamAnswer,
  type SamCommand,
} from '../../shared/idcard-frames.js';

/*
 * The resident ID card reader on the kiosk: the security module's frames (docs/HARDWARE.md,
 * "ID card reader") over a serial port or a USB-serial adapter. One read is the module's three
 * exchanges: find the card (20 01), select it (20 02), read its text and photo (30 01). Of what
 * the card holds only the ID number and the name leave this file; the address, the photo and the
 * other fields are dropped as soon as the frame is read.
 */

/** What the kiosk takes from a card: nothing else. */
export interface CardHolder {
  number: string;
  name: string;
}

export type IdCardError =
  /** The reader sent nothing (unplugged, powered off, wrong port or speed). */
  | 'no_answer'
  /** A frame came with a wrong checksum (a bad cable, noise). */
  | 'bad_checksum'
  /** The card went away between finding it and reading it. */
  | 'card_removed'
  /** The module refused (not authorised, self-test failed, a card it cannot read). */
  | 'reader_error'
  /** The card's data did not make sense (lengths, an ID number that fails its check). */
  | 'bad_data'
  /** The port could not be opened or was lost. */
  | 'port_error';

export type CardRead =
  { ok: true; card: CardHolder | null } | { ok: false; error: IdCardError; detail: string };

/** What the reader needs of a serial port: serialport's streams are such. */
export interface ReaderLink {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  write(data: Uint8Array, callback?: (err: Error | null | undefined) => void): boolean;
  close(callback?: (err: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'error' | 'close', listener: (err?: Error | null) => void): this;
  removeAllListeners(): this;
}

export interface IdCardReaderOptions {
  path: string;
  /** 115200 is most readers' default; some are set to 9600. */
  baudRate?: number;
  /** How long an answer may take (a read sends 1,295 bytes: 0.12 s at 115200, 1.4 s at 9600). */
  answerTimeoutMs?: number;
  /** Replaced by tests; the real serialport otherwise. */
  openLink?: (path: string, baudRate: number) => ReaderLink;
}

type Answer = { ok: true; answer: SamAnswer } | { ok: false; error: IdCardError; detail: string };

export class IdCardReader {
  private link: ReaderLink | null = null;
  private readonly frames = new SamFrameReader();
  private waiting: ((answer: Answer) => void) | null = null;
  private busy = false;

  constructor(private readonly options: IdCardReaderOptions) {}

  open(): Promise<CardRead | null> {
    const baudRate = this.options.baudRate ?? 115200;
    const link: ReaderLink =
      this.options.openLink?.(this.options.path, baudRate) ??
      new SerialPort({ path: this.options.path, baudRate, autoOpen: false });
    this.link = link;
    link.on('data', (chunk) => this.received(chunk));
    link.on('error', (err) =>
      this.settle({ ok: false, error: 'port_error', detail: err?.message ?? 'port error' }),
    );
    return new Promise((resolve) =>
      link.open((err) =>
        resolve(err ? { ok: false, error: 'port_error', detail: err.message } : null),
      ),
    );
  }

  async close(): Promise<void> {
    const link = this.link;
    this.link = null;
    if (link?.isOpen) await new Promise<void>((resolve) => link.close(() => resolve()));
    link?.removeAllListeners();
  }

  /**
   * One read: no card on the reader is `{ ok: true, card: null }`; a card gives its number and
   * name; anything else is an error that says what went wrong, and no card.
   */
  async read(): Promise<CardRead> {
    if (this.busy) return { ok: false, error: 'reader_error', detail: 'a read is already running' };
    this.busy = true;
    try {
      const found = await this.exchange('findCard');
      if (!found.ok) return found;
      if (found.answer.status === 'no_card') return { ok: true, card: null };
      if (found.answer.status !== 'card_found') return refused('find', found.answer);
      const selected = await this.exchange('selectCard');
      if (!selected.ok) return selected;
      if (selected.answer.status !== 'ok') return refused('select', selected.answer);
      const read = await this.exchange('readText');
      if (!read.ok) return read;
      if (read.answer.status !== 'ok') return refused('read', read.answer);
      const data = parseReadData(read.answer.data);
      if (!data)
        return { ok: false, error: 'bad_data', detail: 'the text and photo lengths do not add up' };
      const { idNumber, name } = data.text;
      // The full check (GB 11643's check character) is the hub's: `invalid_message`.
      if (!/^\d{17}[\dX]$/u.test(idNumber)) {
        return { ok: false, error: 'bad_data', detail: 'the card holds no citizen ID number' };
      }
      if (name === '') return { ok: false, error: 'bad_data', detail: 'the card has no name' };
      return { ok: true, card: { number: idNumber, name } };
    } finally {
      this.busy = false;
    }
  }

  private exchange(command: SamCommand): Promise<Answer> {
    const link = this.link;
    if (!link?.isOpen) {
      return Promise.resolve({ ok: false, error: 'port_error', detail: 'the port is not open' });
    }
    this.frames.reset();
    const timeoutMs = this.options.answerTimeoutMs ?? 2_000;
    return new Promise<Answer>((resolve) => {
      const timer = setTimeout(
        () =>
          this.settle({
            ok: false,
            error: 'no_answer',
            detail: `no answer to ${command} within ${timeoutMs} ms`,
          }),
        timeoutMs,
      );
      this.waiting = (answer) => {
        clearTimeout(timer);
        resolve(answer);
      };
      link.write(encodeSamCommand(command), (err) => {
        if (err) this.settle({ ok: false, error: 'port_error', detail: err.message });
      });
    });
  }

  private received(chunk: Buffer): void {
    for (const frame of this.frames.push(chunk)) {
      if (!frame.ok) {
        this.settle({ ok: false, error: 'bad_checksum', detail: 'a frame with a wrong checksum' });
        continue;
      }
      const answer = parseSamAnswer(frame.body);
      this.settle(
        answer
          ? { ok: true, answer }
          : { ok: false, error: 'bad_data', detail: 'an answer without its status bytes' },
      );
    }
  }

  private settle(answer: Answer): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(answer);
  }
}

/** The module said no: a card gone between the steps, or the reader's own trouble. */
function refused(step: 'find' | 'select' | 'read', answer: SamAnswer): CardRead {
  const code = [answer.sw1, answer.sw2, answer.sw3]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join(' ');
  const gone =
    answer.status === 'no_card' ||
    answer.status === 'select_failed' ||
    answer.status === 'read_failed' ||
    (step !== 'find' && answer.status === 'card_found');
  return {
    ok: false,
    error: gone ? 'card_removed' : 'reader_error',
    detail: `${step}: ${answer.status} (${code})`,
  };
}
