/**
 * The bundle converting real documents with LibreOffice on this machine (engine: libreoffice). Tests that need
 * soffice (or poppler's pdffonts) skip, saying why, when it is missing; under CI=true a missing one is a failure,
 * because .ci/run installs them.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import jpeg from 'jpeg-js';
import { findSoffice } from '../../src/convert/engines/libreoffice/soffice.ts';
import { decodePng, openPdf, type PageImage } from '../../src/pdf/pages.ts';
import {
  hangingSoffice,
  isAlive,
  loggingSoffice,
  sabotagingSoffice,
  unoPythonBeside,
} from '../convert/engines/libreoffice/fake-soffice.ts';
import { docxMembers, writeZip } from '../convert/engines/libreoffice/linked-documents.ts';
import { listOutputs } from './fixtures.ts';
import {
  type ActionRun,
  explain,
  FAKE_GITHUB_TOKEN,
  type FileEntry,
  filesOf,
  removeTempWorkspaces,
  repoRoot,
  runAction,
  tempWorkspace,
} from './run-action.ts';

const FIXTURES = path.join(repoRoot, 'test/fixtures/documents');
const BANGERS = path.join(
  repoRoot,
  'node_modules/@expo-google-fonts/bangers/400Regular/Bangers_400Regular.ttf',
);
const soffice = findSoffice(process.env.PATH ?? '');
/** Whether this machine lets a process make a network namespace (else the engine refuses what would reach out). */
const namespacesWork = (() => {
  try {
    execFileSync('unshare', ['--net', '--map-root-user', 'true']);
    return true;
  } catch {
    return false;
  }
})();
const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Runs `use` with a server on 127.0.0.1 that answers every request with a PNG and records its path. */
async function withCountingServer(use: (base: string, requests: string[]) => Promise<void>): Promise<void> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'image/png' }).end(ONE_PIXEL_PNG);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests);
  } finally {
    server.close();
  }
}

/** The summary's text without Markdown's escapes. */
function unescaped(markdown: string): string {
  return markdown.replaceAll('\\', '');
}

/**
 * Processes whose command line names a folder under `folder` (the run's profiles live in RUNNER_TEMP). With
 * `binariesOnly`, only LibreOffice's own programs (oosplash, soffice.bin): a wrapper seen before it has exec'd
 * into the namespace and the memory limit is not yet what LibreOffice runs as.
 */
function libreOfficeProcessesUnder(folder: string, binariesOnly = false): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const program = commandLine.split('\0')[0] ?? '';
      const isLibreOffice = binariesOnly
        ? /(oosplash|soffice\.bin)$/.test(program)
        : /soffice|oosplash/.test(commandLine);
      if (commandLine.includes(folder) && isLibreOffice && isAlive(Number(entry))) {
        found.push(Number(entry));
      }
    } catch {
      // It ended meanwhile.
    }
  }
  return found;
}

/** The engine's UNO helpers (uno_bridge.py) of a run whose temporary folder is `folder`: their HOME is inside it. */
function unoBridgesOf(folder: string): number[] {
  const candidates = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
  return candidates.filter((pid) => {
    try {
      return (
        // The Python itself, not a wrapper before its exec (whose memory limit is not yet set).
        /^[^\0]*python[\d.]*\0[^\0]*uno_bridge\.py\0/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8')) &&
        readFileSync(`/proc/${pid}/environ`, 'utf8').includes(folder) &&
        isAlive(pid)
      );
    } catch {
      return false;
    }
  });
}
const pdffonts = onPath('pdffonts');
/** The system's Python when it has LibreOffice's UNO module (python3-uno). */
const unoPython = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import uno']);
    return '/usr/bin/python3';
  } catch {
    return undefined;
  }
})();

/** `false` to run; a reason to skip. Under CI the test runs anyway and fails on the missing tool. */
function needs(tools: Record<string, string | undefined>): false | string {
  const missing = Object.entries(tools).filter(([, found]) => found === undefined);
  if (missing.length === 0 || process.env.CI === 'true') return false;
  return `${missing.map(([name]) => name).join(' and ')} not installed (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui python3-uno poppler-utils)`;
}

function assertInstalled(tools: Record<string, string | undefined>): void {
  for (const [name, found] of Object.entries(tools)) {
    assert.ok(found, `${name} is not installed, and CI=true: .ci/run must install it`);
  }
}

function onPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    try {
      execFileSync('test', ['-x', path.join(folder, name)]);
      return path.join(folder, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

function entry(run: ActionRun, source: string, format: string): FileEntry {
  const found = filesOf(run).find((e) => e.source === source && e.format === format);
  assert.ok(found, `no entry for ${source} → ${format}\n${explain(run)}`);
  return found;
}

/** The text of every page of a PDF, read with the project's own renderer. */
async function pagesOf(pdf: string): Promise<string[]> {
  const document = await openPdf(pdf);
  try {
    return Array.from({ length: document.pageCount }, (_, i) => document.pageText(i + 1));
  } finally {
    document.close();
  }
}

async function workspaceWith(files: string[]): Promise<string> {
  const workspace = await tempWorkspace();
  await mkdir(path.join(workspace, 'docs'));
  for (const file of files) await copyFile(path.join(FIXTURES, file), path.join(workspace, 'docs', file));
  return workspace;
}

const LIBREOFFICE = { engine: 'libreoffice', 'output-dir': 'converted', 'base-dir': 'docs', publish: 'none' };

after(removeTempWorkspaces);

describe('engine libreoffice: real documents through the bundle', { concurrency: false }, () => {
  it('converts docx, odt, xlsx, pptx, txt and html to PDFs with their pages and text, with no account', {
    skip: needs({ soffice }),
  }, async () => {
    assertInstalled({ soffice });
    const sources = ['letter.docx', 'notes.odt', 'budget.xlsx', 'slides.pptx', 'readme.txt', 'page.html'];
    const workspace = await workspaceWith(sources);
    const run = await runAction({
      workspace,
      inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf', concurrency: '2' },
    });
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(run.outputs.converted, '6', explain(run));

    const expected: Record<string, string[][]> = {
      letter: [['Quarterly letter', 'Alpha page one'], ['Bravo page two']],
      notes: [['Meeting notes', 'Charlie decided to ship on Friday.']],
      budget: [['Echo rent', '1200', 'Foxtrot food', '300']],
      slides: [['Golf opens the deck'], ['Hotel closes the deck']],
      readme: [['India reads plain text.', 'Juliet is on the second line.']],
      page: [['Kilo page', 'Lima paragraph in HTML.']],
    };
    for (const [stem, pages] of Object.entries(expected)) {
      const text = await pagesOf(path.join(workspace, 'converted', `${stem}.pdf`));
      assert.equal(
        text.length,
        pages.length,
        `${stem}.pdf has ${text.length} pages: ${JSON.stringify(text)}`,
      );
      pages.forEach((phrases, i) => {
        for (const phrase of phrases)
          assert.match(text[i] ?? '', new RegExp(phrase), `${stem}.pdf page ${i + 1}`);
      });
    }
  });

  it('renders every page of an image target, named <stem>-page-<n>.png/.jpg, at the width and shape of the page', {
    skip: needs({ soffice }),
  }, async () => {
    assertInstalled({ soffice });
    const workspace = await workspaceWith(['letter.docx', 'slides.pptx']);
    const run = await runAction({
      workspace,
      inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf, png, jpg', concurrency: '2' },
    });
    assert.equal(run.exitCode, 0, explain(run));
    const decoders: Record<string, (bytes: Buffer) => PageImage> = {
      png: decodePng,
      jpg: (bytes) => {
        const { width, height, data } = jpeg.decode(bytes, { useTArray: true });
        return { pageNumber: 0, width, height, rgba: data };
      },
    };
    for (const stem of ['letter', 'slides']) {
      const pdf = await openPdf(path.join(workspace, 'converted', `${stem}.pdf`));
      const pageShape = await pdf.renderPage(1, 100).finally(() => pdf.close());
      for (const [format, decode] of Object.entries(decoders)) {
        assert.deepEqual(entry(run, `docs/${stem}.${stem === 'letter' ? 'docx' : 'pptx'}`, format).outputs, [
          `converted/${stem}-page-1.${format}`,
          `converted/${stem}-page-2.${format}`,
        ]);
        for (const page of [1, 2]) {
          const name = `${stem}-page-${page}.${format}`;
          const image = decode(await readFile(path.join(workspace, 'converted', name)));
          assert.ok(Math.abs(image.width - 1240) <= 1240 * 0.005, `${name} is ${image.width} px wide`);
          const expectedHeight = (image.width * pageShape.height) / pageShape.width;
          assert.ok(
            Math.abs(image.height - expectedHeight) <= image.height * 0.02,
            `${name}: ${image.width}×${image.height}, page shape ${pageShape.width}×${pageShape.height}`,
          );
          // Not blank: a rendered page has dark pixels (text) on a white page.
          assert.ok(
            image.rgba.some((value, i) => i % 4 !== 3 && value < 64),
            `${name} is blank`,
          );
          assert.deepEqual(
            [...image.rgba.slice(0, 3)].map((v) => v > 240),
            [true, true, true],
            `${name} corner is not white`,
          );
        }
      }
    }
  });

  it('renders page images within max-total-download-size, failing the document that would pass it with nothing written', {
    skip: needs({ soffice }),
  }, async () => {
    assertInstalled({ soffice });
    const workspace = await workspaceWith(['letter.docx']);
    const run = await runAction({
      workspace,
      inputs: { ...LIBREOFFICE, path: 'docs', format: 'png', 'max-total-download-size': '20KB' },
    });
    assert.equal(run.exitCode, 1, explain(run));
    const letter = entry(run, 'docs/letter.docx', 'png');
    assert.equal(letter.status, 'failed');
    assert.match(letter.error ?? '', /max-total-download-size/);
    assert.deepEqual(await listOutputs(path.join(workspace, 'converted')), []);
  });

  it('fails a document LibreOffice cannot open, with its reason, and converts the others', {
    skip: needs({ soffice }),
  }, async () => {
    assertInstalled({ soffice });
    const workspace = await workspaceWith(['corrupt.docx', 'notes.odt']);
    const run = await runAction({ workspace, inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf' } });
    assert.equal(run.exitCode, 1, explain(run));
    const corrupt = entry(run, 'docs/corrupt.docx', 'pdf');
    assert.equal(corrupt.status, 'failed');
    assert.match(corrupt.error ?? '', /LibreOffice could not convert it: .*could not be loaded/);
    assert.equal(entry(run, 'docs/notes.odt', 'pdf').status, 'converted');
    assert.deepEqual(await listOutputs(path.join(workspace, 'converted')), ['notes.pdf']);
  });

  it('embeds a font found only in fonts-dir (and substitutes it without fonts-dir)', {
    skip: needs({ soffice, pdffonts }),
  }, async () => {
    assertInstalled({ soffice, pdffonts });
    const fontsOf = (pdf: string) => execFileSync('pdffonts', [pdf], { encoding: 'utf8' });

    const withFonts = await workspaceWith(['brand.docx']);
    await mkdir(path.join(withFonts, 'brand-fonts'));
    await copyFile(BANGERS, path.join(withFonts, 'brand-fonts', 'Bangers-Regular.ttf'));
    const run = await runAction({
      workspace: withFonts,
      inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf', 'fonts-dir': 'brand-fonts' },
    });
    assert.equal(run.exitCode, 0, explain(run));
    assert.match(
      fontsOf(path.join(withFonts, 'converted/brand.pdf')),
      /\+Bangers-Regular\s+TrueType.*\byes\b/,
    );

    // The control: the same document without fonts-dir does not get the font from anywhere else.
    const without = await workspaceWith(['brand.docx']);
    const plain = await runAction({
      workspace: without,
      inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf' },
    });
    assert.equal(plain.exitCode, 0, explain(plain));
    assert.doesNotMatch(fontsOf(path.join(without, 'converted/brand.pdf')), /Bangers/);
  });

  it('runs one LibreOffice per worker, each on its own profile, hands each the documents, and leaves no temporary files', {
    skip: needs({ soffice }),
  }, async () => {
    assertInstalled({ soffice });
    const workspace = await workspaceWith(['letter.docx', 'notes.odt', 'readme.txt', 'page.html']);
    const log = path.join(workspace, 'soffice.log');
    const bin = await loggingSoffice(path.join(workspace, 'bin'), soffice as string, log);
    const runnerTemp = path.join(workspace, 'runner-temp');
    await mkdir(runnerTemp);
    const run = await runAction({
      workspace,
      inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf', concurrency: '2' },
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH}`, RUNNER_TEMP: runnerTemp },
    });
    assert.equal(run.exitCode, 0, explain(run));

    const events = (await readFile(log, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => line.split(' '));
    const servers = events.filter(([kind]) => kind === 'server').map(([, , profile]) => profile);
    assert.equal(servers.length, 2, `one LibreOffice per worker:\n${events.join('\n')}`);
    assert.notEqual(servers[0], servers[1], 'two live LibreOffices never share a profile');
    assert.equal(events.filter(([kind]) => kind === 'start').length, 4, 'each document handed to one');
    const inFlight = new Map<string, string>();
    for (const [kind, pid, profile] of events) {
      if (kind === 'start') {
        assert.ok(servers.includes(profile), `${profile} is a worker's profile`);
        assert.ok(
          ![...inFlight.values()].includes(profile as string),
          `two conversions at once on ${profile}`,
        );
        inFlight.set(pid as string, profile as string);
      } else if (kind === 'end') inFlight.delete(pid as string);
    }
    assert.match(
      unescaped(run.summary),
      /LibreOffice: 4 documents in [\d.]+ s; 2 LibreOffice processes started in [\d.]+ s/,
    );
    assert.deepEqual(await readdir(runnerTemp), [], 'profiles and intermediate files are removed');
  });

  it('converts 20 documents on 2 workers to the pages and text one soffice per document gives, with no credential, a memory limit and no network in any LibreOffice', {
    skip: needs({ soffice }),
  }, async () => {
    assertInstalled({ soffice });
    const kinds = ['letter.docx', 'notes.odt', 'budget.xlsx', 'slides.pptx'];
    const workspace = await tempWorkspace();
    await mkdir(path.join(workspace, 'docs'));
    for (let copy = 0; copy < 5; copy++) {
      for (const kind of kinds) {
        await copyFile(path.join(FIXTURES, kind), path.join(workspace, 'docs', `${copy}-${kind}`));
      }
    }
    // The reference: one soffice process per document, as the engine ran before (copies are identical files).
    const reference = path.join(workspace, 'reference');
    for (const kind of kinds) {
      execFileSync(soffice as string, [
        `-env:UserInstallation=file://${path.join(workspace, 'reference-profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        reference,
        path.join(FIXTURES, kind),
      ]);
    }
    const runnerTemp = path.join(workspace, 'runner-temp');
    await mkdir(runnerTemp);
    const seen = new Map<number, { environ: string; limits: string; net: string }>();
    const bridges = new Set<number>();
    const watcher = setInterval(() => {
      for (const pid of unoBridgesOf(runnerTemp)) bridges.add(pid);
      for (const pid of [...libreOfficeProcessesUnder(runnerTemp, true), ...bridges]) {
        if (seen.has(pid)) continue;
        try {
          seen.set(pid, {
            environ: readFileSync(`/proc/${pid}/environ`, 'utf8'),
            limits: readFileSync(`/proc/${pid}/limits`, 'utf8'),
            net: readlinkSync(`/proc/${pid}/ns/net`),
          });
        } catch {
          // It ended meanwhile.
        }
      }
    }, 20);
    const run = await runAction({
      workspace,
      inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf', concurrency: '2' },
      env: {
        RUNNER_TEMP: runnerTemp,
        GITHUB_TOKEN: FAKE_GITHUB_TOKEN,
        ACTIONS_RUNTIME_TOKEN: 'runtime-token-e2e',
      },
    }).finally(() => clearInterval(watcher));
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(run.outputs.converted, '20', explain(run));
    for (let copy = 0; copy < 5; copy++) {
      for (const kind of kinds) {
        const stem = path.parse(kind).name;
        assert.deepEqual(
          await pagesOf(path.join(workspace, 'converted', `${copy}-${stem}.pdf`)),
          await pagesOf(path.join(reference, `${stem}.pdf`)),
          `${copy}-${kind}: pages and text`,
        );
      }
    }
    assert.match(
      unescaped(run.summary),
      /LibreOffice: 20 documents in [\d.]+ s; 2 LibreOffice processes started in [\d.]+ s/,
    );

    assert.match(run.stdout, /Documents are handed to LibreOffice over UNO/, explain(run));
    assert.equal(bridges.size, 2, 'one UNO helper per LibreOffice, none per document');
    assert.deepEqual(await readdir(runnerTemp), [], 'profiles and intermediate files are removed');
    assert.ok(seen.size >= 4, `LibreOffice processes and their UNO helpers were seen: ${seen.size}`);
    const ownNet = readlinkSync('/proc/self/ns/net');
    for (const [pid, { environ, limits, net }] of seen) {
      const names = environ
        .split('\0')
        .filter(Boolean)
        .map((v) => v.slice(0, v.indexOf('=')));
      assert.deepEqual(
        names.filter((name) => /TOKEN|^INPUT_|^GITHUB_|^ACTIONS_|SECRET/.test(name)),
        [],
        `process ${pid}: ${names.join(' ')}`,
      );
      assert.doesNotMatch(environ, /ghs_|runtime-token-e2e/, `process ${pid} holds no token`);
      assert.match(
        limits,
        /Max address space\s+3221225472\s+3221225472/,
        `process ${pid} has a memory limit`,
      );
      if (namespacesWork) assert.notEqual(net, ownNet, `process ${pid} is in a network namespace of its own`);
    }
  });

  it('fetches nothing a document links to: no request reaches a server on the runner', {
    skip: needs({ soffice }),
  }, async () => {
    assertInstalled({ soffice });
    const requests: string[] = [];
    const server = http.createServer((request, response) => {
      requests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'image/png' }).end(ONE_PIXEL_PNG);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const base = `http://127.0.0.1:${port}`;
      const workspace = await tempWorkspace();
      await mkdir(path.join(workspace, 'docs'));
      await writeFile(
        path.join(workspace, 'docs', 'linked.html'),
        `<html><head><link rel="stylesheet" href="${base}/style.css"></head>
<body background="${base}/background.png"><p>Mike reaches out.</p><img src="${base}/image.png" width="20" height="20"></body></html>`,
      );
      const run = await runAction({ workspace, inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf' } });
      assert.equal(run.exitCode, 0, explain(run));
      assert.match(
        (await pagesOf(path.join(workspace, 'converted', 'linked.pdf'))).join(' '),
        /Mike reaches out/,
      );
      assert.deepEqual(requests, [], 'LibreOffice made no request');
    } finally {
      server.close();
    }
  });

  it('converts a .docx whose picture is linked from a server without fetching it (network namespace)', {
    skip: needs({ soffice }) || (!namespacesWork && 'this machine cannot make a network namespace'),
  }, async () => {
    assertInstalled({ soffice });
    await withCountingServer(async (base, requests) => {
      const workspace = await tempWorkspace();
      await mkdir(path.join(workspace, 'docs'));
      await writeZip(
        path.join(workspace, 'docs', 'linked.docx'),
        docxMembers('November links a picture.', { imageUrl: `${base}/pixel.png` }),
      );
      const run = await runAction({ workspace, inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf' } });
      assert.equal(run.exitCode, 0, explain(run));
      assert.match(run.stdout, /LibreOffice runs without network: in a network namespace of its own/);
      assert.match(
        (await pagesOf(path.join(workspace, 'converted', 'linked.pdf'))).join(' '),
        /November links a picture/,
      );
      assert.deepEqual(requests, [], 'LibreOffice made no request');
    });
  });

  it('without any network namespace, refuses the .docx that links a picture (naming it), fetches nothing, and converts the clean one', {
    skip: needs({ soffice }),
  }, async () => {
    assertInstalled({ soffice });
    await withCountingServer(async (base, requests) => {
      const workspace = await tempWorkspace();
      await mkdir(path.join(workspace, 'docs'));
      await writeZip(
        path.join(workspace, 'docs', 'linked.docx'),
        // A newline (a character reference in the XML) before a workflow command: it must reach the log harmless.
        docxMembers('Oscar links a picture.', { imageUrl: `${base}/pixel.png?a&#10;::warning::x` }),
      );
      await writeZip(path.join(workspace, 'docs', 'clean.docx'), docxMembers('Papa links nothing.'));
      // An unshare that always fails: no namespace can be made, as in a container without the syscall.
      const bin = path.join(workspace, 'bin');
      await mkdir(bin);
      await writeFile(path.join(bin, 'unshare'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
      const run = await runAction({
        workspace,
        inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf' },
        env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` },
      });
      assert.equal(run.exitCode, 1, explain(run));
      assert.match(run.stdout, /::warning::This runner cannot give LibreOffice a network namespace/);
      const linked = entry(run, 'docs/linked.docx', 'pdf');
      assert.equal(linked.status, 'failed');
      assert.match(
        linked.error ?? '',
        /^refused: LibreOffice would fetch image http:\/\/127\.0\.0\.1:\d+\/pixel\.png\?a%0A::warning::x \(in word\/_rels\/document\.xml\.rels\)/,
      );
      assert.doesNotMatch(run.stdout, /^::warning::x/m, 'the reference cannot issue a workflow command');
      assert.equal(entry(run, 'docs/clean.docx', 'pdf').status, 'converted');
      assert.match(
        (await pagesOf(path.join(workspace, 'converted', 'clean.pdf'))).join(' '),
        /Papa links nothing/,
      );
      assert.deepEqual(await listOutputs(path.join(workspace, 'converted')), ['clean.pdf']);
      assert.deepEqual(requests, [], 'nothing was fetched');
    });
  });

  it('fails only the document whose LibreOffice is killed mid-conversion, converts the rest on a fresh one, and stops everything at the deadline', {
    skip: needs({ soffice }),
  }, async () => {
    assertInstalled({ soffice });
    const workspace = await tempWorkspace();
    await mkdir(path.join(workspace, 'docs'));
    for (const name of ['a', 'b', 'crash', 'd', 'e']) {
      await copyFile(path.join(FIXTURES, 'notes.odt'), path.join(workspace, 'docs', `${name}.odt`));
    }
    const bin = path.join(workspace, 'bin');
    const serverLog = path.join(workspace, 'servers');
    await sabotagingSoffice(bin, soffice as string, serverLog, 'crash.odt', 'KILL');
    const runnerTemp = path.join(workspace, 'runner-temp');
    await mkdir(runnerTemp);
    const run = await runAction({
      workspace,
      inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf', concurrency: '1' },
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH}`, RUNNER_TEMP: runnerTemp },
    });
    assert.equal(run.exitCode, 1, explain(run));
    const crash = entry(run, 'docs/crash.odt', 'pdf');
    assert.equal(crash.status, 'failed');
    assert.match(crash.error ?? '', /LibreOffice ended with signal SIGKILL while converting it/);
    for (const name of ['a', 'b', 'd', 'e'])
      assert.equal(entry(run, `docs/${name}.odt`, 'pdf').status, 'converted');
    assert.equal(
      (await readFile(serverLog, 'utf8')).trim().split('\n').length,
      2,
      'a fresh LibreOffice after the crash',
    );

    // The deadline: the LibreOffice handed hang.odt is stopped (SIGSTOP), so only the deadline ends the run.
    const late = await tempWorkspace();
    await mkdir(path.join(late, 'docs'));
    for (const name of ['a', 'hang', 'z']) {
      await copyFile(path.join(FIXTURES, 'notes.odt'), path.join(late, 'docs', `${name}.odt`));
    }
    const lateBin = path.join(late, 'bin');
    await sabotagingSoffice(lateBin, soffice as string, path.join(late, 'servers'), 'hang.odt', 'STOP');
    const lateTemp = path.join(late, 'runner-temp');
    await mkdir(lateTemp);
    const stopped = await runAction({
      workspace: late,
      inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf', concurrency: '1', timeout: '30s' },
      env: { PATH: `${lateBin}${path.delimiter}${process.env.PATH}`, RUNNER_TEMP: lateTemp },
    });
    assert.equal(stopped.exitCode, 1, explain(stopped));
    assert.equal(entry(stopped, 'docs/a.odt', 'pdf').status, 'converted');
    assert.equal(entry(stopped, 'docs/hang.odt', 'pdf').status, 'timed-out');
    assert.deepEqual(libreOfficeProcessesUnder(lateTemp), [], 'no LibreOffice is left running');
  });
  it('over UNO: fails only the document whose LibreOffice is killed mid-conversion, converts the rest on a fresh one with a fresh helper, and stops everything at the deadline', {
    skip: needs({ soffice, unoPython }),
  }, async () => {
    assertInstalled({ soffice, unoPython });
    const workspace = await tempWorkspace();
    await mkdir(path.join(workspace, 'docs'));
    for (const name of ['a', 'b', 'crash', 'd', 'e']) {
      await copyFile(path.join(FIXTURES, 'notes.odt'), path.join(workspace, 'docs', `${name}.odt`));
    }
    const bin = path.join(workspace, 'bin');
    const serverLog = path.join(workspace, 'servers');
    const bridgeLog = path.join(workspace, 'bridges');
    await sabotagingSoffice(bin, soffice as string, serverLog, 'no-client-sees-this', 'KILL');
    await unoPythonBeside(bin, bridgeLog, { serverLog, victim: 'crash.odt', signal: 'KILL' });
    const runnerTemp = path.join(workspace, 'runner-temp');
    await mkdir(runnerTemp);
    const run = await runAction({
      workspace,
      inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf', concurrency: '1' },
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH}`, RUNNER_TEMP: runnerTemp },
    });
    assert.equal(run.exitCode, 1, explain(run));
    assert.match(run.stdout, /Documents are handed to LibreOffice over UNO/, explain(run));
    const crash = entry(run, 'docs/crash.odt', 'pdf');
    assert.equal(crash.status, 'failed');
    assert.match(crash.error ?? '', /LibreOffice ended with signal SIGKILL while converting it/);
    for (const name of ['a', 'b', 'd', 'e'])
      assert.equal(entry(run, `docs/${name}.odt`, 'pdf').status, 'converted', explain(run));
    const lines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').length;
    assert.equal(await lines(serverLog), 2, 'a fresh LibreOffice after the crash');
    assert.equal(await lines(bridgeLog), 2, 'one helper per LibreOffice, none per document');

    // The deadline: the LibreOffice handed hang.odt is stopped (SIGSTOP) mid-session, so only the deadline ends it.
    const late = await tempWorkspace();
    await mkdir(path.join(late, 'docs'));
    for (const name of ['a', 'hang', 'z']) {
      await copyFile(path.join(FIXTURES, 'notes.odt'), path.join(late, 'docs', `${name}.odt`));
    }
    const lateBin = path.join(late, 'bin');
    const lateServers = path.join(late, 'servers');
    await sabotagingSoffice(lateBin, soffice as string, lateServers, 'no-client-sees-this', 'STOP');
    await unoPythonBeside(lateBin, path.join(late, 'bridges'), {
      serverLog: lateServers,
      victim: 'hang.odt',
      signal: 'STOP',
    });
    const lateTemp = path.join(late, 'runner-temp');
    await mkdir(lateTemp);
    const stopped = await runAction({
      workspace: late,
      inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf', concurrency: '1', timeout: '30s' },
      env: { PATH: `${lateBin}${path.delimiter}${process.env.PATH}`, RUNNER_TEMP: lateTemp },
    });
    assert.equal(stopped.exitCode, 1, explain(stopped));
    assert.equal(entry(stopped, 'docs/a.odt', 'pdf').status, 'converted');
    assert.equal(entry(stopped, 'docs/hang.odt', 'pdf').status, 'timed-out');
    assert.deepEqual(libreOfficeProcessesUnder(lateTemp), [], 'no LibreOffice is left running');
    assert.deepEqual(unoBridgesOf(lateTemp), [], 'no UNO helper is left running');
  });
});

describe('engine libreoffice without a real LibreOffice', { concurrency: false }, () => {
  it('kills a hanging conversion with its whole process group at the deadline and reports it timed-out', async () => {
    const workspace = await workspaceWith(['notes.odt']);
    const pids = path.join(workspace, 'pids');
    const bin = await hangingSoffice(path.join(workspace, 'bin'), pids);
    const run = await runAction({
      workspace,
      inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf', timeout: '2s' },
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    });
    assert.equal(run.exitCode, 1, explain(run));
    const notes = entry(run, 'docs/notes.odt', 'pdf');
    assert.equal(notes.status, 'timed-out');
    assert.match(notes.error ?? '', /timeout \(2s\)/);
    const [shell, sleeper] = (await readFile(pids, 'utf8')).trim().split(' ').map(Number);
    assert.ok(shell && sleeper);
    assert.equal(isAlive(shell), false, 'the soffice process is gone');
    assert.equal(isAlive(sleeper), false, 'its child is gone too (the whole group was killed)');
  });

  it('names the packages to install when soffice is missing, and needs no credentials', async () => {
    const workspace = await workspaceWith(['notes.odt']);
    const run = await runAction({
      workspace,
      inputs: { ...LIBREOFFICE, path: 'docs', format: 'pdf' },
      env: { PATH: path.join(workspace, 'empty-bin') },
    });
    assert.equal(run.exitCode, 1, explain(run));
    assert.match(
      run.stdout,
      /::error::Input "engine" is "libreoffice" but LibreOffice \(soffice\) is not installed on this runner\..*libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui python3-uno/,
    );
    assert.doesNotMatch(run.stdout, /client-id/);
  });

  it('rejects a pair LibreOffice cannot make before starting anything', async () => {
    const workspace = await workspaceWith(['notes.odt', 'readme.txt']);
    const pids = path.join(workspace, 'pids');
    const bin = await hangingSoffice(path.join(workspace, 'bin'), pids);
    const run = await runAction({
      workspace,
      inputs: { ...LIBREOFFICE, path: 'docs/notes.odt', format: 'xlsx' },
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    });
    assert.equal(run.exitCode, 1, explain(run));
    assert.match(
      entry(run, 'docs/notes.odt', 'xlsx').error ?? '',
      /cannot convert \.odt to xlsx; it can convert \.odt to: pdf, docx/,
    );
    await assert.rejects(readFile(pids), 'no soffice was started');
  });
});
