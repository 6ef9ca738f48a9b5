/** What every route handler gets: the request and the emulator's parts. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenIssuer } from './auth.ts';
import type { Conversions } from './operations.ts';
import type { StatsRecorder } from './stats.ts';
import type { Storage } from './storage.ts';
import type { EmulatorOptions } from './types.ts';

export interface EmulatorServices {
  options: () => EmulatorOptions;
  storage: Storage;
  conversions: Conversions;
  tokens: TokenIssuer;
  stats: StatsRecorder;
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  /** Raw path segments after the route's fixed part (storage paths). */
  rest: string[];
  services: EmulatorServices;
}

/** Query parameter by name, ignoring case as the real (ASP.NET) service does; '' when absent. */
export function queryParam(query: URLSearchParams, name: string): string {
  const wanted = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === wanted) return value;
  return '';
}
