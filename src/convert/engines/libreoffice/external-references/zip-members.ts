/**
 * The members of a zip package (OOXML, ODF) that hold references, each streamed as text through yauzl (which
 * checks every inflated size against the central directory): within MAX_INFLATED_BYTES in all, MAX_MEMBERS
 * entries, one member at a time.
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export const MAX_INFLATED_BYTES = 256 * 1024 ** 2;
export const MAX_MEMBERS = 20_000;

/** What a scanner is handed: the member's name and its text as it inflates. */
export type MemberScan = (name: string, stream: Readable) => Promise<string | undefined>;

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) =>
      error || !zip ? reject(error ?? new Error('no zip')) : resolve(zip),
    );
  });
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

function openMember(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) =>
      error || !stream ? reject(error ?? new Error('no stream')) : resolve(stream),
    );
  });
}

/**
 * The first reference `scan` finds in a member `wanted` picks, or undefined. Throws when the file is not a zip,
 * is damaged, or holds more than the bounds allow (the caller refuses it: what cannot be read cannot be cleared).
 */
export async function scanZipMembers(
  file: string,
  wanted: (name: string) => boolean,
  scan: MemberScan,
): Promise<string | undefined> {
  const zip = await openZip(file).catch((error: Error) => {
    throw new Error(`it cannot be read as a zip package (${error.message})`);
  });
  try {
    let inflated = 0;
    for (let count = 0; ; count++) {
      if (count >= MAX_MEMBERS) throw new Error(`it has more than ${MAX_MEMBERS} members`);
      const entry = await nextEntry(zip);
      if (entry === undefined) return undefined;
      if (entry.fileName.endsWith('/') || !wanted(entry.fileName.toLowerCase())) continue;
      inflated += entry.uncompressedSize;
      if (inflated > MAX_INFLATED_BYTES)
        throw new Error(`its XML inflates to more than ${MAX_INFLATED_BYTES / 1024 ** 2} MiB`);
      const stream = await openMember(zip, entry);
      try {
        const found = await scan(entry.fileName, stream);
        if (found !== undefined) return found;
      } finally {
        stream.destroy();
      }
    }
  } finally {
    zip.close();
  }
}
