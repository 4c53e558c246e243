export { TEXTS, type CodeKey, type TextKey } from './texts/index.js';
export * from './lookup.js';
export * from './refusal.js';
export * from './rating-tags.js';
