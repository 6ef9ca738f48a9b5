/** Hiding secrets in text that came from a server, a library or a file: every spelling an echo may take. */

/** Returns `text` with every secret in it replaced by a placeholder. */
export type Redact = (text: string) => string;

const SECRET_PLACEHOLDER = '[secret]';
const TOKEN_PLACEHOLDER = '[token]';
/** Tokens remembered for redaction; older ones have long expired (one is issued about every hour). */
const REMEMBERED_TOKENS = 8;
/** Shorter values are not searched for: replacing them would garble ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** JWTs (what GroupDocs issues): base64url header `{"…` then payload and signature. */
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;
/** A bearer credential in a header echoed back. */
const BEARER = /\b(Bearer\s+)(?!\[)[\w.~+/-]+=*/gi;
/** `name=value`, `name: value` or `"name":"value"` for names that always carry a secret. */
const SECRET_FIELD =
  /\b(client_secret|clientsecret|access_token|refresh_token|id_token|password)(["']?\s*[=:]\s*["']?)(?!\[)[^\s"'&,;}]+/gi;
/** Credentials inside a URL (`scheme://user:password@host`). */
const URL_CREDENTIALS = /\b([a-z][\w+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi;

/**
 * Removes known secrets (the client secret, document passwords, the GitHub token), the access tokens handed out so
 * far, and anything that looks like a credential from text, before it reaches an error message or a log line.
 */
export class Redactor {
  readonly #secrets: string[] = [];
  readonly #tokens: string[] = [];

  constructor(secrets: readonly string[] = []) {
    for (const secret of secrets) this.addSecret(secret);
  }

  /** Also redact `secret` from now on, in every spelling a server may echo it. */
  addSecret(secret: string): void {
    for (const form of spellings(secret)) {
      if (!this.#secrets.includes(form)) this.#secrets.push(form);
    }
    // Longest first: a secret that contains another is replaced whole.
    this.#secrets.sort((a, b) => b.length - a.length);
  }

  /** Also redact `token` (an access token just issued) from now on. */
  rememberToken(token: string): void {
    if (this.#tokens.includes(token)) return;
    this.#tokens.push(...spellings(token));
    this.#tokens.splice(0, Math.max(0, this.#tokens.length - REMEMBERED_TOKENS));
  }

  readonly redact: Redact = (text) => {
    let result = text;
    for (const secret of this.#secrets) result = result.replaceAll(secret, SECRET_PLACEHOLDER);
    for (const token of this.#tokens) result = result.replaceAll(token, TOKEN_PLACEHOLDER);
    return result
      .replace(JWT, TOKEN_PLACEHOLDER)
      .replace(BEARER, `$1${TOKEN_PLACEHOLDER}`)
      .replace(SECRET_FIELD, '$1$2[redacted]')
      .replace(URL_CREDENTIALS, '$1[credentials]@');
  };
}

/**
 * A value as it may be echoed: verbatim (and trimmed), URL-encoded, form-encoded (how the token request sends
 * it), and inside a JSON string — escaped the way JavaScript does, and the way .NET's default encoder does
 * (`+`, `<`, `>`, `&`, `'` and non-ASCII as `\uXXXX`), which is what the GroupDocs service runs on.
 */
function spellings(value: string): string[] {
  const forms = new Set<string>();
  for (const raw of [value, value.trim()]) {
    if (raw.length < MIN_SECRET_LENGTH) continue;
    const json = JSON.stringify(raw).slice(1, -1);
    const dotnetJson = json.replace(/[<>&'+`\u007f-\uffff]/g, (char) => unicodeEscape(char));
    forms.add(raw);
    forms.add(encodeURIComponent(raw));
    forms.add(new URLSearchParams({ v: raw }).toString().slice(2));
    forms.add(json);
    forms.add(json.replaceAll('/', '\\/'));
    forms.add(dotnetJson);
    forms.add(dotnetJson.replace(/\\u[0-9A-F]{4}/g, (sequence) => sequence.toLowerCase()));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}
