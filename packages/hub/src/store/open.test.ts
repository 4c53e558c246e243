import { chmodSync, closeSync, openSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store, StoreError } from './index.js';
import { issueTickets, tempDir, type TempDir } from './test-helpers.js';

let tmp: TempDir;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  tmp.remove();
});

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** The code Store.open fails with, opened by this process or, as root, by the user nobody. */
function openErrorCode(path: string): string | null {
  if (!isRoot) {
    const err = openError(path);
    return err instanceof StoreError ? err.code : null;
  }
  chmodSync(tmp.dir, 0o755);
  const script = `
    import { Store, StoreError } from ${JSON.stringify(new URL('./index.ts', import.meta.url).pathname)};
    try { Store.open(${JSON.stringify(path)}).close(); console.log('null'); }
    catch (err) { console.log(err instanceof StoreError ? err.code : 'other: ' + String(err)); }`;
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      uid: NOBODY,
      gid: NOBODY,
      encoding: 'utf8',
      env: { ...process.env, TSX_TSCONFIG_PATH: '' },
    },
  );
  if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
  const code = child.stdout.trim().split('\n').pop() ?? '';
  return code === 'null' ? null : code;
}

function openError(path: string): unknown {
  try {
    Store.open(path).close();
  } catch (err) {
    return err;
  }
  return null;
}

describe('Store.open', () => {
  it('turns on WAL, synchronous=FULL and foreign keys', () => {
    const store = Store.open(tmp.file('hall.sqlite'));
    expect(store.facts()).toMatchObject({ journalMode: 'wal', synchronous: 2, foreignKeys: true });
    store.close();
  });

  it('refuses a real database whose pages were overwritten with garbage, as corrupt', () => {
    const path = tmp.file('hall.sqlite');
    const store = Store.open(path);
    issueTickets(store, 200);
    store.close();
    const pageSize = 4096;
    const pages = Math.floor(statSync(path).size / pageSize);
    expect(pages).toBeGreaterThan(4);
    // Page 1 (the header and schema) stays readable; the tables' pages become noise.
    const fd = openSync(path, 'r+');
    for (let page = 2; page < pages; page++) {
      writeSync(fd, randomBytes(pageSize), 0, pageSize, (page - 1) * pageSize);
    }
    closeSync(fd);

    const error = openError(path);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'corrupt' });
  });

  it('refuses a database whose header was overwritten, as corrupt', () => {
    const path = tmp.file('hall.sqlite');
    const store = Store.open(path);
    issueTickets(store, 3);
    store.close();
    const fd = openSync(path, 'r+');
    writeSync(fd, randomBytes(100), 0, 100, 0);
    closeSync(fd);
    expect(openError(path)).toMatchObject({ code: 'corrupt' });
  });

  it('says so when the folder does not exist', () => {
    expect(openError(tmp.file('missing/hall.sqlite'))).toMatchObject({ code: 'open_failed' });
  });

  it('refuses a file it cannot write, as not_writable', () => {
    const path = tmp.file('hall.sqlite');
    Store.open(path).close();
    chmodSync(path, 0o444);
    // Root may write anything: as root, look through the eyes of an ordinary user instead.
    expect(openErrorCode(path)).toBe('not_writable');
    chmodSync(tmp.dir, 0o555);
    try {
      expect(openErrorCode(tmp.file('other.sqlite'))).toBe('not_writable');
    } finally {
      chmodSync(tmp.dir, 0o755);
    }
  });

  it('gives the hall an id once, kept across openings', () => {
    const path = tmp.file('hall.sqlite');
    const first = Store.open(path, { now: () => 1_000 });
    const id = first.hallId();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.getMeta('created_at')).toBe('1000');
    first.setMeta('note', 'hello');
    first.close();
    const second = Store.open(path, { now: () => 2_000 });
    expect(second.hallId()).toBe(id);
    expect(second.getMeta('created_at')).toBe('1000');
    expect(second.getMeta('note')).toBe('hello');
    expect(second.getMeta('absent')).toBeNull();
    second.close();
    expect(second.isOpen).toBe(false);
    second.close();
  });
});
