import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  fileNameParameters,
  multipartFileBody,
  multipartFileForm,
} from '../../../../src/convert/engines/groupdocs/multipart.ts';

describe('fileNameParameters', () => {
  it('quotes a plain name as it is', () => {
    assert.equal(fileNameParameters('report 2024.docx'), 'filename="report 2024.docx"');
  });

  it('escapes quotes and line breaks and adds an RFC 5987 name for anything unusual', () => {
    assert.equal(
      fileNameParameters('a"b\r\n.docx'),
      `filename="a%22b%0D%0A.docx"; filename*=UTF-8''a%22b%0D%0A.docx`,
    );
    assert.equal(
      fileNameParameters('Überblick ñ 日本.docx'),
      `filename="Überblick ñ 日本.docx"; filename*=UTF-8''%C3%9Cberblick%20%C3%B1%20%E6%97%A5%E6%9C%AC.docx`,
    );
    assert.equal(fileNameParameters("it's (1).md"), `filename="it's (1).md"`);
  });
});

describe('multipartFileBody', () => {
  it('yields head, file and tail adding up to the declared length', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gd-multipart-'));
    try {
      const file = path.join(dir, 'a.bin');
      await writeFile(file, Buffer.from([1, 2, 3, 4]));
      const form = multipartFileForm('File', 'a.bin', 4, 'XYZ');
      const chunks: Buffer[] = [];
      for await (const chunk of multipartFileBody(form, file, 4)) chunks.push(chunk);
      const body = Buffer.concat(chunks);
      assert.equal(form.contentType, 'multipart/form-data; boundary=XYZ');
      assert.equal(body.length, form.contentLength);
      assert.equal(
        body.toString('latin1'),
        '--XYZ\r\nContent-Disposition: form-data; name="File"; filename="a.bin"\r\n' +
          'Content-Type: application/octet-stream\r\n\r\n\x01\x02\x03\x04\r\n--XYZ--\r\n',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails when the file no longer has the measured size', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gd-multipart-'));
    try {
      const file = path.join(dir, 'a.bin');
      await writeFile(file, 'abc');
      const form = multipartFileForm('File', 'a.bin', 10);
      await assert.rejects(async () => {
        for await (const _ of multipartFileBody(form, file, 10)) {
          // drain
        }
      }, /changed while it was being uploaded/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
