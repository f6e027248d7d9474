/** A group picture the demo provider was given, in both sizes it serves. */
export interface StoredDemoPicture {
  /** Changes on every set, even to the same bytes; also the picture's id and a segment of its URL. */
  readonly version: string;
  readonly full: Buffer;
  readonly preview: Buffer;
}

/** What a write left behind for a group: its picture, or the fact that it was removed. */
export type DemoGroupPicture = StoredDemoPicture | 'removed';

/**
 * The demo provider's written group pictures, in memory and bounded: past `maxGroups`, the group
 * set least recently is forgotten and shows its generated picture again. Reads do not count as use,
 * so a busy gallery cannot keep one group's bytes alive forever.
 */
export class DemoPictureStore {
  readonly #entries = new Map<string, DemoGroupPicture>();
  readonly #maxGroups: number;

  constructor(maxGroups: number) {
    this.#maxGroups = maxGroups;
  }

  get(group: string): DemoGroupPicture | undefined {
    return this.#entries.get(group);
  }

  put(group: string, picture: DemoGroupPicture): void {
    // A Map iterates in insertion order: re-inserting moves the group to the newest end.
    this.#entries.delete(group);
    this.#entries.set(group, picture);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxGroups) {
        break;
      }
      this.#entries.delete(oldest);
    }
  }
}
