/**
 * What an HTML page makes a reader load: the src, href, data and background addresses of the elements that load
 * them, and CSS url()/@import in style attributes and <style>. Tokenised with parse5 as the file streams, so a
 * page of any size is read in bounded memory. Shared by LibreOffice's external-reference scan and the browser's
 * list of the workspace files a page uses.
 */
import { type TokenHandler, Tokenizer, TokenizerMode } from 'parse5';
import { cssAddresses } from './css.ts';

/** A <style> element's text is held up to this to be read whole; a longer one is refused. */
export const MAX_STYLE_CHARS = 1024 * 1024;

/** Element → its attributes that LibreOffice (or any HTML reader) loads. `background` and `style` count on all. */
const LOADING_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  img: ['src', 'lowsrc', 'srcset', 'dynsrc'],
  image: ['src', 'href'],
  input: ['src'],
  script: ['src'],
  iframe: ['src'],
  frame: ['src'],
  embed: ['src'],
  object: ['data', 'codebase'],
  applet: ['code', 'codebase', 'archive'],
  link: ['href'],
  base: ['href'],
  bgsound: ['src'],
  audio: ['src'],
  video: ['src', 'poster'],
  source: ['src', 'srcset'],
  track: ['src'],
};

const TEXT_MODES: Readonly<Record<string, Tokenizer['state']>> = {
  style: TokenizerMode.RAWTEXT,
  script: TokenizerMode.SCRIPT_DATA,
  textarea: TokenizerMode.RCDATA,
  title: TokenizerMode.RCDATA,
};

/** One address a page loads, and how it is written there (`<img src> a.png`, `<style> url(a.png)`). */
export interface PageAddress {
  address: string;
  written: string;
}

function attributeAddresses(tagName: string, name: string, value: string): PageAddress[] {
  if (name === 'style') {
    return cssAddresses(value).map(({ address, written }) => ({
      address,
      written: `<${tagName} style> ${written}`,
    }));
  }
  const loads = name === 'background' || (LOADING_ATTRIBUTES[tagName] ?? []).includes(name);
  if (!loads) return [];
  // srcset is a list: `a.png 1x, http://… 2x`.
  const addresses =
    name === 'srcset' ? value.split(',').map((part) => part.trim().split(/\s+/)[0] ?? '') : [value];
  return addresses.map((address) => ({ address, written: `<${tagName} ${name}> ${address}` }));
}

/**
 * Calls `visit` with each address the page loads, in page order, until it returns true. Throws on a <style> past
 * MAX_STYLE_CHARS (its addresses could not all be seen).
 */
export async function visitHtmlAddresses(
  chunks: AsyncIterable<string>,
  visit: (found: PageAddress) => boolean | undefined,
): Promise<void> {
  let stopped = false;
  let style: string | undefined;
  const see = (found: readonly PageAddress[]) => {
    for (const one of found) if (!stopped) stopped = visit(one) === true;
  };
  const styleAddresses = (css: string) =>
    cssAddresses(css).map(({ address, written }) => ({ address, written: `<style> ${written}` }));
  const tokenizer: Tokenizer = new Tokenizer({}, {
    onStartTag(token) {
      for (const { name, value } of token.attrs) see(attributeAddresses(token.tagName, name, value));
      const mode = TEXT_MODES[token.tagName];
      if (mode !== undefined && !token.selfClosing) tokenizer.state = mode;
      if (token.tagName === 'style') style = '';
    },
    onEndTag(token) {
      if (token.tagName === 'style' && style !== undefined) {
        see(styleAddresses(style));
        style = undefined;
      }
    },
    onCharacter(token) {
      if (style === undefined) return;
      style += token.chars;
      if (style.length > MAX_STYLE_CHARS)
        throw new Error(`it has a <style> longer than ${MAX_STYLE_CHARS} characters`);
    },
    onWhitespaceCharacter(token) {
      if (style !== undefined) style += token.chars;
    },
    onNullCharacter() {},
    onComment() {},
    onDoctype() {},
    onEof() {},
  } satisfies TokenHandler);
  for await (const chunk of chunks) {
    tokenizer.write(chunk, false);
    if (stopped) return;
  }
  tokenizer.write('', true);
  // A <style> left open at the end is read as far as it goes.
  if (style !== undefined) see(styleAddresses(style));
}
