/**
 * What a handler answers, and the error bodies in the shapes Bitbucket Cloud really uses
 * (see spec/bitbucket/API-NOTES.md §4 and test/realdata/bitbucket/recorded/).
 */

/** Marks replies; a symbol key, so no parsed JSON body can ever pass for a reply. */
export const REPLY: unique symbol = Symbol('sandbox.reply');

/** A response before it is written; `text` wins over `body`. */
export interface Reply {
  [REPLY]: true;
  status: number;
  body?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** The request changed the store. */
  applied?: boolean;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply =>
  headers ? { [REPLY]: true, status, body, headers } : { [REPLY]: true, status, body };

export const text = (status: number, contentType: string, body: string): Reply => ({
  [REPLY]: true,
  status,
  text: body,
  contentType,
});

/** A reply without a body: 204 by default (202 for accepted environment changes). */
export const noContent = (status = 204): Reply => ({ [REPLY]: true, status });

export const isReply = (value: unknown): value is Reply =>
  typeof value === 'object' && value !== null && REPLY in value;

/** The same reply, flagged as having changed the store. */
export const applied = (reply: Reply): Reply => ({ ...reply, applied: true });

/** `{"type":"error","error":{…}}`, the standard envelope. */
export function apiError(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return json(status, { type: 'error', error: { message, ...extra } });
}

/** Some real errors come without the top-level `type` (e.g. repository 404s, environment 400s). */
export function bareError(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return json(status, { error: { message, ...extra } });
}

export const badRequest = (fields: Record<string, string | string[]>, detail?: string): Reply =>
  apiError(400, 'Bad request', detail === undefined ? { fields } : { fields, detail });

/** A `q=` or `sort=` Bitbucket cannot parse. The exact wording is not documented; the shape is the standard one. */
export const invalidQuery = (detail: string): Reply => apiError(400, 'Invalid query', { detail });

export const noApiHere = (): Reply =>
  apiError(404, 'Resource not found', {
    detail:
      "There is no API hosted at this URL.\n\nFor information about our API's, please refer to the documentation at: https://developer.atlassian.com/bitbucket/api/2/reference/",
  });

/** Bitbucket answers un-encoded `{uuid}` braces in a path with this (COMM qaq-p/1320853). */
export const unexpectedResponseBody = (): Reply =>
  bareError(400, 'Bad request', {
    detail: 'Unexpected response body',
    data: { key: 'unexpected.response.body', arguments: {} },
  });

export const rateLimited = (): Reply => text(429, 'text/plain', 'Rate limit for this resource has been exceeded');

export const tokenExpired = (): Reply => apiError(401, 'Access token expired.');
export const tokenInvalid = (): Reply =>
  apiError(401, 'Token is invalid, expired, or not supported for this endpoint.');

/** Bad Basic credentials: Bitbucket answers plain text (recorded 401.login-failed.text-plain). */
export const loginFailed = (): Reply =>
  text(
    401,
    'text/plain',
    'Login failed due to incorrect login credentials or method.\n' +
      'For information on authentication methods for Bitbucket Cloud APIs, visit:\n' +
      '    https://developer.atlassian.com/cloud/bitbucket/rest/intro/#authentication\n' +
      'If you are unsure of which login details or login method to use, visit:\n' +
      '    https://support.atlassian.com/bitbucket-cloud/docs/log-into-or-connect-to-bitbucket-cloud/\n',
  );

export const forbidden = (): Reply => apiError(403, 'Forbidden');

export const missingScopes = (required: string[], granted: string[]): Reply =>
  apiError(403, 'Your credentials lack one or more required privilege scopes.', { detail: { required, granted } });

/** The internal URL of the repository-variables `next` bug answers this (JIRA BCLOUD-20910). */
export const internalUnauthorized = (): Reply =>
  bareError(401, 'Unauthorized', {
    detail: 'No authorization provider header specified.',
    data: { key: 'rest-service.rest-service.unauthorized', arguments: {} },
  });

export function serverError(status: 500 | 502 | 503): Reply {
  if (status === 500) return apiError(500, 'Something went wrong', { id: '5a0f3c9e2b7d4e61a8c0d2f4b6e8a1c3' });
  const title = status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
  return text(
    status,
    'text/html',
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`,
  );
}
