/** The hall link to a region (issue 15): pairing, streaming, what crosses. */
export { RegionLink, startRegionLink, type LinkSource, type RegionLinkOptions } from './link.js';
export { RegionLinkError, setUpLink, type LinkRequest, type LinkSetupOptions } from './pairing.js';
export { linkEventOf, type CrossingOptions } from './what-crosses.js';
export { RegionRequestError } from './region-client.js';
export { answerInstruction, receiveInstructions } from './instructions.js';
