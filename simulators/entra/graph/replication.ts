// Entra writes land in one replica and reach the others a little later: a service principal just
// created by instantiate can answer 404 for a while. Objects registered here stay invisible to
// reads until their delay has passed, so callers have to poll the way they must against Entra.

export class Replication {
  private readonly hiddenUntil = new Map<string, number>();

  constructor(
    private readonly delayMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  created(id: string): void {
    if (this.delayMs > 0) this.hiddenUntil.set(id, this.now() + this.delayMs);
  }

  visible(id: string): boolean {
    const until = this.hiddenUntil.get(id);
    if (until === undefined) return true;
    if (this.now() >= until) {
      this.hiddenUntil.delete(id);
      return true;
    }
    return false;
  }
}
