import { GroupCommit } from './group-commit';

/** A commit function that records each group and waits for `release` before answering. */
function recorder(answer: (items: readonly string[]) => Array<number | Error> | Error) {
  const groups: string[][] = [];
  const gates: Array<() => void> = [];
  const commit = async (items: readonly string[]) => {
    groups.push([...items]);
    await new Promise<void>((r) => gates.push(r));
    const out = answer(items);
    if (out instanceof Error) throw out;
    return out;
  };
  const release = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { groups, commit, release };
}

/** One turn of the event loop: a group submitted before it has started committing. */
const turn = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('items submitted in one turn of the event loop (the batches of one fetch) share the first commit', async () => {
    const r = recorder((items) => items.map((i) => i.length));
    const group = new GroupCommit<string, number>(r.commit);
    const all = Promise.all([group.submit('a'), group.submit('bb'), group.submit('ccc')]);
    await r.release();
    expect(await all).toEqual([1, 2, 3]);
    expect(r.groups).toEqual([['a', 'bb', 'ccc']]);
  });

  it('items that arrive during a commit go together in the next one, each with its own outcome', async () => {
    const r = recorder((items) => items.map((i) => (i === 'bad' ? new Error(`no ${i}`) : i.length)));
    const group = new GroupCommit<string, number>(r.commit);
    const first = group.submit('a');
    await turn();
    const rest = Promise.allSettled([group.submit('bb'), group.submit('bad'), group.submit('cccc')]);
    await r.release();
    await r.release();
    expect(await first).toBe(1);
    expect(await rest).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('no bad') },
      { status: 'fulfilled', value: 4 },
    ]);
    expect(r.groups).toEqual([['a'], ['bb', 'bad', 'cccc']]);
  });

  it('a commit that throws fails every item of its group; the next group still runs', async () => {
    let calls = 0;
    const r = recorder((items) => (++calls === 2 ? new Error('down') : items.map(() => 0)));
    const group = new GroupCommit<string, number>(r.commit);
    const first = group.submit('a');
    await turn();
    const failed = Promise.allSettled([group.submit('b'), group.submit('c')]);
    await r.release();
    await r.release();
    await first;
    expect((await failed).map((o) => o.status)).toEqual(['rejected', 'rejected']);
    const again = group.submit('b');
    await r.release();
    expect(await again).toBe(0);
    expect(r.groups).toEqual([['a'], ['b', 'c'], ['b']]);
  });

  it('with a key, a group holds one item per key and a second one waits for the next group, in order', async () => {
    const r = recorder((items) => items.map(() => 0));
    const group = new GroupCommit<string, number>(r.commit, (item) => item.slice(0, 2));
    const first = group.submit('p0-a');
    await turn();
    const rest = ['p0-b', 'p1-a', 'p0-c', 'p1-b', 'p2-a'].map((i) => group.submit(i));
    for (let i = 0; i < 3; i++) await r.release();
    await Promise.all([first, ...rest]);
    expect(r.groups).toEqual([['p0-a'], ['p0-b', 'p1-a', 'p2-a'], ['p0-c', 'p1-b']]);
  });
});
