import { TEXTS, type I18nText } from '@onestop/shared';
import type { Hub } from '../../hub.js';
import type { StaffPhoto } from '../../store/index.js';

/*
 * 好差评's "who is rated": the rating pad shows the clerk's photo, name and staff number. An admin
 * uploads the photo in the console (which scales it down first); the hub keeps JPEG and PNG only,
 * known by their first bytes whatever the request says, and at most `PHOTO_MAX_BYTES`. The photo
 * is given to the hall's own devices and console sessions, never to the public.
 */

/** A stored photo is at most this large: a pad shows it a few centimetres tall. */
export const PHOTO_MAX_BYTES = 200 * 1024;

/** The first bytes of each kept type. */
const MAGIC: readonly { type: StaffPhoto['type']; bytes: readonly number[] }[] = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** JPEG or PNG by the file's own first bytes; null for anything else. */
export function photoType(data: Buffer): StaffPhoto['type'] | null {
  const found = MAGIC.find(({ bytes }) => bytes.every((b, i) => data[i] === b));
  return found?.type ?? null;
}

export type PhotoRefusal =
  | { status: 404; code: 'unknown_staff'; text: I18nText }
  | { status: 415; code: 'wrong_type'; text: I18nText }
  | { status: 413; code: 'too_large'; text: I18nText };

const refusal = (code: PhotoRefusal['code']): PhotoRefusal => {
  const text = TEXTS[`photo.${code}`];
  switch (code) {
    case 'unknown_staff':
      return { status: 404, code, text };
    case 'wrong_type':
      return { status: 415, code, text };
    case 'too_large':
      return { status: 413, code, text };
  }
};

const known = (hub: Hub, staffCode: string): boolean =>
  hub.config.staff.some((s) => s.code === staffCode);

/** Keeps `data` as the photo of `staffCode`, or says why not (nothing is changed then). */
export function setStaffPhoto(hub: Hub, staffCode: string, data: Buffer): PhotoRefusal | null {
  if (!known(hub, staffCode)) return refusal('unknown_staff');
  if (data.length > PHOTO_MAX_BYTES) return refusal('too_large');
  const type = photoType(data);
  if (type === null) return refusal('wrong_type');
  hub.store.staffPhotos.put(staffCode, { type, data });
  return null;
}

/** Removes the photo of `staffCode`; refused for a code the hall does not have. */
export function removeStaffPhoto(hub: Hub, staffCode: string): PhotoRefusal | null {
  if (!known(hub, staffCode)) return refusal('unknown_staff');
  hub.store.staffPhotos.remove(staffCode);
  return null;
}

/** The photo of a staff member of the hall, or null. */
export function staffPhoto(hub: Hub, staffCode: string): StaffPhoto | null {
  return known(hub, staffCode) ? hub.store.staffPhotos.get(staffCode) : null;
}
