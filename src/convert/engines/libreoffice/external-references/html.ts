/**
 * What an HTML page makes LibreOffice load: src, href, data and background addresses of the elements that load
 * them, and CSS url()/@import in style attributes and <style>. Tokenised with parse5 as the file streams.
 */
import { type TokenHandler, Tokenizer, TokenizerMode } from 'parse5';
import { cssReference } from './css.ts';
import { isFetchable } from './fetchable.ts';

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

function attributeReference(tagName: string, name: string, value: string): string | undefined {
  if (name === 'style') {
    const css = cssReference(value);
    return css === undefined ? undefined : `<${tagName} style> ${css}`;
  }
  const loads = name === 'background' || (LOADING_ATTRIBUTES[tagName] ?? []).includes(name);
  if (!loads) return undefined;
  // srcset is a list: `a.png 1x, http://… 2x`.
  const addresses =
    name === 'srcset' ? value.split(',').map((part) => part.trim().split(/\s+/)[0] ?? '') : [value];
  const fetched = addresses.find(isFetchable);
  return fetched === undefined ? undefined : `<${tagName} ${name}> ${fetched}`;
}

/** The first reference LibreOffice would fetch, or undefined. Throws on a <style> past MAX_STYLE_CHARS. */
export async function htmlReference(chunks: AsyncIterable<string>): Promise<string | undefined> {
  let found: string | undefined;
  let style: string | undefined;
  const tokenizer: Tokenizer = new Tokenizer({}, {
    onStartTag(token) {
      for (const { name, value } of token.attrs) found ??= attributeReference(token.tagName, name, value);
      const mode = TEXT_MODES[token.tagName];
      if (mode !== undefined && !token.selfClosing) tokenizer.state = mode;
      if (token.tagName === 'style') style = '';
    },
    onEndTag(token) {
      if (token.tagName === 'style' && style !== undefined) {
        const css = cssReference(style);
        if (css !== undefined) found ??= `<style> ${css}`;
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
    if (found !== undefined) return found;
  }
  tokenizer.write('', true);
  // A <style> left open at the end is read as far as it goes.
  if (found === undefined && style !== undefined) {
    const css = cssReference(style);
    if (css !== undefined) found = `<style> ${css}`;
  }
  return found;
}
