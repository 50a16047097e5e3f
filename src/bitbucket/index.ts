/** Public surface of the Bitbucket Cloud client. */
export { BitbucketClient, DEFAULT_CONCURRENCY, MAX_CONCURRENCY, PAGELEN, USER_AGENT } from './client.ts';
export {
  clientOptionsFromEnv,
  credentialSecret,
  credentialsFromEnv,
  DEFAULT_API_URL,
  DEFAULT_TOKEN_URL,
} from './credentials.ts';
export { readLiveState } from './read-state.ts';
export type * from './types.ts';
