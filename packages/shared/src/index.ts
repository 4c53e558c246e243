export * from './domain/types.js';
export * from './domain/commands.js';
export * from './domain/events.js';
export * from './domain/errors.js';
export * from './engine/state.js';
