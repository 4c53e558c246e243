import type { PlatformMapping, PlatformUploadSettings, UploadRecord } from '@onestop/shared';
import { defaultMapping } from './default-mapping.js';

/** One HTTP request to the platform, as a mapping words a record. */
export interface PlatformRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * What came of one try: the platform took the record (with its receipt), refused it for a
 * reason of its own (kept as refused, never tried again by itself), refused the hall's
 * credentials (kept waiting, tried again), or failed otherwise (tried again: a timeout, a 5xx).
 */
export type UploadOutcome =
  | { kind: 'sent'; receipt: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'credentials'; error: string }
  | { kind: 'retry'; error: string };

/**
 * A province's platform: how a record is worded and signed, and how an answer is read. One
 * module per platform (default-mapping.ts is the documented default); a province with other
 * field names or another signature adds its module here and its name to `PLATFORM_MAPPINGS`.
 */
export interface PlatformMappingModule {
  request(
    record: UploadRecord,
    settings: PlatformUploadSettings,
    secret: string,
    sign: { timestamp: number; nonce: string },
  ): PlatformRequest;
  answer(status: number, body: string): UploadOutcome;
}

export function mappingOf(name: PlatformMapping): PlatformMappingModule {
  switch (name) {
    case 'default':
      return defaultMapping;
  }
}
