import type { DeviceKind } from '../domain/types.js';

/** Bumped on any change a client of the previous version would misread. Checked at the handshake. */
export const PROTOCOL_VERSION = 1;

/** Who is on the other end of a socket. Each role is one Socket.IO namespace. */
export type Role = 'kiosk' | 'window' | 'rate' | 'display' | 'admin';
export const ROLES = [
  'kiosk',
  'window',
  'rate',
  'display',
  'admin',
] as const satisfies readonly Role[];

export const NAMESPACES = {
  kiosk: '/kiosk',
  window: '/window',
  rate: '/rate',
  display: '/display',
  admin: '/admin',
} as const satisfies Record<Role, string>;

/** A paired device connects in the namespace of its kind; `/admin` is for staff sessions only. */
export const ROLE_OF_DEVICE_KIND = {
  kiosk: 'kiosk',
  window_terminal: 'window',
  rating_pad: 'rate',
  display: 'display',
} as const satisfies Record<DeviceKind, Role>;

/** Device kinds bound to one window at pairing: their window never comes from a message. */
export const WINDOW_BOUND_KINDS = [
  'window_terminal',
  'rating_pad',
] as const satisfies readonly DeviceKind[];

/** What a client's connection to the hub is doing, as its UI shows it. */
export type ConnectionState = 'connecting' | 'syncing' | 'online' | 'offline' | 'refused';
export const CONNECTION_STATES = [
  'connecting',
  'syncing',
  'online',
  'offline',
  'refused',
] as const satisfies readonly ConnectionState[];
