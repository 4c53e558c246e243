import type { Handlers } from '../pipeline.js';
import { deviceStatus, type HandlerDeps } from './common.js';

/** The hall display sends only its state; it listens to the batches. */
export function displayHandlers({ hub }: HandlerDeps): Handlers<'display'> {
  return { device_status: { run: deviceStatus(hub) } };
}
