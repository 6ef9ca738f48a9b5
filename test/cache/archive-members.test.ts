/**
 * The judging of a cache archive's members, from GNU tar's own listing lines: which names land inside the cache
 * folder (unpacked from the workspace, as `@actions/cache` does), and which types may be unpacked at all.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  refusalOf,
  refusalOfArchive,
  type UnpackPlace,
  unpackPlace,
  whereMemberLands,
} from '../../src/cache/archive-members.ts';
import { type ListedMember, parseListingLine } from '../../src/cache/tar-listing.ts';

const STAMP = '0/0               3 2026-12-03 23:45';

describe('a line of tar -tv --numeric-owner --quoting-style=c', () => {
  it('reads a file, a folder and their sizes', () => {
    assert.deepEqual(parseListingLine(`-rw-r--r-- ${STAMP} "blobs/ab cd"`), {
      type: '-',
      name: 'blobs/ab cd',
      size: 3,
    });
    assert.deepEqual(parseListingLine(`drwxr-xr-x 1000/1000 0 2026-12-03 23:45:17.406985263 "../t/cache/"`), {
      type: 'd',
      name: '../t/cache/',
      size: 0,
    });
  });

  it('reads names with spaces, line breaks, quotes, backslashes and UTF-8 as tar escapes them', () => {
    const line = `-rw-r--r-- ${STAMP} "we ird\\nname \\"q\\" \\\\ \\303\\251 -> x"`;
    assert.equal(parseListingLine(line)?.name, 'we ird\nname "q" \\ é -> x');
  });

  it('reads links as links, whatever their name holds', () => {
    assert.equal(parseListingLine(`lrwxrwxrwx ${STAMP} "link" -> "/etc"`)?.type, 'l');
    assert.equal(parseListingLine(`hrw-r--r-- ${STAMP} "hard" link to "payload"`)?.type, 'h');
    // A file whose name pretends to be a link's arrow is still a file named so.
    assert.deepEqual(parseListingLine(`-rw-r--r-- ${STAMP} "a\\" -> \\"b"`)?.name, 'a" -> "b');
  });

  it('understands no other shape: unquoted, unterminated, trailing text, unknown escapes', () => {
    for (const line of [
      `-rw-r--r-- ${STAMP} plain-name`,
      `-rw-r--r-- ${STAMP} "open`,
      `-rw-r--r-- ${STAMP} "file" -> "elsewhere"`,
      `-rw-r--r-- ${STAMP} "bad \\q escape"`,
      `lrwxrwxrwx ${STAMP} "link"`,
      'tar: Removing leading `/` from member names',
      '',
    ]) {
      assert.equal(parseListingLine(line), undefined, line);
    }
  });
});

describe('where a member lands, unpacked from the workspace', () => {
  let root: string;
  let place: UnpackPlace;
  const member = (name: string, type = '-'): ListedMember => ({ type, name, size: 1 });

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'archive-members-'));
    await mkdir(path.join(root, 'work/repo/repo'), { recursive: true });
    await mkdir(path.join(root, 'temp/convert-documents-cache'), { recursive: true });
    await mkdir(path.join(root, 'elsewhere'), { recursive: true });
    // A symlink already on disk inside the workspace, leading out of it.
    await symlink(path.join(root, 'elsewhere'), path.join(root, 'work/repo/repo/planted'));
    place = await unpackPlace(
      path.join(root, 'work/repo/repo'),
      path.join(root, 'temp/convert-documents-cache'),
    );
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('lets the cache folder and what is inside it through, `./` and `..` steps included', async () => {
    for (const name of [
      '../../../temp/convert-documents-cache/',
      '../../../temp/convert-documents-cache/manifest.json',
      './../../../temp/convert-documents-cache/blobs/a b\nc',
      '../../../temp/convert-documents-cache/blobs/../manifest.json',
      `${root}/temp/convert-documents-cache/blobs/x`,
    ]) {
      assert.equal(await refusalOf(member(name), place), undefined, name);
    }
    assert.equal(
      await refusalOf(member('../../../temp/convert-documents-cache/blobs', 'd'), place),
      undefined,
    );
  });

  it('refuses a name whose `..` steps lead outside the cache folder', async () => {
    for (const name of [
      '../../escaped',
      '../../../temp/convert-documents-cache/../escaped',
      '../../../temp/convert-documents-cache-sibling/x',
      '../../../temp',
      'inside-the-workspace.txt',
    ]) {
      assert.match((await refusalOf(member(name), place)) ?? '', /leads outside the cache folder/, name);
    }
  });

  it('refuses an absolute name outside the cache folder', async () => {
    assert.match(
      (await refusalOf(member('/etc/cron.d/job'), place)) ?? '',
      /"\/etc\/cron.d\/job" is an absolute path outside the cache folder/,
    );
  });

  it('follows a symlink already on disk: a name through it lands where it leads', async () => {
    assert.equal(
      await whereMemberLands(place.base, 'planted/../x'),
      path.join(await import('node:fs/promises').then((fs) => fs.realpath(root)), 'x'),
    );
    assert.match((await refusalOf(member('planted/file'), place)) ?? '', /leads outside/);
  });

  it('refuses symlinks, hard links, devices and FIFOs even inside the cache folder', async () => {
    const inside = '../../../temp/convert-documents-cache/blobs/x';
    for (const [type, what] of [
      ['l', 'a symlink'],
      ['h', 'a hard link'],
      ['c', 'a character device'],
      ['b', 'a block device'],
      ['p', 'a FIFO'],
      ['V', 'a member of type "V"'],
    ]) {
      assert.match((await refusalOf(member(inside, type), place)) ?? '', new RegExp(`is ${what}`), type);
    }
  });

  it('judges a whole listing: the first bad member, too many members or bytes, a line not understood', async () => {
    const inside = (n: number) => member(`../../../temp/convert-documents-cache/blobs/${n}`);
    const listing = async function* (members: (ListedMember | undefined)[]) {
      yield* members;
    };
    const limits = { maxMembers: 3, maxBytes: 10 };
    assert.equal(await refusalOfArchive(listing([inside(1), inside(2)]), place, limits), undefined);
    assert.match(
      (await refusalOfArchive(listing([inside(1), member('../../x'), inside(2)]), place, limits)) ?? '',
      /"..\/..\/x" leads outside/,
    );
    assert.match(
      (await refusalOfArchive(listing([1, 2, 3, 4].map(inside)), place, limits)) ?? '',
      /more than 3 members/,
    );
    assert.match(
      (await refusalOfArchive(listing([{ ...inside(1), size: 11 }]), place, limits)) ?? '',
      /more than 10 bytes/,
    );
    assert.match((await refusalOfArchive(listing([inside(1), undefined]), place, limits)) ?? '', /listing/);
    assert.match((await refusalOfArchive(listing([]), place, limits)) ?? '', /no members/);
  });
});
