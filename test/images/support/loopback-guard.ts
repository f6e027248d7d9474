import ipaddr from 'ipaddr.js';
import type { Connector, SocketTarget } from '../../../src/images/image-intake.js';

/**
 * The connector every image test uses: it records each socket the intake asks for and refuses any
 * that would leave loopback, so no test can reach a real network whatever the code under test does.
 */
export class LoopbackGuard {
  readonly targets: SocketTarget[] = [];

  readonly connect: Connector = async (target, open) => {
    this.targets.push(target);
    if (ipaddr.process(target.address).range() !== 'loopback') {
      throw new Error(`loopback guard: refused a socket to ${target.address}`);
    }
    return open();
  };

  get addresses(): string[] {
    return this.targets.map((target) => target.address);
  }
}
