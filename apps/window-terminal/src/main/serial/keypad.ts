import type { PadInput, PadKey } from '../../shared/preload-api.js';

/*
 * A call pad's numeric keypad: `*`, up to six digits, `#` dials the number (`*` 0 1 5 `#`: the
 * page calls A015 in the window's first service). `*` starts again; digits without a `*` start
 * an entry too (pads whose `*` is labelled "clear"); any action key drops a half-keyed entry,
 * and so does a seventh digit (nothing is dialled from a number too long to be one).
 */

export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#';

/** One press as a decoder reads it off the line. */
export type PadPress = PadKey | KeypadKey;

export const MAX_DIAL_DIGITS = 6;

export class Keypad {
  private digits = '';
  /** The entry overflowed: ignored until the next `*` or `#`. */
  private spoiled = false;

  /** What a press means: a key or a dialled number for the page, or null (still keying). */
  press(press: PadPress): PadInput | null {
    switch (press) {
      case '*':
        this.reset();
        return null;
      case '#': {
        const digits = this.spoiled ? '' : this.digits;
        this.reset();
        return digits === '' ? null : { kind: 'dial', digits };
      }
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        if (this.digits.length >= MAX_DIAL_DIGITS) this.spoiled = true;
        else this.digits += press;
        return null;
      default:
        this.reset();
        return press;
    }
  }

  private reset(): void {
    this.digits = '';
    this.spoiled = false;
  }
}
