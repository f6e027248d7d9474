import { readFileSync } from 'node:fs';

/** What one kind of heap object adds up to: how many and their own bytes. */
export interface HeapClass {
  readonly name: string;
  readonly count: number;
  readonly bytes: number;
}

interface Snapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: readonly string[]; readonly node_types: readonly [readonly string[]] } };
  readonly nodes: readonly number[];
  readonly strings: readonly string[];
}

// Grouped as DevTools' summary groups them: objects by constructor, the rest by kind.
const KINDS: Readonly<Record<string, string>> = {
  string: '(string)',
  'concatenated string': '(string)',
  'sliced string': '(string)',
  array: '(array)',
  code: '(compiled code)',
  closure: '(closure)',
  hidden: '(system)',
  number: '(number)',
  regexp: '(regexp)',
  'object shape': '(system)',
  bigint: '(bigint)',
  symbol: '(symbol)',
};

/** Objects of a `.heapsnapshot` by class (constructor or kind), with their counts and self sizes. */
export function heapClasses(file: string): Map<string, HeapClass> {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field)) as [number, number, number];
  const classes = new Map<string, { count: number; bytes: number }>();
  for (let offset = 0; offset < snapshot.nodes.length; offset += fields.length) {
    const type = types[snapshot.nodes[offset + typeAt] as number] ?? 'unknown';
    const name = KINDS[type] ?? (type === 'object' ? (snapshot.strings[snapshot.nodes[offset + nameAt] as number] ?? '?') : `(${type})`);
    const entry = classes.get(name) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += snapshot.nodes[offset + sizeAt] as number;
    classes.set(name, entry);
  }
  return new Map([...classes].map(([name, entry]) => [name, { name, ...entry }]));
}

/** The classes that grew most in bytes from `before` to `after`, with their growth. */
export function heapGrowth(before: Map<string, HeapClass>, after: Map<string, HeapClass>, count: number): HeapClass[] {
  return [...after.values()]
    .map((entry) => {
      const earlier = before.get(entry.name);
      return { name: entry.name, count: entry.count - (earlier?.count ?? 0), bytes: entry.bytes - (earlier?.bytes ?? 0) };
    })
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}
