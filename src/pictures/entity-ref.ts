/** The representation of a Chat, Contact or Group that the router sends: its key and nothing else. */
export interface EntityRef {
  id: string;
}
