import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  redactSecrets,
  registerSecret,
  SHOWN_LENGTH,
  untrustedText,
} from '../../src/common/untrusted-text.ts';
import { githubLink } from '../../src/github/links.ts';

/** Every line written to stdout while `run` runs. */
function stdoutLines(run: () => void): string[] {
  let written = '';
  const original = process.stdout.write;
  process.stdout.write = ((chunk: unknown) => {
    written += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    run();
  } finally {
    process.stdout.write = original;
  }
  return written.split(/\r\n|\r|\n/);
}

/** What the runner would take as a workflow command: a line that starts with `::` once leading blanks are trimmed. */
function commandLines(lines: readonly string[]): string[] {
  return lines.filter((line) => line.trimStart().startsWith('::'));
}

describe('untrustedText', () => {
  it('keeps text on one line: line breaks and other control characters are percent-encoded', () => {
    assert.equal(untrustedText('nl\n::stop-commands::pwn123\n.docx'), 'nl%0A::stop-commands::pwn123%0A.docx');
    assert.equal(untrustedText('a\r\nb\u001b[2Kc\u2028d\u0085e'), 'a%0D%0Ab%1B[2Kc%E2%80%A8d%C2%85e');
  });

  it('cannot start a workflow command wherever it is placed', () => {
    assert.equal(untrustedText('::error::x'), '%3A:error::x');
    assert.equal(untrustedText('  ::warning::x'), '  %3A:warning::x');
    assert.equal(untrustedText(':'), '%3A');
    assert.equal(untrustedText('a ::b'), 'a ::b', 'a `::` inside a line is harmless and kept');
  });

  it('prints no standalone command, whatever the text holds', () => {
    const hostile = [
      'docs/nl\n::stop-commands::pwn123\n.docx',
      'boom\r::add-mask::x',
      '::error file=a::injected',
      '\n\n  ::set-output name=x::y',
      'pdf\u2028::notice::x',
    ];
    for (let seed = 1; seed <= 200; seed++) {
      const pieces = ['\n', '\r', ':', '::', ' ', 'x', '\t', 'stop-commands', '\u000b', '\u000c'];
      let text = '';
      for (let i = 0, n = seed; i < 12; i++, n = (n * 1103515245 + 12345) % 2 ** 31) {
        text += pieces[n % pieces.length];
      }
      hostile.push(text);
    }
    const lines = stdoutLines(() => {
      for (const text of hostile) {
        process.stdout.write(`${untrustedText(text)}\n`);
        process.stdout.write(`  ${untrustedText(text)} → ${untrustedText(text)}\n`);
      }
    });
    assert.deepEqual(commandLines(lines), []);
  });

  it('is shortened to a sensible length with an ellipsis, and stays so when applied again', () => {
    const long = 'n'.repeat(100_000);
    const shown = untrustedText(long);
    assert.equal(shown.length, SHOWN_LENGTH);
    assert.ok(shown.endsWith('…'));
    assert.equal(untrustedText(shown), shown);
    assert.equal(untrustedText('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
    assert.equal(untrustedText(`${'x'.repeat(8)}😀`, 10), `${'x'.repeat(8)}😀`);
    assert.equal(untrustedText(`${'x'.repeat(8)}😀yy`, 10), `${'x'.repeat(8)}…`, 'no half emoji');
  });
});

describe('registerSecret and redaction', () => {
  const password = 'pa55+w/rd<&>"é';

  it('masks the secret on the runner before anything else', () => {
    const lines = stdoutLines(() => registerSecret(password));
    assert.deepEqual(commandLines(lines), ['::add-mask::pa55+w/rd<&>"é']);
  });

  it('redacts a registered secret in every spelling a server may echo it', () => {
    registerSecret(password);
    const echoes = [
      password,
      encodeURIComponent(password),
      new URLSearchParams({ p: password }).toString().slice(2),
      JSON.stringify(password).slice(1, -1),
      'pa55\\u002Bw/rd\\u003C\\u0026\\u003E\\"\\u00E9',
      'pa55\\u002bw/rd\\u003c\\u0026\\u003e\\"\\u00e9',
    ];
    for (const echo of echoes) {
      assert.equal(redactSecrets(`wrong password ${echo} given`), 'wrong password [secret] given', echo);
      assert.equal(untrustedText(`{"message":"bad ${echo}"}`), '{"message":"bad [secret]"}', echo);
    }
  });

  it('redacts before shortening, so no part of a secret survives the cut', () => {
    const secret = 'abcdefghij-klmnop-secret';
    registerSecret(secret);
    const shown = untrustedText(`${'x'.repeat(SHOWN_LENGTH - 10)}${secret}`);
    assert.ok(!shown.includes('abcdefghij'), shown);
  });

  it('leaves values too short to search for alone', () => {
    registerSecret('ab');
    assert.equal(redactSecrets('a cab and a tab'), 'a cab and a tab');
  });
});

describe('githubLink', () => {
  const env = { serverUrl: 'https://github.com', apiUrl: 'https://api.github.com' };

  it('keeps URLs on the GitHub server, its API and uploads hosts', () => {
    const comment = 'https://github.com/octo/docs/pull/5#issuecomment-1';
    assert.equal(githubLink(comment, env), comment);
    assert.equal(
      githubLink('https://uploads.github.com/repos/o/r/releases/1/assets', env),
      'https://uploads.github.com/repos/o/r/releases/1/assets',
    );
    assert.ok(githubLink('https://api.github.com/x', env));
  });

  it('leaves out other hosts, other schemes and URLs with credentials', () => {
    for (const url of [
      'https://evil.example/t.png',
      'http://github.com/octo/docs',
      'javascript:alert(1)',
      'https://user:pw@github.com/x',
      'https://github.com.evil.example/x',
      '//github.com/x',
      42,
      undefined,
    ]) {
      assert.equal(githubLink(url, env), undefined, String(url));
    }
  });

  it('encodes what would end a Markdown link, so nothing can be injected after it', () => {
    const hostile = 'https://github.com/octo/docs/pull/5) ![x](https://evil.example/t.png';
    const link = githubLink(hostile, env) ?? '';
    assert.equal(link, 'https://github.com/octo/docs/pull/5%29%20%21%5Bx%5D%28https://evil.example/t.png');
    assert.doesNotMatch(link, /[()[\]\s!]/);
  });

  it('allows plain http only for a loopback stand-in of a server configured as http', () => {
    const local = { serverUrl: 'http://127.0.0.1:9', apiUrl: 'http://127.0.0.1:4000' };
    assert.equal(
      githubLink('http://127.0.0.1:4000/download/a.pdf', local),
      'http://127.0.0.1:4000/download/a.pdf',
    );
    assert.equal(githubLink('http://127.0.0.1:4001/download/a.pdf', local), undefined);
    assert.equal(githubLink('http://127.0.0.1/x', env), undefined);
  });
});

describe('bidirectional controls', () => {
  it('are percent-encoded in untrusted text and in Markdown, every one of them', async () => {
    const { escapeMarkdown } = await import('../../src/common/markdown.ts');
    const controls = [
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ];
    for (const control of controls) {
      const name = `invoice${control}fdp.docx`;
      for (const shown of [untrustedText(name), escapeMarkdown(name)]) {
        assert.doesNotMatch(shown, /[\u202a-\u202e\u2066-\u2069]/);
        assert.match(shown, /invoice\\?%E2\\?%8[01]\\?%A[6-9A-E]fdp/, shown);
      }
    }
    assert.equal(untrustedText('a\u202eb'), 'a%E2%80%AEb');
    assert.equal(escapeMarkdown('a\u202eb'), 'a\\%E2\\%80\\%AEb');
  });
});
