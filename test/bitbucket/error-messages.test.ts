import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  describeRateLimitExhausted,
  describeTokenFailure,
  excerpt,
  parseErrorBody,
  type FailureContext,
} from '../../src/bitbucket/error-messages.ts';

const realdata = (path: string) => readFileSync(new URL(`../realdata/bitbucket/${path}`, import.meta.url), 'utf8');
const json = 'application/json';

const ctx = (status: number, extra: Partial<FailureContext> = {}): FailureContext => ({
  status,
  method: 'GET',
  path: '/repositories/acme/api/pipelines_config/variables?pagelen=100&page=1',
  credentials: 'oauth',
  resource: { workspace: 'acme', repository: 'api' },
  ...extra,
});

describe('parseErrorBody (recorded bodies)', () => {
  it('reads the 403 scope detail object', () => {
    const body = parseErrorBody(realdata('more/gildas-bitbucket-cli__error-privileges.json'), json);
    expect(body.required).toEqual(['project']);
    expect(body.granted).toContain('pipeline:variable');
  });

  it('reads string and list fields of a 400', () => {
    expect(parseErrorBody(realdata('more/gildas-bitbucket-cli__error-badrequest.json'), json).fields).toEqual({
      'links.avatar': 'required key not provided',
    });
    expect(parseErrorBody(realdata('more/gildas-bitbucket-cli__error-badrequest-nobranch.json'), json).fields).toEqual({
      source: 'branch not found: dummy',
    });
  });

  it('reads bodies without a top-level type, RFC 6749 token errors and text/plain', () => {
    expect(
      parseErrorBody(
        realdata('recorded/400.deployments_config-variables.unexpected-response-body.community-atlassian-1320853.json'),
        json,
      ),
    ).toMatchObject({
      message: 'Bad request',
      detail: 'Unexpected response body',
    });
    expect(
      parseErrorBody(realdata('recorded/oauth-token.error.unauthorized_client.p2-OAuth2-issue-96.json'), json),
    ).toMatchObject({
      oauthError: 'unauthorized_client',
      oauthDescription: 'Requests must be authenticated using OAuth client credentials',
    });
    expect(
      parseErrorBody(
        realdata('recorded/401.login-failed.text-plain.GearPlug-bitbucket-python-issue-10.txt'),
        'text/plain',
      ).excerpt,
    ).toMatch(/^Login failed due to incorrect login credentials or method\. For information/);
  });

  it.each([
    ['truncated JSON', '{"type": "error", "error": {"message": "Conf', json],
    ['HTML', '<!DOCTYPE html><html><body>' + 'x'.repeat(5000) + '</body></html>', 'text/html'],
    ['a JSON array', '[1,2,3]', json],
    ['a JSON string', '"boom"', json],
    ['error: null', '{"error": null}', json],
    ['message as an object', '{"error": {"message": {"nested": true}, "fields": {"a": {"b": 1}}}}', json],
    ['empty', '', 'text/plain'],
  ])('never throws on %s and quotes at most a short excerpt', (_name, text, type) => {
    const body = parseErrorBody(text, type);
    const message = describeFailure(ctx(500), body);
    expect(message.length).toBeLessThan(600);
    expect(message).not.toContain('x'.repeat(200));
  });

  it('cuts long text to an excerpt', () => {
    expect(excerpt('a  b\n\nc')).toBe('a b c');
    expect(excerpt('y'.repeat(1000))).toHaveLength(160);
  });
});

describe('describeFailure', () => {
  it('401 says which variables to check and mentions expiry', () => {
    const body = parseErrorBody(realdata('recorded/401.access-token-expired.coveralls-public-issue-1541.json'), json);
    expect(describeFailure(ctx(401), body)).toBe(
      'Bitbucket did not accept the credentials (401) for GET ' +
        '/repositories/acme/api/pipelines_config/variables?pagelen=100&page=1: "Access token expired.". ' +
        'Check BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET (the OAuth consumer key and secret) and that ' +
        'BITBUCKET_TOKEN_URL belongs to the same Bitbucket as BITBUCKET_API_URL; bb-vars already fetched a fresh ' +
        'token once.',
    );
    expect(describeFailure(ctx(401, { credentials: 'access-token' }), body)).toContain(
      'access tokens expire on the date chosen at creation',
    );
    expect(describeFailure(ctx(401, { credentials: 'api-token' }), body)).toContain('your Atlassian account e-mail');
  });

  it('403 names the missing scopes and how to grant them per credential kind', () => {
    const body = parseErrorBody(realdata('more/gildas-bitbucket-cli__error-privileges.json'), json);
    const oauth = describeFailure(ctx(403), body);
    expect(oauth).toContain(
      'the credentials lack the scope project (granted: runner:write, pipeline:variable, issue:write, ' +
        'pullrequest:write, account)',
    );
    expect(oauth).toContain('Workspace settings → OAuth consumers → Edit → Permissions');
    expect(describeFailure(ctx(403, { credentials: 'api-token' }), body)).toContain(
      'read:pipeline:bitbucket and admin:pipeline:bitbucket (plus read:pullrequest:bitbucket',
    );
    expect(describeFailure(ctx(403, { credentials: 'access-token' }), body)).toContain(
      "An access token's scopes cannot be changed",
    );
  });

  it('403 without detail explains the permission needed', () => {
    const body = parseErrorBody(realdata('recorded/403.forbidden.avivsinai-bitbucket-cli-issue-30.json'), json);
    expect(describeFailure(ctx(403), body)).toContain(
      '"Forbidden". The account behind the credentials needs admin permission on the repository',
    );
  });

  it('404 names the repository and suggests checking the slugs', () => {
    const body = parseErrorBody('{"error":{"message":"Repository acme/api not found."}}', json);
    expect(describeFailure(ctx(404), body)).toBe(
      'Not found (404): GET /repositories/acme/api/pipelines_config/variables?pagelen=100&page=1 — Bitbucket says ' +
        '"Repository acme/api not found.". ' +
        "Check that repository 'acme/api' exists and that the credentials can see it. Use slugs as in the " +
        "repository's URL: bitbucket.org/acme/api.",
    );
    const env = describeFailure(
      ctx(404, { resource: { workspace: 'acme', repository: 'api', environmentUuid: '{e-1}' } }),
      body,
    );
    expect(env).toContain("deployment environment {e-1} of repository 'acme/api'");
    expect(env).toContain('run reconcile again');
  });

  it('409 names the key or environment', () => {
    const body = parseErrorBody(
      '{"type":"error","error":{"message":"Conflict","detail":"A variable with the key provided already exists for ' +
        'account x"}}',
      json,
    );
    expect(
      describeFailure(
        ctx(409, { method: 'POST', resource: { workspace: 'acme', repository: 'api', key: 'DB_HOST' } }),
        body,
      ),
    ).toContain("a variable with key 'DB_HOST' already exists in repository 'acme/api'");
    expect(
      describeFailure(
        ctx(409, { method: 'POST', resource: { workspace: 'acme', repository: 'api', environmentName: 'prod' } }),
        body,
      ),
    ).toContain("an environment named 'prod' already exists in repository 'acme/api'");
  });

  it('400 quotes Bitbucket message and fields', () => {
    const body = parseErrorBody(
      '{"type":"error","error":{"message":"Bad request","fields":{"type":"extra keys not allowed"}}}',
      json,
    );
    expect(describeFailure(ctx(400, { method: 'POST' }), body)).toBe(
      'Bitbucket rejected POST /repositories/acme/api/pipelines_config/variables?pagelen=100&page=1 as invalid ' +
        '(400): "Bad request" fields: type: extra keys not allowed.',
    );
  });

  it('HTML answers point at the API URL', () => {
    expect(describeFailure(ctx(400), parseErrorBody('<html><body>Hello</body></html>', 'text/html'))).toContain(
      'an HTML page instead of an API answer',
    );
  });

  it('rate limit exhaustion says how to proceed', () => {
    const message = describeRateLimitExhausted('GET /x', 7, 95_000);
    expect(message).toBe(
      "Bitbucket's rate limit is exhausted: GET /x still answered 429 after 7 tries over 95.0 s. Bitbucket allows " +
        'about 1,000 API requests per rolling hour per OAuth consumer (each access token has its own allowance), so ' +
        'wait up to an hour and run again, or do less per run: --target, --max-requests, or a lower --concurrency.',
    );
  });
});

describe('describeTokenFailure', () => {
  it('explains public consumers and missing callback URLs', () => {
    const url = 'https://bitbucket.org/site/oauth2/access_token';
    expect(
      describeTokenFailure(
        400,
        url,
        parseErrorBody(realdata('recorded/oauth-token.400.invalid_grant.public-consumer.composer-pr-10678.json'), json),
      ),
    ).toContain("tick 'This is a private consumer'");
    expect(
      describeTokenFailure(
        400,
        url,
        parseErrorBody(
          '{"error":"invalid_request","error_description":"No callback uri defined for the OAuth client."}',
          json,
        ),
      ),
    ).toContain('needs a callback URL');
    expect(
      describeTokenFailure(
        401,
        url,
        parseErrorBody('{"error":"invalid_client","error_description":"Invalid client credentials"}', json),
      ),
    ).toBe(
      'The OAuth token request to https://bitbucket.org/site/oauth2/access_token failed (HTTP 401): invalid_client: ' +
        '"Invalid client credentials". ' +
        'Check BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET (the OAuth consumer key and secret) and ' +
        'BITBUCKET_TOKEN_URL. The consumer must be private and have a callback URL; see docs/auth.md.',
    );
  });
});
