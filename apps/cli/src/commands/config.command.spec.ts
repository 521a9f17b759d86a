import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configMarkdownTable, configVariables } from '@crescent/config';

/** Table rows as trimmed cells, alignment and the separator row ignored. */
function cells(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.trim().startsWith('|') && !/^\|\s*-/.test(l.trim()))
    .map((l) =>
      l
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

describe('configuration documentation', () => {
  it("the README's configuration table is the one generated from the apps' config schemas", () => {
    const readme = readFileSync(resolve(__dirname, '../../../../README.md'), 'utf8');
    const section = /<!-- config:start -->([\s\S]*?)<!-- config:end -->/.exec(readme)?.[1] ?? '';
    expect(cells(section)).toEqual(cells(configMarkdownTable()));
  });

  it('every variable has a meaning', () => {
    for (const v of configVariables()) expect(v.description).not.toBe('');
  });
});
