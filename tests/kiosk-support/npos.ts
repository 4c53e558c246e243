import { createRequire } from 'node:module';
import iconv from 'iconv-lite';
import { z } from 'zod';
import type { Op } from './paper.js';

/*
 * An independent reading of ESC/POS bytes: npos (npm, MIT), an open-source ESC/POS parser that
 * splits a byte stream into command nodes (by its own table of commands and their parameter
 * lengths) and runs of text. Only the node boundaries are npos's; this file names each command
 * and reads its one parameter byte where the kiosk's layout depends on it. npos's table has no
 * `GS ( k` (the 2D code functions, the QR code): it is added as `GS ( k pL pH data`, the same
 * length rule npos uses for its other `GS (` functions.
 */

const GS = 0x1d;

const NodeSchema = z.object({
  code: z.number(),
  ascii: z.string().optional(),
  fn: z.string().optional(),
  offset: z.number(),
  length: z.number(),
});
const AstSchema = z.object({
  error: z.instanceof(Error).optional(),
  tree: z.array(NodeSchema).nullable(),
});

interface NposModule {
  rules: Record<string, unknown>;
  parser(rules: unknown): { analyze(raw: Buffer): unknown };
}

const load = createRequire(import.meta.url);
const npos = z
  .object({ rules: z.record(z.string(), z.unknown()), parser: z.function() })
  .parse(load('npos')) as unknown as NposModule;

const RULES = {
  ...npos.rules,
  [GS]: { ...z.record(z.string(), z.unknown()).parse(npos.rules[GS]), '(k': [0, 'd16'] },
};

/** npos's nodes for the bytes, or its error. */
export function nposTree(bytes: Buffer): z.infer<typeof NodeSchema>[] {
  const ast = AstSchema.parse(npos.parser(RULES).analyze(bytes));
  if (ast.error || ast.tree === null) throw ast.error ?? new Error('npos gave no tree');
  return ast.tree;
}

/**
 * The ticket as npos reads it: each command named (`init`, `align 1`, `size 2x2`, `qr` …) and
 * each printed line's text (`| …`, GB18030), in order.
 */
export function nposPaper(bytes: Buffer): string[] {
  const out: string[] = [];
  let line: number[] = [];
  for (const node of nposTree(bytes)) {
    const at = (k: number): number => bytes[node.offset + k] ?? -1;
    if (node.code === 0x02) {
      // A run of text (npos's STX node): lines end at LF.
      for (let k = 0; k < node.length; k++) {
        const b = at(k);
        if (b === 0x0a) {
          out.push(`| ${iconv.decode(Buffer.from(line), 'GB18030')}`);
          line = [];
        } else line.push(b);
      }
      continue;
    }
    const name = `${node.ascii ?? node.code} ${node.fn ?? ''}`.trim();
    const p = at(2);
    switch (name) {
      case 'ESC @':
        out.push('init');
        break;
      case 'FS &':
        out.push('chinese on');
        break;
      case 'FS .':
        out.push('chinese off');
        break;
      case 'ESC a':
        out.push(`align ${p % 48}`);
        break;
      case 'ESC E':
        out.push(`bold ${p & 1 ? 'on' : 'off'}`);
        break;
      case 'GS !':
        out.push(`size ${(p >> 4) + 1}x${(p & 0x0f) + 1}`);
        break;
      case 'ESC !':
        out.push(`size ${p & 0x20 ? 2 : 1}x${p & 0x10 ? 2 : 1}`);
        break;
      case 'ESC d':
        out.push(`feed ${p}`);
        break;
      case 'GS V':
        out.push('cut');
        break;
      case 'GS (k':
        // Function 81 (`Q`) prints the stored symbol; the others set it up.
        if (at(6) === 0x51) out.push('qr');
        break;
      default:
        out.push(`other ${name}`);
    }
  }
  if (line.length > 0) out.push(`(unterminated) ${iconv.decode(Buffer.from(line), 'GB18030')}`);
  return out;
}

/** The same items from the kiosk's own decoder's operations. */
export function opsPaper(ops: Op[]): string[] {
  const out: string[] = [];
  let line = '';
  for (const op of ops) {
    switch (op.op) {
      case 'text':
        line += op.text;
        break;
      case 'newline':
        out.push(`| ${line}`);
        line = '';
        break;
      case 'init':
        out.push('init');
        break;
      case 'chinese':
      case 'kanji':
        out.push(`chinese ${op.on ? 'on' : 'off'}`);
        break;
      case 'align':
        out.push(`align ${['left', 'center', 'right'].indexOf(op.align)}`);
        break;
      case 'bold':
        out.push(`bold ${op.on ? 'on' : 'off'}`);
        break;
      case 'size':
        out.push(`size ${op.width}x${op.height}`);
        break;
      case 'feed':
        out.push(`feed ${op.lines}`);
        break;
      case 'cut':
        out.push('cut');
        break;
      case 'qr':
        out.push('qr');
        break;
    }
  }
  if (line !== '') out.push(`(unterminated) ${line}`);
  return out;
}
