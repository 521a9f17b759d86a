interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (outcome: R) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit: items submitted while a commit is running wait for it, then all go together
 * in the next one. Batches of partitions consumed concurrently share one transaction this
 * way, instead of each waiting for the others' in turn.
 *
 * `commit(items)` returns one outcome per item, in order: a value, or an Error for that item
 * alone. If it throws, every item of the group gets that error. With `keyOf`, a group holds
 * at most one item per key; a second one waits for the next group (the scorer: one batch per
 * partition per transaction).
 *
 * A commit starts on the next turn of the event loop, not at the first submit: batches of
 * one fetch, handed out together, then share the first transaction too. Started at once,
 * the first partition's batch went alone and the scorer computed the national aggregate
 * from it and the others' old states, then again with the others: two national scores at
 * one instant, and an alert pair (critical -> high -> critical) that meant nothing.
 */
export class GroupCommit<T, R> {
  private readonly waiting: Array<Waiting<T, R>> = [];
  private draining = false;

  constructor(
    private readonly commit: (items: readonly T[]) => Promise<ReadonlyArray<R | Error>>,
    private readonly keyOf?: (item: T) => string,
  ) {}

  /** Resolves with the item's outcome once the commit that carried it is done. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const group = this.take();
        let outcomes: ReadonlyArray<R | Error>;
        try {
          outcomes = await this.commit(group.map((w) => w.item));
        } catch (err) {
          for (const w of group) w.reject(err);
          continue;
        }
        group.forEach((w, i) => {
          const outcome = outcomes[i] as R | Error;
          if (outcome instanceof Error) w.reject(outcome);
          else w.resolve(outcome);
        });
      }
    } finally {
      this.draining = false;
    }
  }

  /** Everything waiting, but with `keyOf` only the first item of each key. */
  private take(): Array<Waiting<T, R>> {
    const keyOf = this.keyOf;
    if (!keyOf) return this.waiting.splice(0, this.waiting.length);
    const keys = new Set<string>();
    const group: Array<Waiting<T, R>> = [];
    const later: Array<Waiting<T, R>> = [];
    for (const w of this.waiting) {
      const key = keyOf(w.item);
      if (keys.has(key)) later.push(w);
      else {
        keys.add(key);
        group.push(w);
      }
    }
    this.waiting.splice(0, this.waiting.length, ...later);
    return group;
  }
}
