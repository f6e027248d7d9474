import { AccessAudit } from '../../src/auth/access-audit.js';
import { RequestAccess } from '../../src/auth/request-access.js';
import type { Logger } from '../../src/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { Session } from '../../src/session.js';
import { capturingLogger } from './silent-logger.js';

/** A request that may read and write `session`, as every request may under AUTH_MODE=none. */
export function openAccess(session: Session, logger: Logger = capturingLogger()): RequestAccess {
  return new RequestAccess(
    { principal: null, session: session.name },
    { kind: 'allowed', session, writeRefused: null },
    new AccessAudit(logger, createMetrics().authRefusals),
  );
}
