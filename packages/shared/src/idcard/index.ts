export * from './frames.js';
export * from './person.js';
