/** The region's version, shown by /api/health and `onestop-region --version`. */
export const REGION_VERSION = '0.1.0';
