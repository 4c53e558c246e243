/*
 * @onestop/region/testing: what other packages' tests need to run a real region (not used by
 * the region itself): a throwaway PostgreSQL cluster and a region server on a free port.
 */
export { pgBinDir, startPgCluster, type PgCluster } from './pg-cluster.js';
export { startTestRegion, type Answer, type TestRegion } from './link-fixtures.js';
