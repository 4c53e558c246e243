import type { HandlerTable } from '../pipeline.js';
import { adminHandlers } from './admin.js';
import type { HandlerDeps } from './common.js';
import { displayHandlers } from './display.js';
import { kioskHandlers } from './kiosk.js';
import { rateHandlers } from './rate.js';
import { windowHandlers } from './window.js';

export type { HandlerDeps } from './common.js';

/** Every role's handlers, one file per role. */
export function handlersFor(deps: HandlerDeps): HandlerTable {
  return {
    kiosk: kioskHandlers(deps),
    window: windowHandlers(deps),
    rate: rateHandlers(deps),
    display: displayHandlers(deps),
    admin: adminHandlers(deps),
  };
}
