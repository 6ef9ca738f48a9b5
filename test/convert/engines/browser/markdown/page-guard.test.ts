import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { guardPage } from '../../../../../src/convert/engines/browser/markdown/page-guard.ts';

function el(
  tagName: string,
  properties: Element['properties'] = {},
  children: Element['children'] = [],
): Element {
  return { type: 'element', tagName, properties, children };
}

describe('guardPage', () => {
  it("drops whatever a plugin might add that runs or loads, whatever the sanitiser's allow-list said", () => {
    const tree: Root = {
      type: 'root',
      children: [
        el('script', {}, [{ type: 'text', value: 'alert(1)' }]),
        el('iframe', { src: 'http://127.0.0.1:9/' }),
        el('p', { onClick: 'alert(1)', className: ['kept'] }, [{ type: 'text', value: 'text' }]),
        el('a', { href: ' java\tscript:alert(1)' }, [{ type: 'text', value: 'js' }]),
        el('a', { href: 'https://example.com/' }, [{ type: 'text', value: 'link' }]),
        el('img', { src: 'http://127.0.0.1:9/x.png', alt: 'remote' }),
        el('img', { src: 'data:image/png;base64,AAAA', alt: 'inlined' }),
        el('span', { style: 'background: url(http://127.0.0.1:9/x)' }),
        el('span', { style: 'color: red' }),
      ],
    };
    guardPage(tree);
    assert.equal(
      toHtml(tree),
      '<p class="kept">text</p><a>js</a><a href="https://example.com/">link</a><img alt="remote">' +
        '<img src="data:image/png;base64,AAAA" alt="inlined"><span></span><span style="color: red"></span>',
    );
  });
});
