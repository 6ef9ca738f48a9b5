/** Which service makes the outputs. Another engine gives its own `engineId` and the details that change its output. */
export interface EngineIdentity {
  engineId: string;
  details: Readonly<Record<string, string>>;
}

export function groupDocsIdentity(settings: { apiBaseUrl: string; storageName: string }): EngineIdentity {
  return {
    engineId: 'groupdocs-conversion-cloud',
    details: { baseUrl: settings.apiBaseUrl, storageName: settings.storageName },
  };
}
