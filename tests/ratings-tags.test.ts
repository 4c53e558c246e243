import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import { ratingTagsFor, type RatingTag } from '@onestop/shared';
import { HubTestHall, waitFor } from './support/hall.js';
import { ok, said } from './support/acks.js';
import { serveOne } from './support/served.js';

/**
 * 好差评 tags (评价标签) against a real hub on a real SQLite file: the defaults until the hall
 * sets its own, set by an admin from the console, checked whole, seen live by a rating pad's
 * mirror, and kept by id with the rating.
 */

let hall: HubTestHall;
let admin: HubClient<'admin'>;

beforeAll(async () => {
  hall = await HubTestHall.start();
  admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');
});

afterAll(async () => {
  await hall.close();
});

const FAST: RatingTag = { id: 'fast', name: { zh: '办得快', en: 'Quick' }, scores: [5, 4] };
const ROUNDS: RatingTag = {
  id: 'errands',
  name: { zh: '多次跑腿', en: 'Sent back and forth' },
  scores: [2, 1],
};

describe('rating tags', () => {
  it('has the default tags until the hall sets its own', () => {
    expect(ratingTagsFor(hall.hub.config, 5).map((x) => x.id)).toEqual(['warm', 'once']);
  });

  it('refuses a list with an id twice, naming it, and a supervisor; changes nothing', async () => {
    const twice = await admin.command('change_config', {
      change: { kind: 'rating_tags', tags: [FAST, { ...FAST, scores: [3] }] },
    });
    expect(said(twice)).toMatch(/ratingTags\.1\.id: duplicate id "fast"/);
    const supervisor = await hall.client('admin', await hall.login('S01', '2468'));
    const refused = await supervisor.command('change_config', {
      change: { kind: 'rating_tags', tags: [FAST] },
    });
    expect(said(refused)).toMatch(/^forbidden/);
    expect(hall.hub.config.ratingTags).toBeUndefined();
  });

  it('takes the hall’s own tags, seen by a pad, and keeps a rating’s tags by id', async () => {
    const pad = await hall.client('rate', await hall.pair('rating_pad', 'w1'));
    ok(
      await admin.command('change_config', {
        change: { kind: 'rating_tags', tags: [FAST, ROUNDS] },
      }),
    );
    await waitFor(
      () => pad.state !== null && ratingTagsFor(pad.state.config, 4).length === 1,
      5_000,
      'the pad sees the new tags',
    );
    expect(ratingTagsFor(hall.hub.config, 3)).toEqual([]);
    const ticketId = await serveOne(hall, 'biz-open', 'w1', 'C01');
    ok(await pad.command('rate', { ticketId, score: 4, reasons: ['fast'] }));
    expect(hall.hub.current.tickets.get(ticketId)?.rating).toMatchObject({
      score: 4,
      reasons: ['fast'],
    });
  });
});
