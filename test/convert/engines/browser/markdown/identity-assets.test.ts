import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  MARKDOWN_RENDERER_IDENTITY,
  mermaidScript,
} from '../../../../../src/convert/engines/browser/markdown/index.ts';

describe('MARKDOWN_RENDERER_IDENTITY', () => {
  it('names the versions actually installed, so a dependency update changes the cache key', async () => {
    const {
      'markdown-page': own,
      katex,
      'hast-util-sanitize': sanitize,
      ...direct
    } = MARKDOWN_RENDERER_IDENTITY;
    assert.match(own ?? '', /^\d+$/);
    for (const [name, version] of Object.entries(direct)) {
      const pkg = JSON.parse(await fs.readFile(path.join('node_modules', name, 'package.json'), 'utf8'));
      assert.equal(version, pkg.version, name);
    }
    // The ones used through another package: the copy that package loads.
    const katexPkg = 'node_modules/rehype-katex/node_modules/katex/package.json';
    const katexPath = (await fs.stat(katexPkg).catch(() => undefined))
      ? katexPkg
      : 'node_modules/katex/package.json';
    assert.equal(katex, JSON.parse(await fs.readFile(katexPath, 'utf8')).version);
    const sanitizePkg = 'node_modules/hast-util-sanitize/package.json';
    assert.equal(sanitize, JSON.parse(await fs.readFile(sanitizePkg, 'utf8')).version);
  });
});

describe('mermaidScript', () => {
  it("is mermaid's own browser build, byte for byte, read from disk", async () => {
    const script = await mermaidScript();
    const shipped = await fs.readFile('node_modules/mermaid/dist/mermaid.min.js', 'utf8');
    assert.equal(script, shipped);
    assert.match(script, /globalThis\.mermaid|\bmermaid\b/);
  });
});
