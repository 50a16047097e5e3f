/**
 * `POST /site/oauth2/access_token`: the client-credentials grant (and refresh_token), with the
 * RFC 6749 error bodies Bitbucket answers (API-NOTES §5.1).
 */
import type { Authenticator } from './auth.ts';
import { json, type Reply } from './replies.ts';

export const TOKEN_PATH = '/site/oauth2/access_token';

const oauthError = (status: number, error: string, description: string): Reply =>
  json(status, { error_description: description, error });

/** Handles one token request; `body` is the raw request body. */
export function handleTokenRequest(
  auth: Authenticator,
  method: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): { reply: Reply; form: Record<string, string>; clientId?: string } {
  const form: Record<string, string> = {};
  const type = String(headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    for (const [k, v] of new URLSearchParams(body)) form[k] = v;
  }
  // The form is logged, so drop any secret a confused client put in it.
  const logged = { ...form };
  for (const key of ['client_secret', 'refresh_token', 'code', 'assertion', 'password'])
    if (key in logged) logged[key] = '(redacted)';

  if (method !== 'POST')
    return { reply: oauthError(400, 'invalid_request', 'The token endpoint only accepts POST.'), form: logged };
  const authorization = String(headers.authorization ?? '');
  const match = /^Basic\s+(\S+)$/i.exec(authorization);
  if (!match) {
    return {
      reply: oauthError(400, 'unauthorized_client', 'Requests must be authenticated using OAuth client credentials'),
      form: logged,
    };
  }
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const clientId = colon < 0 ? decoded : decoded.slice(0, colon);
  const consumer = auth.consumer(clientId, colon < 0 ? '' : decoded.slice(colon + 1));
  if (!consumer)
    return { reply: oauthError(401, 'invalid_client', 'Invalid OAuth client credentials'), form: logged, clientId };
  if (type !== 'application/x-www-form-urlencoded') {
    return {
      reply: oauthError(400, 'invalid_request', 'The request body must be application/x-www-form-urlencoded.'),
      form: logged,
      clientId,
    };
  }
  const grant = form.grant_type;
  if (!grant)
    return { reply: oauthError(400, 'invalid_request', 'Missing grant_type parameter.'), form: logged, clientId };
  if (grant === 'client_credentials') return { reply: json(200, auth.issue(consumer)), form: logged, clientId };
  if (grant === 'refresh_token') {
    const refreshed = form.refresh_token ? auth.redeemRefreshToken(form.refresh_token, consumer) : undefined;
    if (!refreshed) return { reply: oauthError(400, 'invalid_grant', 'Invalid refresh_token'), form: logged, clientId };
    return { reply: json(200, refreshed), form: logged, clientId };
  }
  return {
    reply: oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grant}`),
    form: logged,
    clientId,
  };
}
