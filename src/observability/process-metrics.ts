import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | undefined;

/**
 * Node's default process metrics (CPU, memory, event-loop lag, GC, handles), in one registry per
 * process: they describe the process, not an app, and prom-client's collectors (an event-loop
 * monitor, a GC observer) cannot be stopped, so each app making its own would leak them.
 */
export function processMetrics(): Registry {
  if (shared === undefined) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
