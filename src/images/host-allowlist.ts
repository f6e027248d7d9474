/**
 * The only hosts a download may go to, as an operator writes them: `pps.whatsapp.net` (any port),
 * `127.0.0.1:8080` (that port only), `*.example.net` (subdomains, not the apex). Unlike the
 * intake's `allowHosts`, which exempts hosts from the private-address rule, this list confines:
 * a host it does not name is refused before any DNS lookup, on the first URL and on every redirect.
 */
export interface HostAllowlist {
  matches(hostname: string, port: number): boolean;
  /** The entries as given, for messages and logs. */
  readonly entries: readonly string[];
}

interface Rule {
  readonly host: string;
  readonly wildcard: boolean;
  readonly port: number | null;
}

const ENTRY = /^(\*\.)?(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/;

function parseRule(entry: string): Rule {
  const match = ENTRY.exec(entry);
  const port = match?.[3] === undefined ? null : Number(match[3]);
  if (match === null || (port !== null && (port < 1 || port > 65_535)) || (match[1] !== undefined && match[2]?.startsWith('['))) {
    throw new Error(`expected comma-separated host, host:port or *.domain entries, got ${JSON.stringify(entry)}`);
  }
  return { host: (match[2] as string).replace(/^\[(.*)\]$/, '$1'), wildcard: match[1] !== undefined, port };
}

export function parseHostAllowlist(value: string): HostAllowlist {
  const entries = value
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  const rules = entries.map(parseRule);
  return {
    entries,
    matches(hostname, port) {
      const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
      return rules.some(
        (rule) => (rule.port === null || rule.port === port) && (rule.wildcard ? host.endsWith(`.${rule.host}`) : host === rule.host),
      );
    },
  };
}

/** Both lists' hosts: an operator's list plus hosts the process trusts itself (the demo's own origin). */
export function joinHostAllowlists(...lists: readonly HostAllowlist[]): HostAllowlist {
  return {
    entries: lists.flatMap((list) => list.entries),
    matches: (hostname, port) => lists.some((list) => list.matches(hostname, port)),
  };
}
