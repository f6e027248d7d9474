import type { Config } from '../../src/config/index.js';
import type { Connector, SocketTarget } from '../../src/images/image-intake.js';
import { IntakeImageSource } from '../../src/images/intake-image-source.js';
import { LoopbackGuard } from '../images/support/loopback-guard.js';
import { StubDns } from '../images/support/stub-dns.js';

export interface GuardedIntake {
  readonly dns: StubDns;
  /** Every socket the intake asked for, including those the guard refused. */
  readonly attempted: SocketTarget[];
  /** The sockets that really opened: loopback only. */
  readonly opened: SocketTarget[];
  /** For `startSubgraph({ images })`: the real intake with the config's limits, on stubbed DNS and the guarded connector. */
  build(config: Config): IntakeImageSource;
}

/**
 * The subgraph's real image intake with its two seams taken: DNS answers from `names` only, and a
 * connector that records every socket and refuses any that would leave loopback. Whatever the code
 * under test does, no socket leaves this machine's loopback.
 */
export function guardedIntake(names: Readonly<Record<string, readonly string[]>>): GuardedIntake {
  const dns = new StubDns(names);
  const guard = new LoopbackGuard();
  const opened: SocketTarget[] = [];
  const connect: Connector = async (target, open) => {
    const socket = await guard.connect(target, open);
    opened.push(target);
    return socket;
  };
  return {
    dns,
    attempted: guard.targets,
    opened,
    build: (config) => new IntakeImageSource({ ...config.images, resolve: dns.resolve, connect }),
  };
}
