import { describe, it, expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import { renderReport } from '../../../src/report/render/index.js';
import { escapeHtml } from '../../../src/report/render/html.js';
import { XSS_NAME, XSS_OU, fixtureComparison, fixtureReport } from './report-fixture.js';
import { defined, only } from '../../helpers/elements.js';

describe('HTML report, as text', () => {
  const report = fixtureReport();
  const html = renderReport(report, 'html', { color: false, comparison: fixtureComparison() });

  it('is one self-contained file: no external src or href, a single inline script allowed by hash', () => {
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b|@import|url\(/i);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(html.match(/<script/g)).toHaveLength(1);
    const hash = createHash('sha256')
      .update(defined(only(scripts, 'script')[1], 'the script body'))
      .digest('base64');
    // The policy sits in an attribute, so its quotes are escaped.
    expect(html).toContain(`script-src &#39;sha256-${hash}&#39;`);
    expect(html).toContain('default-src &#39;none&#39;');
  });

  it('escapes every string from the data', () => {
    expect(html).toContain(escapeHtml(XSS_NAME));
    expect(html).toContain(escapeHtml(XSS_OU));
    expect(html).not.toContain('<img');
    expect(html).not.toContain('window.__xss = 1</script>');
  });

  it('escapes the five characters HTML gives meaning to', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});
