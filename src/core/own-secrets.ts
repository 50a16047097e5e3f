/**
 * The environment variables that hold bb-vars' own credentials and fingerprint keys. A variable
 * value that contains one of them is refused unless secured: it would reach plans and pull
 * requests, and any pipeline step could act as bb-vars.
 */
export const OWN_SECRET_ENV = [
  'BITBUCKET_CLIENT_SECRET',
  'BITBUCKET_ACCESS_TOKEN',
  'BITBUCKET_API_TOKEN',
  'BB_VARS_FINGERPRINT_KEY',
  'BB_VARS_FINGERPRINT_KEY_PREVIOUS',
] as const;
