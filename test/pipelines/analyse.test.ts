/** The pipelines checker over realistic pipeline files: what it reports, where, and what it leaves alone. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/config/load.ts';
import { formatIssue } from '../../src/errors.ts';
import { checkPipelines } from '../../src/pipelines/check.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const MANIFEST = fixture('bb-vars.yaml');
const CLEAN = fixture('clean.yml');

async function check(pipelines: string, repository = 'shop', manifest = MANIFEST): Promise<string[]> {
  const loaded = parseManifest(manifest, { file: '/repo/bb-vars.yaml', displayFile: 'bb-vars.yaml' });
  return checkPipelines(pipelines, 'bitbucket-pipelines.yml', loaded, repository).issues.map(formatIssue);
}

/** Only the errors, first line of each. */
async function errors(pipelines: string, repository = 'shop', manifest = MANIFEST): Promise<string[]> {
  return (await check(pipelines, repository, manifest))
    .filter((l) => !l.includes('  warning: '))
    .map((l) => l.split('\n')[0]!);
}

/** A pipeline of one step running `lines`, which uses every repository variable so none is unused. */
function oneStep(lines: string[], extra = ''): string {
  const script = lines.map((l) => `          - ${l}\n`).join('');
  return `pipelines:\n  default:\n    - step:\n        name: Build\n${extra}        script:\n${script}`;
}

/** The same step, once with a deployment: uses every deployment variable of the manifest. */
const USES_ALL = `
  custom:
    everything:
      - step:
          name: Uses all
          script:
            - echo "$NPM_TOKEN $DOCKER_USER $DOCKER_PASSWORD $IMAGE_NAME $SLACK_WEBHOOK"
      - step:
          name: Staging
          deployment: staging
          script:
            - echo "$API_URL $DEPLOY_ROLE"
      - step:
          name: Production
          deployment: production
          script:
            - echo "$API_URL $DEPLOY_ROLE $CDN_DISTRIBUTION_ID"
`;

describe('validate --pipelines: a clean pipeline', () => {
  it('passes a pipeline that uses what it declares, through anchors, parallel groups, stages and pipes', async () => {
    expect(await check(CLEAN)).toEqual([]);
  });
});

describe('validate --pipelines: undeclared variables', () => {
  it('reports an undeclared variable at file:line:col, once for a step several pipelines share', async () => {
    const text = CLEAN.replace('npm ci', 'npm ci --registry "$NPM_REGISTRY"');
    expect(await check(text)).toEqual([
      'bitbucket-pipelines.yml:16:32  step "Build" (default, branches main, pull-requests **, tags v*, ' +
        'bookmarks release-*): ' +
        '$NPM_REGISTRY is not declared for shop (workspace or repository variables) and not set earlier in the step\n' +
        '    hint: declare it in the manifest, set it earlier in the script, or write ${NPM_REGISTRY:-} where ' +
        'an unset value is fine',
    ]);
  });

  it('suggests the closest declared name for a typo', async () => {
    const text = CLEAN.replace('"$IMAGE_NAME:$VERSION"', '"$IMAGE_NAEM:$VERSION"');
    const [first] = await check(text);
    expect(first).toContain('bitbucket-pipelines.yml:18:30  step "Build"');
    expect(first).toContain('hint: did you mean $IMAGE_NAME? declare it in the manifest');
  });

  it('points at the right occurrence when the same text appears twice in a command', async () => {
    const text = oneStep(['echo \'$MISSING\' "$MISSING"']) + USES_ALL;
    expect(await errors(text)).toEqual([
      expect.stringMatching(/^bitbucket-pipelines\.yml:6:30 {2}step "Build" \(default\): \$MISSING is not declared/),
    ]);
  });

  it('finds the braced form and uses after a command substitution', async () => {
    const text = oneStep(['echo "${MISSING_A}" && echo "$(date)-${MISSING_B%%.*}"']) + USES_ALL;
    expect(await errors(text)).toEqual([
      expect.stringMatching(/^bitbucket-pipelines\.yml:6:19 {2}.*\$MISSING_A is not declared/),
      expect.stringMatching(/^bitbucket-pipelines\.yml:6:50 {2}.*\$MISSING_B is not declared/),
    ]);
  });

  it('checks every kind of pipeline, parallel groups (both forms), stages and after-script', async () => {
    const text = `pipelines:
  default:
    - step:
        name: S1
        script: [echo $MISSING_1]
  branches:
    main:
      - step:
          name: S2
          script: [echo $MISSING_2]
  pull-requests:
    '**':
      - parallel:
          - step:
              name: S3
              script: [echo $MISSING_3]
  tags:
    'v*':
      - parallel:
          steps:
            - step:
                name: S4
                script: [echo $MISSING_4]
  bookmarks:
    b:
      - stage:
          name: St
          steps:
            - step:
                name: S5
                script: [echo $MISSING_5]
  custom:
    c:
      - step:
          name: S6
          script: ['true']
          after-script:
            - echo $MISSING_6
`;
    const found = await errors(text);
    expect(found.map((l) => /\$(MISSING_\d)/.exec(l)?.[1])).toEqual([
      'MISSING_1',
      'MISSING_2',
      'MISSING_3',
      'MISSING_4',
      'MISSING_5',
      'MISSING_6',
    ]);
    expect(found[2]).toContain('step "S3" (pull-requests **)');
    expect(found[5]).toContain('step "S6" (custom c)');
  });

  it('names an unnamed step by its position', async () => {
    const text =
      'pipelines:\n  default:\n    - step:\n        script: [true]\n' +
      '    - step:\n        script:\n          - echo $MISSING\n';
    expect(await errors(text)).toEqual([expect.stringMatching(/:7:18 {2}step "step 2" \(default\): \$MISSING/)]);
  });

  it('checks the values given to pipes, not their names', async () => {
    const text = CLEAN.replace(
      'WEBHOOK_URL: $SLACK_WEBHOOK',
      'WEBHOOK_URL: $SLACK_WEBHOK\n              CHANNEL: builds',
    );
    expect(await errors(text)).toEqual([
      expect.stringMatching(
        /^bitbucket-pipelines\.yml:30:28 {2}step "Deploy" \(branches main\): \$SLACK_WEBHOK is not declared/,
      ),
      expect.stringMatching(
        /^bitbucket-pipelines\.yml:30:28 {2}step "Deploy production" \(branches main\): \$SLACK_WEBHOK is not declared/,
      ),
    ]);
  });

  it('checks image credentials against the step that pulls the image', async () => {
    const text = CLEAN.replace('password: $DOCKER_PASSWORD', 'password: $REGISTRY_PASSWORD');
    expect(
      (await errors(text)).every(
        (l) => l.startsWith('bitbucket-pipelines.yml:7:13  ') && l.includes('$REGISTRY_PASSWORD'),
      ),
    ).toBe(true);
    expect(await errors(text)).not.toEqual([]);
  });
});

describe('validate --pipelines: deployment variables', () => {
  it('reports a deployment variable used by a step that does not deploy', async () => {
    const text = oneStep(['curl "$API_URL"']) + USES_ALL;
    expect(await check(text)).toEqual([
      'bitbucket-pipelines.yml:6:19  step "Build" (default): $API_URL is a variable of deployment staging, ' +
        'production, and this step does not deploy\n' +
        '    hint: add `deployment: staging` to the step, or declare API_URL where this step sees it',
    ]);
  });

  it('reports a variable of another deployment than the step deploys to', async () => {
    const text = CLEAN.replace('curl -fsS "$API_URL/health"', 'curl -fsS "$API_URL/$CDN_DISTRIBUTION_ID"');
    expect(await errors(text)).toEqual([
      'bitbucket-pipelines.yml:27:33  step "Deploy" (branches main): $CDN_DISTRIBUTION_ID is a variable of ' +
        'deployment production, and this step deploys to staging',
    ]);
  });

  it("gives a stage's steps its deployment, and a merged step the deployment it adds", async () => {
    const staged = CLEAN.replace('          deployment: production\n          steps:', '          steps:');
    expect(await errors(staged)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'step "Invalidate CDN" (branches main): $CDN_DISTRIBUTION_ID is a variable of deployment production',
        ),
      ]),
    );
    const merged = CLEAN.replace('          <<: *deploy\n          deployment: staging', '          <<: *deploy');
    expect(await errors(merged)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'step "Deploy" (branches main): $DEPLOY_ROLE is a variable of deployment staging, production',
        ),
      ]),
    );
  });

  it('matches the deployment name regardless of case, as Bitbucket does', async () => {
    const text = oneStep(['curl "$API_URL"'], '        deployment: Staging\n') + USES_ALL;
    expect(await errors(text)).toEqual([]);
  });
});

describe('validate --pipelines: what is not a use of an undeclared variable', () => {
  it('leaves Bitbucket defaults, shell and image variables, positional and special parameters alone', async () => {
    const lines = [
      'echo "$BITBUCKET_COMMIT $BITBUCKET_BUILD_NUMBER $BITBUCKET_CLONE_DIR $BITBUCKET_DEPLOYMENT_ENVIRONMENT ' +
        '$BITBUCKET_SSH_KEY_FILE"',
      'echo "$CI $PIPELINES_JWT_TOKEN $DOCKER_HOST $BITBUCKET_SOMETHING_NEW"',
      'echo "$HOME $PATH $PWD $USER $RANDOM $JAVA_HOME" $1 $@ $? $# $* $! $- $0 "${10}"',
    ];
    expect(await errors(oneStep(lines) + USES_ALL)).toEqual([]);
  });

  it('leaves single-quoted, escaped and $$ text alone (sh does not expand it)', async () => {
    const lines = [
      `echo '$NOPE_A' "\\$NOPE_B" $$NOPE_C $'$NOPE_D'`,
      `sed -e 's/$NOPE_E/x/' file`,
      `awk '{ print $NOPE_F }'`,
    ];
    expect(await errors(oneStep(lines) + USES_ALL)).toEqual([]);
  });

  it('still sees a variable inside single quotes within double quotes, and in an unquoted here-document', async () => {
    const lines = [
      `echo "it's $MISSING_A"`,
      "|\n            cat <<EOF\n            '$MISSING_B'\n            EOF",
      "|\n            cat <<'EOF'\n            $NOPE\n            EOF",
    ];
    expect(await errors(oneStep(lines) + USES_ALL)).toEqual([
      expect.stringMatching(/^bitbucket-pipelines\.yml:6:24 {2}step "Build" \(default\): \$MISSING_A is not declared/),
      expect.stringMatching(/^bitbucket-pipelines\.yml:9:14 {2}step "Build" \(default\): \$MISSING_B is not declared/),
    ]);
  });

  it('accepts variables set earlier in the step, but not before they are set', async () => {
    const lines = [
      'export VERSION=1.2',
      'TAG=v$VERSION',
      'local COUNT=0 || true',
      'declare -x MODE=fast',
      'read -r ANSWER < answer.txt',
      'for ITEM in a b; do echo "$ITEM"; done',
      'echo "$VERSION $TAG $COUNT $MODE $ANSWER ${DEFAULTED:=x} $DEFAULTED"',
      'echo "$LATER"',
      'LATER=1',
    ];
    expect(await errors(oneStep(lines) + USES_ALL)).toEqual([
      expect.stringMatching(/:13:19 {2}step "Build" \(default\): \$LATER is not declared/),
    ]);
  });

  it('follows a command shared through a scalar anchor', async () => {
    const text =
      'definitions:\n  mvnVars: &setEnv export MAVEN_ARGS="-B" && export MAVEN_OPTS="-Xmx1g"\n' +
      oneStep(['*setEnv', 'mvn install $MAVEN_ARGS $MAVEN_SETTINGS']) +
      USES_ALL;
    expect(await errors(text)).toEqual([
      expect.stringMatching(/:9:37 {2}step "Build" \(default\): \$MAVEN_SETTINGS is not declared/),
    ]);
  });

  it("sees that an assignment's own value is expanded before the assignment", async () => {
    const found = await errors(oneStep(['docker build --build-arg NPM_AUTH=$NPM_AUTH .', 'REGION=$REGION']) + USES_ALL);
    expect(found.map((l) => /\$(\w+) is/.exec(l)?.[1])).toEqual(['NPM_AUTH', 'REGION']);
  });

  it('accepts expansions that cope with an unset variable', async () => {
    expect(await errors(oneStep(['echo "${OPTIONAL:-none} ${FLAG:+--flag} ${OTHER-}"']) + USES_ALL)).toEqual([]);
    expect(await errors(oneStep(['echo "${REQUIRED:?must be set}"']) + USES_ALL)).toEqual([
      expect.stringContaining('$REQUIRED is not declared'),
    ]);
  });

  it('stops reporting after code it cannot read runs (source, eval)', async () => {
    const lines = ['echo "$BEFORE"', '. ./env.sh', 'echo "$FROM_ENV_FILE"'];
    expect(await errors(oneStep(lines) + USES_ALL)).toEqual([expect.stringContaining('$BEFORE is not declared')]);
    expect(await errors(oneStep(['eval "$(ssh-agent -s)"', 'echo "$SSH_AGENT_PID"']) + USES_ALL)).toEqual([]);
  });

  it('accepts the variables a custom pipeline asks for when it is run', async () => {
    const text = CLEAN.replace('          - name: ROLLBACK_TO\n', '          - name: ROLLBACK_TARGET\n');
    expect(await errors(text)).toEqual([
      expect.stringMatching(/:86:30 {2}step "Roll back" \(custom rollback\): \$ROLLBACK_TO is not declared/),
    ]);
  });

  it('does not read Windows steps (PowerShell)', async () => {
    const text = oneStep(['Write-Host $env:MISSING'], "        runs-on: ['self.hosted', 'windows']\n") + USES_ALL;
    expect(await errors(text)).toEqual([]);
    expect(await errors(oneStep(['echo $env:MISSING']) + USES_ALL)).not.toEqual([]);
  });
});

describe('validate --pipelines: unused declarations', () => {
  it('warns, at the manifest line, about a repository variable no step uses', async () => {
    const text = CLEAN.replace('-Dsonar.login="$SONAR_TOKEN" ', '').replace(
      'WEBHOOK_URL: $SLACK_WEBHOOK',
      'WEBHOOK_URL: https://example.com',
    );
    expect(await check(text)).toEqual([
      'bb-vars.yaml:15:7  warning: repositories.shop.variables.SLACK_WEBHOOK: declared, but no step of ' +
        'bitbucket-pipelines.yml uses $SLACK_WEBHOOK\n' +
        '    hint: remove it if nothing needs it (bb-vars sees $NAME in scripts and pipe variables, not ' +
        'programs that read the environment themselves)',
    ]);
  });

  it('warns about a deployment no step deploys to, and a deployment variable its steps do not use', async () => {
    const text = oneStep(
      ['echo "$NPM_TOKEN $DOCKER_USER $DOCKER_PASSWORD $IMAGE_NAME $SLACK_WEBHOOK $API_URL"'],
      '        deployment: production\n',
    );
    expect((await check(text)).map((l) => l.split('\n')[0])).toEqual([
      'bb-vars.yaml:17:7  warning: repositories.shop.deployments.staging: no step of bitbucket-pipelines.yml ' +
        'deploys to staging, so none sees its 2 variables',
      'bb-vars.yaml:24:11  warning: repositories.shop.deployments.production.variables.DEPLOY_ROLE: declared, ' +
        'but no step deploying to production of bitbucket-pipelines.yml uses $DEPLOY_ROLE',
      'bb-vars.yaml:25:11  warning: repositories.shop.deployments.production.variables.CDN_DISTRIBUTION_ID: ' +
        'declared, but no step deploying to production of bitbucket-pipelines.yml uses $CDN_DISTRIBUTION_ID',
    ]);
  });
});

describe('validate --pipelines: the file itself', () => {
  it('reports YAML errors at their place and a file without pipelines', async () => {
    expect(await check('pipelines:\n  default:\n    - step:\n      script: [a\n')).toEqual([
      expect.stringMatching(/^bitbucket-pipelines\.yml:\d+:\d+ {2}invalid YAML/),
    ]);
    expect(await check('image: node:20\n')).toEqual([
      'bitbucket-pipelines.yml:1:1  has no `pipelines:` section\n    hint: check that --pipelines names the ' +
        'bitbucket-pipelines.yml of the repository',
    ]);
  });

  it('passes the bundled example pipeline against the bundled manifest', async () => {
    const root = path.join(import.meta.dirname, '../..');
    const example = readFileSync(path.join(root, 'examples/bitbucket-pipelines.yml'), 'utf8');
    const manifest = readFileSync(path.join(root, 'examples/bb-vars.yaml'), 'utf8');
    expect(await check(example, 'bb-vars-config', manifest)).toEqual([]);
  });
});
