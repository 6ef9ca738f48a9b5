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
 * A value as it may be echoed: verbatim (and trimmed), URL- and form-encoded (see urlEncodings), inside a JSON
 * string — escaped the way JavaScript does, and the way .NET's default encoder does (`+`, `<`, `>`, `&`, `'` and
 * non-ASCII as `\uXXXX`), which is what the GroupDocs service runs on — and in base64 (see base64Spellings).
 */
function spellings(value: string): string[] {
  const forms = new Set<string>();
  for (const raw of [value, value.trim()]) {
    if (raw.length < MIN_SECRET_LENGTH) continue;
    const json = JSON.stringify(raw).slice(1, -1);
    const dotnetJson = json.replace(/[<>&'+`\u007f-\uffff]/g, (char) => unicodeEscape(char));
    forms.add(raw);
    for (const form of urlEncodings(raw)) forms.add(form);
    forms.add(json);
    forms.add(json.replaceAll('/', '\\/'));
    forms.add(dotnetJson);
    forms.add(dotnetJson.replace(/\\u[0-9A-F]{4}/g, (sequence) => sequence.toLowerCase()));
    for (const form of base64Spellings(raw)) forms.add(form);
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * The encoders a value passes through on its way into a URL or a form differ in two things: which of `!'()*~`
 * they leave alone, and whether a space becomes `+` or `%20`. A secret with a space or a `!` (`correct horse!`)
 * has a spelling for each.
 */
const URL_ENCODERS: readonly { keeps: string; spaceAsPlus: boolean }[] = [
  { keeps: "!'()*~", spaceAsPlus: false }, // JavaScript's encodeURIComponent
  { keeps: '~', spaceAsPlus: false }, // RFC 3986: .NET's Uri.EscapeDataString, Python's quote
  { keeps: '*', spaceAsPlus: true }, // HTML forms: URLSearchParams, Java's URLEncoder
  { keeps: '!()*', spaceAsPlus: true }, // .NET's WebUtility.UrlEncode
  { keeps: '~', spaceAsPlus: true }, // Python's quote_plus, Go's QueryEscape
];

/** The value URL- and form-encoded by each of URL_ENCODERS, with upper-case hex and lower-case (.NET's HttpUtility). */
function urlEncodings(raw: string): string[] {
  const encoded = encodeURIComponent(raw);
  return URL_ENCODERS.flatMap(({ keeps, spaceAsPlus }) => {
    const escaped = encoded.replace(/[!'()*~]/g, (char) =>
      keeps.includes(char) ? char : `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
    );
    const form = spaceAsPlus ? escaped.replaceAll('%20', '+') : escaped;
    return [form, form.replace(/%[0-9A-F]{2}/g, (sequence) => sequence.toLowerCase())];
  });
}

/** Shorter base64 spellings are not searched for: a few base64 digits turn up by chance. */
const MIN_BASE64_LENGTH = 8;

/**
 * The value in base64 (and base64url), alone and inside a longer encoded text such as `Basic` credentials
 * (`base64(id:secret)`), where the runner masks it too. Inside, the value starts at any of the three byte positions
 * of a 3-byte group, and each gives other digits; only the digits made of the value's bits alone are searched for
 * (the first ones share bits with the bytes before it, the last one with the bytes after it, unless the text ends
 * there), so a few bits at either end may stay visible, never enough to read the value.
 */
function base64Spellings(raw: string): string[] {
  const bytes = Buffer.from(raw, 'utf8');
  const forms = [bytes.toString('base64')];
  for (const before of [0, 1, 2]) {
    const digits = Buffer.concat([Buffer.alloc(before), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    // Digits holding bits of the bytes before: none, 2 (after one byte) or 3 (after two).
    const atEnd = digits.slice([0, 2, 3][before]);
    const followed = (before + bytes.length) % 3 === 0 ? atEnd : atEnd.slice(0, -1);
    for (const form of [atEnd, followed]) {
      if (form.length < MIN_BASE64_LENGTH) continue;
      forms.push(form, form.replaceAll('+', '-').replaceAll('/', '_'));
    }
  }
  return forms;
}

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}
