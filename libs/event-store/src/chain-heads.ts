/** The last known hash of a stream, at a revision. */
export interface ChainHead {
  revision: number;
  hash: string;
}

/** The most recently used streams' chain heads; the oldest entries go first when full. */
export class ChainHeads {
  private readonly heads = new Map<string, ChainHead>();

  constructor(private readonly capacity = 10_000) {}

  get(stream: string): ChainHead | undefined {
    return this.heads.get(stream);
  }

  set(stream: string, head: ChainHead): void {
    this.heads.delete(stream);
    this.heads.set(stream, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }

  forget(stream: string): void {
    this.heads.delete(stream);
  }
}
