import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubTestHall } from './support/hall.js';

/**
 * 好差评's "who is rated": a clerk's photo, uploaded by an admin over HTTP, kept in the hall's
 * SQLite file, and given to the hall's own devices only. JPEG and PNG only, known by their first
 * bytes; at most 200 KB; every refusal says why in both languages and keeps what was there.
 */

/** The smallest PNG (1×1) and a JPEG's first bytes followed by filler. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2_000, 7)]);

let hall: HubTestHall;
let adminToken: string;

beforeAll(async () => {
  hall = await HubTestHall.start();
  adminToken = await hall.login();
});

afterAll(async () => {
  await hall.close();
});

const photoUrl = (code: string) => `${hall.url}/api/staff/${code}/photo`;

async function upload(code: string, body: Buffer, type = 'image/jpeg', token = adminToken) {
  const res = await fetch(photoUrl(code), {
    method: 'PUT',
    headers: { 'content-type': type, authorization: `Bearer ${token}` },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function download(code: string, token: string | null) {
  const res = await fetch(photoUrl(code), {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: await res.arrayBuffer(),
  };
}

describe('a clerk photo', () => {
  it('is kept as uploaded and given to a rating pad of the hall', async () => {
    expect((await upload('C01', JPEG)).status).toBe(200);
    const pad = await hall.pair('rating_pad', 'w1');
    const got = await download('C01', pad);
    expect(got.status).toBe(200);
    expect(got.type).toBe('image/jpeg');
    expect(Buffer.from(got.body).equals(JPEG)).toBe(true);
    // A PNG replaces it; its type comes from its bytes, not from what the request said.
    expect((await upload('C01', PNG, 'application/octet-stream')).status).toBe(200);
    const png = await download('C01', pad);
    expect([png.type, Buffer.from(png.body).equals(PNG)]).toEqual(['image/png', true]);
  });

  it('is never given to the public or to a token the hall does not know', async () => {
    expect((await download('C01', null)).status).toBe(401);
    expect((await download('C01', 'not-a-token-of-this-hall')).status).toBe(401);
  });

  it('is refused when it is no JPEG or PNG, too large, or of no staff member, and the old one stays', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
    const wrong = await upload('C01', gif, 'image/png');
    expect(wrong.status).toBe(415);
    expect(wrong.body).toMatchObject({
      error: { code: 'wrong_type', text: { zh: '只接受 JPEG 或 PNG 格式的照片' } },
    });
    const svg = await upload('C01', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'));
    expect(svg.status).toBe(415);
    const big = Buffer.concat([JPEG, Buffer.alloc(200 * 1024, 1)]);
    const tooLarge = await upload('C01', big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ error: { code: 'too_large' } });
    const nobody = await upload('X99', JPEG);
    expect(nobody.status).toBe(404);
    expect(nobody.body).toMatchObject({ error: { code: 'unknown_staff' } });
    const pad = await hall.pair('rating_pad', 'w1');
    const still = await download('C01', pad);
    expect(Buffer.from(still.body).equals(PNG)).toBe(true);
  });

  it('is set and removed by an admin only', async () => {
    const supervisor = await hall.login('S01', '2468');
    expect((await upload('C02', JPEG, 'image/jpeg', supervisor)).status).toBe(401);
    expect((await upload('C02', JPEG)).status).toBe(200);
    const removed = await fetch(photoUrl('C02'), {
      method: 'DELETE',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(removed.status).toBe(200);
    // A supervisor's console shows the photos too; a clerk without one: nothing (204), no error.
    expect((await download('C02', supervisor)).status).toBe(204);
    expect((await download('X99', supervisor)).status).toBe(404);
  });
});
