/** What an HTML page makes LibreOffice fetch: the first address of page-references/html.ts that is fetchable. */
import { visitHtmlAddresses } from '../../page-references/html.ts';
import { isFetchable } from './fetchable.ts';

/** The first reference LibreOffice would fetch, or undefined. Throws on a <style> past MAX_STYLE_CHARS. */
export async function htmlReference(chunks: AsyncIterable<string>): Promise<string | undefined> {
  let found: string | undefined;
  await visitHtmlAddresses(chunks, ({ address, written }) => {
    if (!isFetchable(address)) return false;
    found = written;
    return true;
  });
  return found;
}
