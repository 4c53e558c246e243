import { z } from 'zod';

/** The hall's online booking settings (`hall.booking`, docs/VISITORS.md "Booking online"). */
export const HallBookingSchema = z.strictObject({
  slotMinutes: z.int().min(5).max(240),
  daysAhead: z.int().min(1).max(60),
  capacity: z.record(
    z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/),
    z.int().min(1).max(1000),
  ),
});
