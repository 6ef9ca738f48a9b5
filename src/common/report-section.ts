/** What a stage hands the report stage, as data: its part of the job summary and the step outputs it sets. */
export interface ReportSection {
  /** Markdown appended to the job summary, in the order the stages ran; empty for none. */
  summary: string;
  outputs: Readonly<Record<string, string | number>>;
}
