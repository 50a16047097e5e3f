/**
 * Variables a Pipelines step has without anyone declaring them: Bitbucket's default variables
 * and what the shell or a typical build image sets. The one list of them (docs/pipelines.md
 * points here).
 */

/** Every variable whose name starts with this is Bitbucket's own (BITBUCKET_COMMIT, BITBUCKET_EXIT_CODE, …). */
export const BITBUCKET_PREFIX = 'BITBUCKET_';

/**
 * Bitbucket's default variables
 * (https://support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets/). Those starting
 * with BITBUCKET_ are covered by the prefix; they are listed for the record.
 */
export const PIPELINES_DEFAULT_VARIABLES: readonly string[] = [
  'CI',
  'DOCKER_HOST',
  'PIPELINES_JWT_TOKEN',
  'BITBUCKET_BOOKMARK',
  'BITBUCKET_BRANCH',
  'BITBUCKET_BUILD_NUMBER',
  'BITBUCKET_CLONE_DIR',
  'BITBUCKET_COMMIT',
  'BITBUCKET_DEPLOYMENT_ENVIRONMENT',
  'BITBUCKET_DEPLOYMENT_ENVIRONMENT_UUID',
  'BITBUCKET_DOCKER_HOST_INTERNAL',
  'BITBUCKET_EXIT_CODE',
  'BITBUCKET_GIT_HTTP_ORIGIN',
  'BITBUCKET_GIT_SSH_ORIGIN',
  'BITBUCKET_PARALLEL_STEP',
  'BITBUCKET_PARALLEL_STEP_COUNT',
  'BITBUCKET_PIPELINE_UUID',
  'BITBUCKET_PR_DESTINATION_BRANCH',
  'BITBUCKET_PR_ID',
  'BITBUCKET_PROJECT_KEY',
  'BITBUCKET_PROJECT_UUID',
  'BITBUCKET_REPO_FULL_NAME',
  'BITBUCKET_REPO_IS_PRIVATE',
  'BITBUCKET_REPO_OWNER',
  'BITBUCKET_REPO_OWNER_UUID',
  'BITBUCKET_REPO_SLUG',
  'BITBUCKET_REPO_UUID',
  'BITBUCKET_SSH_KEY_FILE',
  'BITBUCKET_STEP_OIDC_TOKEN',
  'BITBUCKET_STEP_TRIGGERER_UUID',
  'BITBUCKET_STEP_UUID',
  'BITBUCKET_TAG',
  'BITBUCKET_WORKSPACE',
];

/** Set by the shell itself, or by the environment every build container has. */
export const SHELL_VARIABLES: readonly string[] = [
  'BASH',
  'BASHOPTS',
  'BASHPID',
  'BASH_SOURCE',
  'BASH_VERSION',
  'BASH_REMATCH',
  'COLUMNS',
  'DIRSTACK',
  'EPOCHREALTIME',
  'EPOCHSECONDS',
  'EUID',
  'FUNCNAME',
  'GROUPS',
  'HOME',
  'HOSTNAME',
  'HOSTTYPE',
  'IFS',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LINENO',
  'LINES',
  'LOGNAME',
  'MACHTYPE',
  'OLDPWD',
  'OPTARG',
  'OPTERR',
  'OPTIND',
  'OSTYPE',
  'PATH',
  'PIPESTATUS',
  'PPID',
  'PS1',
  'PS2',
  'PS4',
  'PWD',
  'RANDOM',
  'REPLY',
  'SECONDS',
  'SHELL',
  'SHELLOPTS',
  'SHLVL',
  'TERM',
  'TMPDIR',
  'TZ',
  'UID',
  'USER',
];

/** Set by common build images (their Dockerfile's ENV), which bb-vars cannot read. */
export const IMAGE_VARIABLES: readonly string[] = [
  'ANDROID_HOME',
  'ANDROID_SDK_ROOT',
  'CARGO_HOME',
  'COMPOSER_HOME',
  'DOTNET_ROOT',
  'GEM_HOME',
  'GOPATH',
  'GOROOT',
  'GRADLE_HOME',
  'JAVA_HOME',
  'JAVA_VERSION',
  'MAVEN_CONFIG',
  'MAVEN_HOME',
  'NODE_VERSION',
  'NVM_DIR',
  'PYTHON_VERSION',
  'RUSTUP_HOME',
  'VIRTUAL_ENV',
  'YARN_VERSION',
];

const KNOWN: ReadonlySet<string> = new Set([...PIPELINES_DEFAULT_VARIABLES, ...SHELL_VARIABLES, ...IMAGE_VARIABLES]);

/** True for a variable every step has without a declaration. */
export function isAlwaysSet(name: string): boolean {
  return name.startsWith(BITBUCKET_PREFIX) || KNOWN.has(name);
}
