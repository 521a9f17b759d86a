import { CsvRecordAssembler, parseCsvRecord } from './csv-record.parser';

describe('CSV records', () => {
  it('splits on commas outside quotes and unescapes doubled quotes', () => {
    const r = parseCsvRecord('LBY1,"Tripoli, Ain Zara","he said ""no"", twice",,3');
    expect(r.ok && r.value).toEqual(['LBY1', 'Tripoli, Ain Zara', 'he said "no", twice', '', '3']);
  });

  it('keeps line breaks inside a quoted field', () => {
    const r = parseCsvRecord('a,"line one\nline two",b');
    expect(r.ok && r.value).toEqual(['a', 'line one\nline two', 'b']);
  });

  it('reads a trailing empty field', () => {
    const r = parseCsvRecord('a,b,');
    expect(r.ok && r.value).toEqual(['a', 'b', '']);
  });

  it('refuses text after a closing quote and an unclosed quote', () => {
    expect(parseCsvRecord('"a"b,c').ok).toBe(false);
    expect(parseCsvRecord('"abc,d').ok).toBe(false);
  });

  it('assembles a record that spans lines, holding only that record', () => {
    const asm = new CsvRecordAssembler();
    expect(asm.push('LBY1,"first line', 10)).toBeUndefined();
    expect(asm.pending).toBe(true);
    expect(asm.push('second, line"" quoted', 11)).toBeUndefined();
    expect(asm.push('end",3', 12)).toBe('LBY1,"first line\nsecond, line"" quoted\nend",3');
    expect(asm.startLine).toBe(10);
    expect(asm.pending).toBe(false);
  });
});
