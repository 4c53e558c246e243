import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '@onestop/shared';
import type { IdCardText } from '../apps/kiosk/src/shared/idcard-frames.js';
import { IdCardReader } from '../apps/kiosk/src/main/idcard/reader.js';
import { IdCardEmulator } from './kiosk-support/idcard-emulator.js';
import { closePair, socatPair, type Pair } from './window-support/serial-pair.js';

/*
 * The kiosk's ID card reader driver against an emulated security module on the far end of a
 * socat serial pair, with the real serialport binding on both ends: a card read, no card, a card
 * taken away mid-read, a bad checksum and a reader that answers nothing, each a clear answer and
 * never a card.
 */

const NUMBER = `11010519491231002${idCheckChar('11010519491231002')}`;
const TEXT: IdCardText = {
  name: '张三丰',
  sex: '1',
  ethnicity: '01',
  birthDate: '19491231',
  address: '北京市朝阳区某某路1号',
  idNumber: NUMBER,
  issuedBy: '北京市公安局朝阳分局',
  validFrom: '20200101',
  validTo: '20400101',
};

let dir: string;
let pair: Pair;
let emulator: IdCardEmulator;
let reader: IdCardReader;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onestop-idcard-'));
  pair = await socatPair(dir);
  emulator = await IdCardEmulator.open(pair.device);
  reader = new IdCardReader({ path: pair.terminal, answerTimeoutMs: 500 });
  expect(await reader.open()).toBeNull();
});

afterAll(async () => {
  await reader.close();
  await emulator.close();
  await closePair(pair);
  rmSync(dir, { recursive: true, force: true });
});

describe('the ID card reader at the kiosk', () => {
  it('reads a card: find, select, read; only the number and the name come out', async () => {
    emulator.mode = { kind: 'card', text: TEXT };
    emulator.commands.length = 0;
    const read = await reader.read();
    expect(read).toEqual({ ok: true, card: { number: NUMBER, name: '张三丰' } });
    expect(emulator.commands).toEqual(['20 01', '20 02', '30 01']);
  });

  it('no card on the reader: no card, and no select or read', async () => {
    emulator.mode = { kind: 'empty' };
    emulator.commands.length = 0;
    expect(await reader.read()).toEqual({ ok: true, card: null });
    expect(emulator.commands).toEqual(['20 01']);
  });

  it('a card taken away mid-read: card_removed, no card', async () => {
    emulator.mode = { kind: 'removed_mid_read', text: TEXT };
    const read = await reader.read();
    expect(read).toMatchObject({ ok: false, error: 'card_removed' });
    if (!read.ok) expect(read.detail).toContain('00 00 41');
  });

  it('a read whose checksum is wrong: bad_checksum, no card', async () => {
    emulator.mode = { kind: 'bad_checksum', text: TEXT };
    expect(await reader.read()).toMatchObject({ ok: false, error: 'bad_checksum' });
  });

  it('a reader that answers nothing: no_answer, no card; the next read works again', async () => {
    emulator.mode = { kind: 'silent' };
    const read = await reader.read();
    expect(read).toMatchObject({ ok: false, error: 'no_answer' });
    if (!read.ok) expect(read.detail).toContain('findCard');
    emulator.mode = { kind: 'card', text: TEXT };
    expect(await reader.read()).toEqual({ ok: true, card: { number: NUMBER, name: '张三丰' } });
  });

  it('a card whose text holds no ID number: bad_data, no card', async () => {
    emulator.mode = { kind: 'card', text: { ...TEXT, idNumber: 'ABC' } };
    expect(await reader.read()).toMatchObject({ ok: false, error: 'bad_data' });
  });
});
