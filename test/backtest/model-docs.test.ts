import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_MAPPING_PARAMS,
  DEFAULT_MODEL_PARAMS,
  MODEL_PARAM_DOCS,
  MODEL_VERSION,
  type ModelParamName,
} from '@crescent/domain';

// docs/model.md is the one place the model is described: it must name the version in force
// and document every parameter with its default.
const doc = readFileSync(resolve(__dirname, '../../docs/model.md'), 'utf8');

// Table rows as trimmed cells: | `name` | default | unit | ...
const rows = doc
  .split('\n')
  .filter((l) => l.startsWith('|'))
  .map((l) => l.split('|').map((c) => c.trim()));

describe('docs/model.md', () => {
  it('describes the model version the code runs', () => {
    expect(doc).toContain(`\`${MODEL_VERSION}\``);
  });

  it('lists every model parameter with its current default', () => {
    const missing = Object.entries(DEFAULT_MODEL_PARAMS).filter(([name, value]) => {
      const row = rows.find((cells) => cells[1] === `\`${name}\``);
      return (
        row === undefined ||
        row[2] !== String(value) ||
        MODEL_PARAM_DOCS[name as ModelParamName] === undefined
      );
    });
    expect(missing.map(([name]) => name)).toEqual([]);
  });

  it('lists every mapper parameter with its current default', () => {
    // Scalars as `| \`name\` | default | ...`; the per-type ones in one row per type:
    // `| \`type\` | typeWeight | radiusKm |`.
    const column = { typeWeight: 2, radiusKm: 3 } as const;
    const wrong = Object.entries(DEFAULT_MAPPING_PARAMS).filter(([name, value]) => {
      const [family, type] = name.split('.');
      const perType = type !== undefined && (family === 'typeWeight' || family === 'radiusKm');
      const row = rows.find((cells) => cells[1] === `\`${perType ? type : name}\``);
      return row?.[perType ? column[family] : 2] !== String(value);
    });
    expect(wrong.map(([name]) => name)).toEqual([]);
  });
});
