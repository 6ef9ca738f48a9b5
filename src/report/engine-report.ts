/** The job summary's line per engine that runs processes on the runner: where its time went. */
import type { EngineReport } from '../convert/engines/engine.ts';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** e.g. `LibreOffice: 20 documents in 14.2 s; 2 LibreOffice processes started in 3.1 s (summed over them).` */
export function engineReportLine(report: EngineReport): string {
  const documents = `${report.documents} document${report.documents === 1 ? '' : 's'}`;
  const processes = `${report.processStarts} ${report.engine} process${report.processStarts === 1 ? '' : 'es'}`;
  return `${report.engine}: ${documents} in ${seconds(report.wallMs)}; ${processes} started in ${seconds(report.startupMs)} (summed over them).`;
}
