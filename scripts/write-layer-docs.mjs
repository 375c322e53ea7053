/**
 * Writes the declared layer map (layer-map.cjs) into docs/architecture.md, between its layer-map markers.
 * test/layer-map.test.ts fails when the page and the table differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const page = fileURLToPath(new URL('../docs/architecture.md', import.meta.url));
const { markdownTable } = createRequire(import.meta.url)('../layer-map.cjs');
const text = readFileSync(page, 'utf8');
const markers = /(<!-- layer-map:begin[^>]*-->\n)[\s\S]*?\n?(<!-- layer-map:end -->)/;
if (!markers.test(text)) throw new Error(`${page}: no <!-- layer-map:begin --> … <!-- layer-map:end --> markers`);
writeFileSync(
  page,
  text.replace(markers, (_, begin, end) => `${begin}${markdownTable()}\n${end}`),
);
