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

/** Each ESC/POS command npos finds, named with its parameter (`at(k)`: the node's k-th byte). */
const COMMANDS: Record<string, (at: (k: number) => number) => string | null> = {
  'ESC @': () => 'init',
  'FS &': () => 'chinese on',
  'FS .': () => 'chinese off',
  'ESC a': (at) => `align ${at(2) % 48}`,
  'ESC E': (at) => `bold ${at(2) & 1 ? 'on' : 'off'}`,
  'GS !': (at) => `size ${(at(2) >> 4) + 1}x${(at(2) & 0x0f) + 1}`,
  'ESC !': (at) => `size ${at(2) & 0x20 ? 2 : 1}x${at(2) & 0x10 ? 2 : 1}`,
  'ESC d': (at) => `feed ${at(2)}`,
  'GS V': () => 'cut',
  // Function 81 (`Q`) prints the stored QR symbol; the others set it up.
  'GS (k': (at) => (at(6) === 0x51 ? 'qr' : null),
};

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
    const read = COMMANDS[name];
    const item = read ? read(at) : `other ${name}`;
    if (item !== null) out.push(item);
  }
  if (line.length > 0) out.push(`(unterminated) ${iconv.decode(Buffer.from(line), 'GB18030')}`);
  return out;
}

/** One item of the kiosk decoder's operations, named as `nposPaper` names them. */
function opItem(op: Exclude<Op, { op: 'text' | 'newline' }>): string {
  switch (op.op) {
    case 'chinese':
    case 'kanji':
      return `chinese ${op.on ? 'on' : 'off'}`;
    case 'align':
      return `align ${['left', 'center', 'right'].indexOf(op.align)}`;
    case 'bold':
      return `bold ${op.on ? 'on' : 'off'}`;
    case 'size':
      return `size ${op.width}x${op.height}`;
    case 'feed':
      return `feed ${op.lines}`;
    case 'init':
    case 'cut':
    case 'qr':
      return op.op;
  }
}

/** The same items from the kiosk's own decoder's operations. */
export function opsPaper(ops: Op[]): string[] {
  const out: string[] = [];
  let line = '';
  for (const op of ops) {
    if (op.op === 'text') line += op.text;
    else if (op.op === 'newline') {
      out.push(`| ${line}`);
      line = '';
    } else out.push(opItem(op));
  }
  if (line !== '') out.push(`(unterminated) ${line}`);
  return out;
}
