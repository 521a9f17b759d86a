import { decide } from './ingest.service';

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
    // Even when the event is irrelevant: the backtest refuses it too (see storableEvent).
    const irrelevant = Buffer.from(
      JSON.stringify({ ...FORCE_MAJEURE, type: 'irrelevant', summary: 'x @@' }).replace('@@', '\\u0000'),
    );
    expect(decide('0', irrelevant).rejection?.code).toBe('invalid_field');
    // A well-formed pair (an emoji) is text like any other.
    expect(decide('0', withEscape('summary', '\\ud83d\\udee2')).outcome).toBe('accepted');
  });
});
