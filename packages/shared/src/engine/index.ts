/**
 * The queue engine: `decide(state, command, now)` turns a command into events or a refusal,
 * `apply(state, event)` folds an event into the state. Pure and deterministic.
 */
export * from './state.js';
export * from './time.js';
export * from './ticket-number.js';
export * from './policy.js';
export * from './estimate.js';
export * from './decide.js';
export * from './apply.js';
