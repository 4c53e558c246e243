/** The hub's version, shown by /api/health and `onestop-hub --version`. */
export const HUB_VERSION = '0.1.0';
