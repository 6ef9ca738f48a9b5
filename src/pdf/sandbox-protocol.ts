/** The messages between the action and its document sandbox (a worker thread): typed data, nothing else. */

import type { WorkbookLimits, WorkbookRead } from './workbook-cells.ts';

export interface SandboxStart {
  /** The most WebAssembly memory PDFium may grow to, in bytes. */
  memoryCapBytes: number;
}

export type SandboxRequest =
  | { id: number; op: 'start' }
  | { id: number; op: 'open'; path: string; maxBytes: number }
  | {
      id: number;
      op: 'page';
      document: number;
      page: number;
      /** Render the page this wide; no image when absent. */
      widthPx?: number;
      /** Characters of the page's text to return; no text when absent. */
      maxTextChars?: number;
    }
  | { id: number; op: 'close'; document: number }
  | { id: number; op: 'workbook'; path: string; limits: WorkbookLimits };

export interface PageReply {
  image?: { width: number; height: number; rgba: Uint8Array };
  text?: string;
}

export type SandboxValue = { document: number; pageCount: number } | PageReply | WorkbookRead | null;

export type SandboxReply =
  | { id: number; ok: true; value: SandboxValue }
  | {
      id: number;
      ok: false;
      message: string;
      /** The document could not be read (damaged, too large): that document fails, the sandbox lives on. */
      kind: 'document' | 'range' | 'other';
      /** PDFium aborted: the worker ends right after this reply and takes no more requests. */
      fatal: boolean;
    };
