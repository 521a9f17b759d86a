import { DateTime } from 'luxon';
import { decide } from './ingest.service';
import { findUnstorableText } from './storable-text';

const FORCE_MAJEURE = {
  kind: 'event',
  id: 'fm-1',
  occurredAt: '2020-01-18T12:00:00Z',
  type: 'force_majeure_declared',
  location: { name: 'Es Sider' },
  assets: ['es-sider'],
  actors: ['noc', 'lna'],
  severity: 0.9,
  summary: 'NOC declares force majeure at Es Sider',
};

/** The JSON text of the event with `marker` in its summary replaced by `escape`, as a producer could write it. */
function withEscape(field: 'summary' | 'id', escape: string): Buffer {
  const text = JSON.stringify({ ...FORCE_MAJEURE, [field]: `${FORCE_MAJEURE[field]} @@` });
  return Buffer.from(text.replace('@@', escape));
}

describe('text the event store cannot keep', () => {
  it('finds NUL and lone surrogates anywhere in objects and arrays, and names the path', () => {
    expect(findUnstorableText({ a: 'fine', b: ['ok', { c: 'x\u0000y' }] })).toBe('b[1].c');
    expect(findUnstorableText({ s: 'x\ud800' })).toBe('s');
    expect(findUnstorableText({ s: '\udc00x' })).toBe('s');
    expect(findUnstorableText([{ a: [['ok', 'x\u0000']] }])).toBe('[0].a[0][1]');
    expect(findUnstorableText('\u0000')).toBe('(value)');
    expect(findUnstorableText(['\ud83d\udee2 oil, é, \u202e, \\u0000'])).toBeUndefined();
    expect(findUnstorableText({ at: DateTime.utc(2020, 1, 18), n: 1, b: true, z: null })).toBeUndefined();
  });

  it('the ingestor dead-letters an otherwise valid event holding \\u0000 or a lone surrogate, instead of failing its batch forever', () => {
    expect(decide('0', Buffer.from(JSON.stringify(FORCE_MAJEURE))).outcome).toBe('accepted');
    for (const value of [
      withEscape('summary', '\\u0000'),
      withEscape('id', '\\ud800'),
      withEscape('summary', '\\udc00'),
    ]) {
      const d = decide('0', value);
      expect(d.outcome).toBe('rejected');
      expect(d.rejection?.code).toBe('invalid_field');
      expect(d.rejection?.reason).toMatch(/NUL character or a lone UTF-16 surrogate/);
      expect(d.rejection?.field).toMatch(/^event\.(summary|id)$/);
    }
    // A well-formed pair (an emoji) is text like any other.
    expect(decide('0', withEscape('summary', '\\ud83d\\udee2')).outcome).toBe('accepted');
  });
});
