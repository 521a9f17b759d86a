/**
 * A trie over word tokens: finds the longest known phrase starting at a token, with one
 * map lookup per word of the candidate. Built once per table; read-only afterwards.
 */
interface TrieNode<T> {
  readonly next: Map<string, TrieNode<T>>;
  value?: T;
}

export interface PhraseMatch<T> {
  readonly value: T;
  /** Number of tokens the phrase covers. */
  readonly length: number;
}

export class PhraseTrie<T> {
  private readonly root: TrieNode<T> = { next: new Map() };

  /** Adds a phrase (already tokenised). The first value added for a phrase wins. */
  add(words: readonly string[], value: T): void {
    if (words.length === 0) return;
    let node = this.root;
    for (const w of words) {
      let child = node.next.get(w);
      if (child === undefined) {
        child = { next: new Map() };
        node.next.set(w, child);
      }
      node = child;
    }
    if (node.value === undefined) node.value = value;
  }

  /** The words phrases start with. */
  firstWords(): IterableIterator<string> {
    return this.root.next.keys();
  }

  /** Longest phrase starting at `words[from]` and ending before `limit`. */
  longestAt(words: readonly string[], from: number, limit = words.length): PhraseMatch<T> | undefined {
    let node: TrieNode<T> | undefined = this.root;
    let best: PhraseMatch<T> | undefined;
    for (let i = from; i < limit; i++) {
      const w = words[i];
      if (w === undefined) break;
      node = node.next.get(w);
      if (node === undefined) break;
      if (node.value !== undefined) best = { value: node.value, length: i - from + 1 };
    }
    return best;
  }
}
