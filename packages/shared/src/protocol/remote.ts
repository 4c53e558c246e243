import { z } from 'zod';
import { DEFAULT_REMOTE, type Ticket } from '../domain/types.js';
import { CommandIdSchema, IdCardSchema } from './schemas.js';

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

/** Digits of a remote number's confirmation code (the visitor types it at a kiosk). */
export const REMOTE_CODE_LENGTH = 6;

export const RemoteCodeSchema = z.string().regex(/^[0-9]{6}$/);

/**
 * `/kiosk confirm_remote`: the visitor confirms the number taken from the phone, by its code, or
 * by the ID card whose number was given with the request (the hub compares the hashes).
 */
export const ConfirmRemoteSchema = z.union([
  z.strictObject({ commandId: CommandIdSchema, code: RemoteCodeSchema }),
  z.strictObject({ commandId: CommandIdSchema, idCard: IdCardSchema }),
]);
export type ConfirmRemoteMessage = z.infer<typeof ConfirmRemoteSchema>;

export interface ConfirmRemoteResult {
  ticket: Ticket;
  /** Waiting tickets ahead of it in its queues (null once it is no longer waiting). */
  peopleAhead: number | null;
}
