import type { ConversionJob } from '../src/plan/types.ts';

/** One job of `a.<extension>` (index 0) to `format`, outputs in /out: for tests that look at a job's kind only. */
export function jobOf(extension: string, format: string, sizeBytes = 1000): ConversionJob {
  return {
    id: `0-${format}`,
    documentIndex: 0,
    format,
    outputDirectory: '/out',
    expectedOutput: `out/a.${format}`,
    source: {
      absolutePath: `/a.${extension}`,
      workspacePath: `a.${extension}`,
      outputSubdir: '',
      stem: 'a',
      extension,
      sizeBytes,
    },
  };
}
