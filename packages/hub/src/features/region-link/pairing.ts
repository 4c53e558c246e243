import { createHash } from 'node:crypto';
import type { RegionLinkRecords } from '../../store/index.js';
import { requestPair, RegionRequestError } from './region-client.js';

/** The link could not be set up as asked: said in one line, and nothing was changed. */
export class RegionLinkError extends Error {}

/** What `--region URL [--region-code CODE]` asks at a start. */
export interface LinkRequest {
  /** The region's origin (checked by the command line). */
  url: string;
  /** The one-time code from `onestop-region add-hall`, or null to use the stored link. */
  code: string | null;
}

export interface LinkSetupOptions {
  hubVersion: string;
  now: number;
  timeoutMs?: number;
}

function codeHash(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

/**
 * Sets up the hall's link at a start: trades a new one-time code once for the hall's token (a
 * code already traded is not traded again, so a service may keep it in its command line); with
 * no code, the stored link is used, and a new `url` changes only its address. Returns what to
 * tell the operator. Throws `RegionLinkError`, changing nothing, when the region refuses the code
 * or the hall is not linked yet.
 */
export async function setUpLink(
  records: Pick<RegionLinkRecords, 'link' | 'pair' | 'setUrl'>,
  request: LinkRequest,
  options: LinkSetupOptions,
): Promise<string> {
  const stored = records.link();
  const hash = request.code === null ? null : codeHash(request.code);
  if (request.code === null || (stored !== null && stored.codeHash === hash)) {
    if (!stored) {
      throw new RegionLinkError(
        `the hall is not linked to a region yet: add --region-code CODE (from onestop-region add-hall on the region)`,
      );
    }
    if (stored.url === request.url) return `linked to ${stored.url} as ${stored.hallName}`;
    records.setUrl(request.url);
    return `the region's address is now ${request.url} (was ${stored.url}); linked as ${stored.hallName}`;
  }
  let paired;
  try {
    paired = await requestPair(
      { url: request.url, timeoutMs: options.timeoutMs ?? 30_000 },
      request.code,
      options.hubVersion,
    );
  } catch (err) {
    if (!(err instanceof RegionRequestError)) throw err;
    if (err.refusal?.code === 'bad_code') {
      throw new RegionLinkError(
        `${request.url} refused the code (unknown, used or expired): ask the region's operator for a new one (onestop-region add-hall); nothing was changed`,
      );
    }
    throw new RegionLinkError(`cannot link to ${request.url}: ${err.message}; nothing was changed`);
  }
  records.pair({
    url: request.url,
    hallId: paired.hallId,
    hallName: paired.hallName,
    token: paired.token,
    codeHash: hash ?? '',
    pairedAt: options.now,
  });
  return `linked to ${request.url} as ${paired.hallName} (hall ${paired.hallId})`;
}
