/** What the plan stage produces: the documents found and one job per (document, target format). */

export interface SourceDocument {
  /** Absolute path on disk (symlinks resolved, inside the workspace). */
  absolutePath: string;
  /** Path relative to the workspace, with `/` separators, e.g. `docs/a/b.docx`. Used in reports. */
  workspacePath: string;
  /** Directory of the outputs relative to output-dir, `/` separators, '' for the top, e.g. `a` for docs/a/b.docx with base-dir docs. */
  outputSubdir: string;
  /** File name without its last extension, e.g. `b` (keeps inner dots: `v1.2.final`). */
  stem: string;
  /** Lower-case extension without the dot, e.g. `docx`; '' when none. */
  extension: string;
  sizeBytes: number;
}

export interface ConversionJob {
  /** Stable, unique within the run: `<documentIndex>-<format>`. Safe as a storage path segment. */
  id: string;
  /** Index of the source in Plan.documents; also used to build remote keys. */
  documentIndex: number;
  source: SourceDocument;
  /** Target format, lower-case, e.g. `pdf`. */
  format: string;
  /** Absolute local directory the job's outputs go to (output-dir joined with outputSubdir). */
  outputDirectory: string;
  /** The expected single output, relative to the workspace (`converted/a/b.pdf`); multi-page targets add `-page-<n>`. */
  expectedOutput: string;
}

export interface Plan {
  documents: readonly SourceDocument[];
  jobs: readonly ConversionJob[];
  /**
   * Matched files left out because of where they really lead (into `.git`, or into a hidden place no pattern
   * named), one message each; shown as warnings. Absent when none was.
   */
  skipped?: readonly string[];
}
