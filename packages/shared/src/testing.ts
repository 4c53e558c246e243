/*
 * @onestop/shared/testing: the fixtures every package's tests share (not for production code).
 * A small test hall and the engine driven in memory (`EngineTestHall`), and the same numbered
 * like the hub's event log (`SequencedHall`).
 */
export * from './engine/test-fixture.js';
export * from './protocol/test-helpers.js';
