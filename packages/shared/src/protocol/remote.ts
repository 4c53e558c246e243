import { z } from 'zod';
import { DEFAULT_REMOTE } from '../domain/types.js';

/** The hall's remote-number settings (`hall.remote`, docs/VISITORS.md "Numbers from the phone"). */
export const HallRemoteSchema = z.strictObject({
  enabled: z.boolean().default(DEFAULT_REMOTE.enabled),
  confirmWithinMinutes: z.int().min(1).max(240).default(DEFAULT_REMOTE.confirmWithinMinutes),
  serviceIds: z
    .array(
      z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9_-]+$/),
    )
    .max(200)
    .refine((l) => new Set(l).size === l.length, 'each service once')
    .default([]),
  perPhonePerDay: z.int().min(1).max(10).default(DEFAULT_REMOTE.perPhonePerDay),
});
