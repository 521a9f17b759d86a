import { LIBYA_REGISTRY } from '@crescent/domain';
import { parseOutcomes } from './outcomes-file';

describe('outcomes CSV', () => {
  it('reads recorded outages, an empty end meaning ongoing, and quoted sources', () => {
    const r = parseOutcomes(
      'asset_id,start,end,lost_kbd,source\nes-sider,2020-01-18,2020-10-23,330,"NOC, 18 Jan"\nsharara,2020-06-09,,290,x\n',
      'o.csv',
      LIBYA_REGISTRY,
    );
    expect(r.rejections).toEqual([]);
    expect(r.outcomes).toEqual([
      {
        assetId: 'es-sider',
        startMs: Date.UTC(2020, 0, 18),
        endMs: Date.UTC(2020, 9, 23),
        lostKbd: 330,
        source: 'NOC, 18 Jan',
      },
      { assetId: 'sharara', startMs: Date.UTC(2020, 5, 9), endMs: null, lostKbd: 290, source: 'x' },
    ]);
  });

  it('lists each bad line with its line number and reason, and keeps the good ones', () => {
    const r = parseOutcomes(
      'asset_id,start,end,lost_kbd,source\natlantis,2020-01-18,,1,x\nbrega,18/01/2020,,1,x\nbrega,2020-02-01,2020-01-01,1,x\nbrega,2020-01-18,2020-09-19,65,ok\n',
      'o.csv',
      LIBYA_REGISTRY,
    );
    expect(r.outcomes.map((o) => o.assetId)).toEqual(['brega']);
    expect(r.rejections.map((x) => [x.line, x.code])).toEqual([
      [2, 'invalid_field'],
      [3, 'invalid_date'],
      [4, 'invalid_field'],
    ]);
    expect(r.rejections[0]!.reason).toContain('atlantis');
  });

  it('refuses a file whose header is not the agreed one', () => {
    expect(parseOutcomes('asset,start\n', 'o.csv', LIBYA_REGISTRY).rejections[0]).toMatchObject({
      line: 1,
      code: 'bad_header',
    });
  });
});
