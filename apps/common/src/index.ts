/*
 * @onestop/app-common: what every app's renderer shares (browser-only: DOM, no Node). A source
 * package: each page's Vite build and the tests compile it with the page.
 */
export * from './AssistClose.js';
export * from './hall-lang.js';
export * from './hall-time.js';
export * from './pairing.js';
export * from './PairScreen.js';
export * from './photo.js';
