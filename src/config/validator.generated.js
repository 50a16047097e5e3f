/* eslint-disable */
/**
 * generated, do not edit: run `npm run gen:types` after changing schema/bb-vars.schema.json.
 */
import * as ucs2 from 'ajv/dist/runtime/ucs2length.js';
const ucs2length = ucs2.default.default ?? ucs2.default;
('use strict');
export const manifest = validate10;
const schema11 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://unpkg.com/bb-vars/schema/bb-vars.schema.json',
  title: 'Manifest',
  description:
    'bb-vars manifest (format version 1): which Bitbucket Pipelines variables must exist in a workspace, its repositories and their deployment environments, and where their values come from.',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    $schema: {
      title: 'JSON Schema',
      description:
        'Optional link to this schema, for editors (JSON files). YAML files use the `# yaml-language-server: $schema=...` comment instead.',
      type: 'string',
    },
    version: { title: 'Format version', description: 'Manifest format version. Always 1.', const: 1 },
    id: {
      title: 'Manifest id',
      description:
        'Names this manifest: bb-vars keeps ownership per id, so manifests with different ids can manage variables in the same repository. Lowercase letters, digits and `-`, at most 40 characters. Default: default.',
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9-]{0,39}$',
      default: 'default',
      examples: ['default', 'platform'],
    },
    workspace: {
      title: 'Workspace',
      description: 'Bitbucket workspace ID (slug) or UUID in braces. Default: $BITBUCKET_WORKSPACE.',
      type: 'string',
      pattern: '^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*|\\{[0-9A-Fa-f-]{36}\\})$',
      maxLength: 62,
      examples: ['acme'],
    },
    home: {
      $ref: '#/definitions/repositorySlug',
      title: 'Home repository',
      description:
        "The repository where bb-vars keeps this manifest's lock and inventory (repository variables BB_VARS_LOCK and BB_VARS_INVENTORY). Default: $BITBUCKET_REPO_SLUG when the manifest declares that repository, else the first declared repository in code-unit order. Required to apply a manifest that declares no repository.",
      examples: ['infrastructure'],
    },
    prune: {
      $ref: '#/definitions/prune',
      description: 'Default prune mode for every scope (workspace, repositories, deployments). Default: managed.',
    },
    sources: {
      title: 'Sources',
      description:
        'Named sources of values, referenced as `from: <source>.<output>[.<path>]` and `${<source>.<output>}` in templates.',
      type: 'object',
      propertyNames: { $ref: '#/definitions/sourceName' },
      additionalProperties: { $ref: '#/definitions/source' },
    },
    workspace_variables: {
      title: 'Workspace variables',
      description:
        "Workspace variables: a map KEY -> value, or `{ prune, variables }` to set the workspace's prune mode.",
      anyOf: [{ $ref: '#/definitions/workspaceScope' }, { $ref: '#/definitions/variables' }],
    },
    repositories: {
      title: 'Repositories',
      description: 'Repositories by slug, each with its variables and deployment environments.',
      type: 'object',
      propertyNames: { $ref: '#/definitions/repositorySlug' },
      additionalProperties: { $ref: '#/definitions/repository' },
    },
    policy: {
      title: 'Policy',
      description:
        'Guard rails: `reconcile --apply` refuses a plan that breaks them (exit 1, nothing written) unless given --allow-destructive. See docs/policy.md.',
      type: 'object',
      additionalProperties: false,
      properties: {
        protected: {
          title: 'Protected scopes',
          description:
            'Scopes where a delete, a replace or an un-securing is a violation: `workspace`, `<repo>` (its variables and all its deployments), `<repo>/<env>`, or `project:<KEY>`.',
          type: 'array',
          items: { type: 'string' },
          examples: [['workspace', 'api-service/production']],
        },
        max_deletes: {
          title: 'Most deletes',
          description:
            'A plan deleting more variables than this is a violation (the guard against a wrong `prune: all` or a broken source).',
          type: 'integer',
          minimum: 0,
          examples: [10],
        },
      },
    },
    projects: {
      title: 'Projects',
      description:
        "Bitbucket projects by key: their variables and deployments are set in every repository of the project, listed at plan time (a repository that joins later gets them on the next run; one that leaves is pruned). A repository's own declaration under `repositories:` wins per key.",
      type: 'object',
      propertyNames: { $ref: '#/definitions/projectKey' },
      additionalProperties: { $ref: '#/definitions/project' },
    },
  },
  definitions: {
    prune: {
      title: 'Prune mode',
      description:
        'Which undeclared variables reconcile deletes: `managed` (default) only those bb-vars manages; `all` every undeclared variable; `none` never deletes.',
      type: 'string',
      enum: ['managed', 'all', 'none'],
    },
    sourceName: {
      title: 'Source name',
      description:
        'Letters, digits, `_` and `-`, not starting with a digit or `-`. `env` is reserved for `${env.NAME}` in templates.',
      type: 'string',
      pattern: '^[A-Za-z_][A-Za-z0-9_-]*$',
      maxLength: 64,
    },
    repositorySlug: {
      title: 'Repository slug',
      description: "The repository's slug as in its URL: letters, digits, `-`, `_`, `.`.",
      type: 'string',
      pattern: '^[A-Za-z0-9_.-]+$',
      maxLength: 128,
    },
    variableKey: {
      title: 'Variable key',
      description:
        "Bitbucket's rule: letters, digits and `_`, not starting with a digit. Keys starting with `BB_VARS_` are reserved.",
      type: 'string',
      pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
      maxLength: 255,
    },
    secured: {
      title: 'Secured',
      description:
        'Store as a secured variable (write-only in Bitbucket, masked in logs). Default: true when the value depends on a sensitive Terraform output, else false.',
      type: 'boolean',
    },
    encoding: {
      title: 'Encoding',
      description:
        "`utf8` (default): the value as is. `base64`: the UTF-8 bytes of the final value (after `format:` and templates) base64-encoded; for `file:`, the file's bytes as read. Pipelines variables cannot hold line breaks, so multi-line values (PEM keys, certificates, JSON documents) need `base64`.",
      type: 'string',
      enum: ['utf8', 'base64'],
    },
    source: {
      title: 'Source',
      description: 'A named source of values.',
      type: 'object',
      additionalProperties: false,
      required: ['terraform'],
      properties: { terraform: { $ref: '#/definitions/terraformSource' } },
    },
    terraformSource: {
      title: 'Terraform source',
      description: 'Terraform or OpenTofu outputs. Set exactly one of `outputs`, `state` or `dir`.',
      type: 'object',
      additionalProperties: false,
      properties: {
        outputs: {
          title: 'Outputs file',
          description:
            "A file written by `terraform output -json`, relative to the manifest's directory; `-` reads standard input.",
          type: 'string',
          minLength: 1,
          examples: ['infra/outputs.json', '-'],
        },
        state: {
          title: 'State file',
          description:
            "A local Terraform/OpenTofu state file (format v4, or v3's root module), relative to the manifest's directory.",
          type: 'string',
          minLength: 1,
          examples: ['network/terraform.tfstate'],
        },
        dir: {
          title: 'Working directory',
          description:
            "Runs `<binary> output -json` in this directory (relative to the manifest's directory). The directory must be initialised (`terraform init`).",
          type: 'string',
          minLength: 1,
          examples: ['terraform/app'],
        },
        binary: {
          title: 'Binary',
          description: 'With `dir`: the program to run, `terraform` (default) or `tofu`, or a path to it.',
          type: 'string',
          minLength: 1,
          default: 'terraform',
          examples: ['terraform', 'tofu'],
        },
        timeout: {
          title: 'Timeout',
          description: 'With `dir`: seconds to wait for `<binary> output -json`. Default: 120.',
          type: 'integer',
          minimum: 1,
          maximum: 3600,
          default: 120,
        },
      },
    },
    workspaceScope: {
      title: 'Workspace scope',
      description: 'Workspace variables with their own prune mode.',
      type: 'object',
      additionalProperties: false,
      required: ['variables'],
      properties: {
        prune: {
          $ref: '#/definitions/prune',
          description: 'Prune mode for workspace variables. Default: the top-level `prune`, else managed.',
        },
        variables: { $ref: '#/definitions/variables' },
      },
    },
    repository: {
      title: 'Repository',
      description: 'One repository: its variables and deployment environments.',
      type: 'object',
      additionalProperties: false,
      properties: {
        prune: {
          $ref: '#/definitions/prune',
          description:
            "Prune mode for this repository's variables, and the default for its deployments. Default: the top-level `prune`, else managed.",
        },
        variables: { $ref: '#/definitions/variables' },
        deployments: {
          title: 'Deployments',
          description: 'Deployment environments by name (e.g. production), each with its variables.',
          type: 'object',
          propertyNames: { $ref: '#/definitions/environmentName' },
          additionalProperties: { $ref: '#/definitions/deployment' },
        },
      },
    },
    projectKey: {
      title: 'Project key',
      description: "The project's key as in Bitbucket (e.g. PLAT): a letter, then letters, digits and `_`.",
      type: 'string',
      pattern: '^[A-Za-z][A-Za-z0-9_]*$',
      maxLength: 128,
    },
    project: {
      title: 'Project',
      description: 'Variables and deployment environments for each repository of one Bitbucket project.',
      type: 'object',
      additionalProperties: false,
      properties: {
        exclude: {
          title: 'Exclude',
          description:
            'Repository slugs of the project that get none of its variables (what bb-vars manages there is pruned).',
          type: 'array',
          items: { $ref: '#/definitions/repositorySlug' },
        },
        variables: { $ref: '#/definitions/variables' },
        deployments: {
          title: 'Deployments',
          description:
            'Deployment environments set in each repository of the project; a missing one is created with its type.',
          type: 'object',
          propertyNames: { $ref: '#/definitions/environmentName' },
          additionalProperties: { $ref: '#/definitions/deployment' },
        },
      },
    },
    environmentName: {
      title: 'Environment name',
      description:
        "The deployment environment's name as shown in Bitbucket (e.g. production). No `/`, no leading or trailing space.",
      type: 'string',
      pattern: '^[^\\s/](?:[^/]*[^\\s/])?$',
      maxLength: 100,
    },
    deployment: {
      title: 'Deployment',
      description: 'One deployment environment and its variables.',
      type: 'object',
      additionalProperties: false,
      properties: {
        type: {
          title: 'Environment type',
          description:
            'Test, Staging or Production: used when the environment must be created. Default: inferred from the name test, staging or production (any case); required for other names.',
          type: 'string',
          enum: ['Test', 'Staging', 'Production'],
        },
        prune: {
          $ref: '#/definitions/prune',
          description: "Prune mode for this environment's variables. Default: the repository's prune mode.",
        },
        variables: { $ref: '#/definitions/variables' },
      },
    },
    variables: {
      title: 'Variables',
      description: 'Variables by key.',
      type: 'object',
      propertyNames: { $ref: '#/definitions/variableKey' },
      additionalProperties: { $ref: '#/definitions/variableValue' },
    },
    variableValue: {
      title: 'Variable value',
      description:
        'A literal (string, number, boolean) or a mapping with one of `from`, `template`, `env`, `file`, `value`.',
      anyOf: [
        { title: 'String literal', description: 'Used as is.', type: 'string' },
        { title: 'Number literal', description: 'Written with the digits as in the manifest.', type: 'number' },
        { title: 'Boolean literal', description: 'Written as true or false.', type: 'boolean' },
        { $ref: '#/definitions/fromValue' },
        { $ref: '#/definitions/templateValue' },
        { $ref: '#/definitions/envValue' },
        { $ref: '#/definitions/fileValue' },
        { $ref: '#/definitions/literalValue' },
      ],
    },
    fromValue: {
      title: 'Output reference',
      description: "The value of a source's output, or of a path into it.",
      type: 'object',
      additionalProperties: false,
      required: ['from'],
      properties: {
        from: {
          title: 'From',
          description:
            '`<source>.<output>` optionally followed by path steps: `.key`, `.0` (list index) or `["key with dots"]`.',
          type: 'string',
          minLength: 1,
          examples: ['infra.db_host', 'infra.database.port', 'network.subnet_ids.0'],
        },
        format: {
          title: 'Format',
          description:
            'How to write the value: `json` (default for lists and objects: compact JSON; for scalars: their JSON text) or `csv` (a list of scalars joined with commas).',
          type: 'string',
          enum: ['json', 'csv'],
        },
        encoding: { $ref: '#/definitions/encoding' },
        secured: { $ref: '#/definitions/secured' },
      },
    },
    templateValue: {
      title: 'Template value',
      description:
        'A string with `${<source>.<output>[.<path>]}` and `${env.NAME}` references; `$${` writes a literal `${`.',
      type: 'object',
      additionalProperties: false,
      required: ['template'],
      properties: {
        template: {
          title: 'Template text',
          description: 'The template text.',
          type: 'string',
          examples: ['postgres://${infra.db_user}:${infra.db_password}@${infra.db_host}/app'],
        },
        encoding: { $ref: '#/definitions/encoding' },
        secured: { $ref: '#/definitions/secured' },
      },
    },
    envValue: {
      title: 'Env value',
      description:
        'The value of an environment variable of the process running bb-vars (e.g. a CI secret). Not secured unless `secured: true`.',
      type: 'object',
      additionalProperties: false,
      required: ['env'],
      properties: {
        env: {
          title: 'Env name',
          description: 'Name of the environment variable.',
          type: 'string',
          pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
        },
        default: {
          title: 'Default',
          description: 'Used when the variable is not set. Without a default, a missing variable is an error.',
          type: ['string', 'number', 'boolean'],
        },
        encoding: { $ref: '#/definitions/encoding' },
        secured: { $ref: '#/definitions/secured' },
      },
    },
    fileValue: {
      title: 'File value',
      description:
        "The contents of a file inside the repository that holds the manifest (or the manifest's directory outside git), after symlinks. Read as text, one trailing line break is dropped, as `$(cat file)` does. FIFOs, devices, sockets and /proc are refused.",
      type: 'object',
      additionalProperties: false,
      required: ['file'],
      properties: {
        file: {
          title: 'File path',
          description: "Path relative to the manifest's directory; it must stay inside the repository.",
          type: 'string',
          minLength: 1,
          examples: ['certs/tls.pem'],
        },
        encoding: { $ref: '#/definitions/encoding' },
        secured: { $ref: '#/definitions/secured' },
      },
    },
    literalValue: {
      title: 'Literal value',
      description: 'A literal value with an explicit `secured` flag.',
      type: 'object',
      additionalProperties: false,
      required: ['value'],
      properties: {
        value: {
          title: 'Value',
          description: 'The value: a string, number (digits kept as written) or boolean.',
          type: ['string', 'number', 'boolean'],
        },
        encoding: { $ref: '#/definitions/encoding' },
        secured: { $ref: '#/definitions/secured' },
      },
    },
  },
};
const schema12 = {
  title: 'Repository slug',
  description: "The repository's slug as in its URL: letters, digits, `-`, `_`, `.`.",
  type: 'string',
  pattern: '^[A-Za-z0-9_.-]+$',
  maxLength: 128,
};
const schema13 = {
  title: 'Prune mode',
  description:
    'Which undeclared variables reconcile deletes: `managed` (default) only those bb-vars manages; `all` every undeclared variable; `none` never deletes.',
  type: 'string',
  enum: ['managed', 'all', 'none'],
};
const schema14 = {
  title: 'Source name',
  description:
    'Letters, digits, `_` and `-`, not starting with a digit or `-`. `env` is reserved for `${env.NAME}` in templates.',
  type: 'string',
  pattern: '^[A-Za-z_][A-Za-z0-9_-]*$',
  maxLength: 64,
};
const schema43 = {
  title: 'Project key',
  description: "The project's key as in Bitbucket (e.g. PLAT): a letter, then letters, digits and `_`.",
  type: 'string',
  pattern: '^[A-Za-z][A-Za-z0-9_]*$',
  maxLength: 128,
};
const func2 = Object.prototype.hasOwnProperty;
const func3 = ucs2length;
const pattern0 = new RegExp('^[a-z0-9][a-z0-9-]{0,39}$', 'u');
const pattern1 = new RegExp('^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*|\\{[0-9A-Fa-f-]{36}\\})$', 'u');
const pattern2 = new RegExp('^[A-Za-z0-9_.-]+$', 'u');
const pattern3 = new RegExp('^[A-Za-z_][A-Za-z0-9_-]*$', 'u');
const pattern8 = new RegExp('^[A-Za-z][A-Za-z0-9_]*$', 'u');
const schema15 = {
  title: 'Source',
  description: 'A named source of values.',
  type: 'object',
  additionalProperties: false,
  required: ['terraform'],
  properties: { terraform: { $ref: '#/definitions/terraformSource' } },
};
const schema16 = {
  title: 'Terraform source',
  description: 'Terraform or OpenTofu outputs. Set exactly one of `outputs`, `state` or `dir`.',
  type: 'object',
  additionalProperties: false,
  properties: {
    outputs: {
      title: 'Outputs file',
      description:
        "A file written by `terraform output -json`, relative to the manifest's directory; `-` reads standard input.",
      type: 'string',
      minLength: 1,
      examples: ['infra/outputs.json', '-'],
    },
    state: {
      title: 'State file',
      description:
        "A local Terraform/OpenTofu state file (format v4, or v3's root module), relative to the manifest's directory.",
      type: 'string',
      minLength: 1,
      examples: ['network/terraform.tfstate'],
    },
    dir: {
      title: 'Working directory',
      description:
        "Runs `<binary> output -json` in this directory (relative to the manifest's directory). The directory must be initialised (`terraform init`).",
      type: 'string',
      minLength: 1,
      examples: ['terraform/app'],
    },
    binary: {
      title: 'Binary',
      description: 'With `dir`: the program to run, `terraform` (default) or `tofu`, or a path to it.',
      type: 'string',
      minLength: 1,
      default: 'terraform',
      examples: ['terraform', 'tofu'],
    },
    timeout: {
      title: 'Timeout',
      description: 'With `dir`: seconds to wait for `<binary> output -json`. Default: 120.',
      type: 'integer',
      minimum: 1,
      maximum: 3600,
      default: 120,
    },
  },
};
function validate11(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.terraform === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'terraform' },
        message: "must have required property '" + 'terraform' + "'",
        schema: schema15.required,
        parentSchema: schema15,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'terraform')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema15,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.terraform !== undefined) {
      let data0 = data.terraform;
      if (data0 && typeof data0 == 'object' && !Array.isArray(data0)) {
        for (const key1 in data0) {
          if (!(key1 === 'outputs' || key1 === 'state' || key1 === 'dir' || key1 === 'binary' || key1 === 'timeout')) {
            const err2 = {
              instancePath: instancePath + '/terraform',
              schemaPath: '#/definitions/terraformSource/additionalProperties',
              keyword: 'additionalProperties',
              params: { additionalProperty: key1 },
              message: 'must NOT have additional properties',
              schema: false,
              parentSchema: schema16,
              data: data0,
            };
            if (vErrors === null) {
              vErrors = [err2];
            } else {
              vErrors.push(err2);
            }
            errors++;
          }
        }
        if (data0.outputs !== undefined) {
          let data1 = data0.outputs;
          if (typeof data1 === 'string') {
            if (func3(data1) < 1) {
              const err3 = {
                instancePath: instancePath + '/terraform/outputs',
                schemaPath: '#/definitions/terraformSource/properties/outputs/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema16.properties.outputs,
                data: data1,
              };
              if (vErrors === null) {
                vErrors = [err3];
              } else {
                vErrors.push(err3);
              }
              errors++;
            }
          } else {
            const err4 = {
              instancePath: instancePath + '/terraform/outputs',
              schemaPath: '#/definitions/terraformSource/properties/outputs/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema16.properties.outputs.type,
              parentSchema: schema16.properties.outputs,
              data: data1,
            };
            if (vErrors === null) {
              vErrors = [err4];
            } else {
              vErrors.push(err4);
            }
            errors++;
          }
        }
        if (data0.state !== undefined) {
          let data2 = data0.state;
          if (typeof data2 === 'string') {
            if (func3(data2) < 1) {
              const err5 = {
                instancePath: instancePath + '/terraform/state',
                schemaPath: '#/definitions/terraformSource/properties/state/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema16.properties.state,
                data: data2,
              };
              if (vErrors === null) {
                vErrors = [err5];
              } else {
                vErrors.push(err5);
              }
              errors++;
            }
          } else {
            const err6 = {
              instancePath: instancePath + '/terraform/state',
              schemaPath: '#/definitions/terraformSource/properties/state/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema16.properties.state.type,
              parentSchema: schema16.properties.state,
              data: data2,
            };
            if (vErrors === null) {
              vErrors = [err6];
            } else {
              vErrors.push(err6);
            }
            errors++;
          }
        }
        if (data0.dir !== undefined) {
          let data3 = data0.dir;
          if (typeof data3 === 'string') {
            if (func3(data3) < 1) {
              const err7 = {
                instancePath: instancePath + '/terraform/dir',
                schemaPath: '#/definitions/terraformSource/properties/dir/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema16.properties.dir,
                data: data3,
              };
              if (vErrors === null) {
                vErrors = [err7];
              } else {
                vErrors.push(err7);
              }
              errors++;
            }
          } else {
            const err8 = {
              instancePath: instancePath + '/terraform/dir',
              schemaPath: '#/definitions/terraformSource/properties/dir/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema16.properties.dir.type,
              parentSchema: schema16.properties.dir,
              data: data3,
            };
            if (vErrors === null) {
              vErrors = [err8];
            } else {
              vErrors.push(err8);
            }
            errors++;
          }
        }
        if (data0.binary !== undefined) {
          let data4 = data0.binary;
          if (typeof data4 === 'string') {
            if (func3(data4) < 1) {
              const err9 = {
                instancePath: instancePath + '/terraform/binary',
                schemaPath: '#/definitions/terraformSource/properties/binary/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema16.properties.binary,
                data: data4,
              };
              if (vErrors === null) {
                vErrors = [err9];
              } else {
                vErrors.push(err9);
              }
              errors++;
            }
          } else {
            const err10 = {
              instancePath: instancePath + '/terraform/binary',
              schemaPath: '#/definitions/terraformSource/properties/binary/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema16.properties.binary.type,
              parentSchema: schema16.properties.binary,
              data: data4,
            };
            if (vErrors === null) {
              vErrors = [err10];
            } else {
              vErrors.push(err10);
            }
            errors++;
          }
        }
        if (data0.timeout !== undefined) {
          let data5 = data0.timeout;
          if (!(typeof data5 == 'number' && !(data5 % 1) && !isNaN(data5) && isFinite(data5))) {
            const err11 = {
              instancePath: instancePath + '/terraform/timeout',
              schemaPath: '#/definitions/terraformSource/properties/timeout/type',
              keyword: 'type',
              params: { type: 'integer' },
              message: 'must be integer',
              schema: schema16.properties.timeout.type,
              parentSchema: schema16.properties.timeout,
              data: data5,
            };
            if (vErrors === null) {
              vErrors = [err11];
            } else {
              vErrors.push(err11);
            }
            errors++;
          }
          if (typeof data5 == 'number' && isFinite(data5)) {
            if (data5 > 3600 || isNaN(data5)) {
              const err12 = {
                instancePath: instancePath + '/terraform/timeout',
                schemaPath: '#/definitions/terraformSource/properties/timeout/maximum',
                keyword: 'maximum',
                params: { comparison: '<=', limit: 3600 },
                message: 'must be <= 3600',
                schema: 3600,
                parentSchema: schema16.properties.timeout,
                data: data5,
              };
              if (vErrors === null) {
                vErrors = [err12];
              } else {
                vErrors.push(err12);
              }
              errors++;
            }
            if (data5 < 1 || isNaN(data5)) {
              const err13 = {
                instancePath: instancePath + '/terraform/timeout',
                schemaPath: '#/definitions/terraformSource/properties/timeout/minimum',
                keyword: 'minimum',
                params: { comparison: '>=', limit: 1 },
                message: 'must be >= 1',
                schema: 1,
                parentSchema: schema16.properties.timeout,
                data: data5,
              };
              if (vErrors === null) {
                vErrors = [err13];
              } else {
                vErrors.push(err13);
              }
              errors++;
            }
          }
        }
      } else {
        const err14 = {
          instancePath: instancePath + '/terraform',
          schemaPath: '#/definitions/terraformSource/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema16.type,
          parentSchema: schema16,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err14];
        } else {
          vErrors.push(err14);
        }
        errors++;
      }
    }
  } else {
    const err15 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema15.type,
      parentSchema: schema15,
      data,
    };
    if (vErrors === null) {
      vErrors = [err15];
    } else {
      vErrors.push(err15);
    }
    errors++;
  }
  validate11.errors = vErrors;
  return errors === 0;
}
const schema17 = {
  title: 'Workspace scope',
  description: 'Workspace variables with their own prune mode.',
  type: 'object',
  additionalProperties: false,
  required: ['variables'],
  properties: {
    prune: {
      $ref: '#/definitions/prune',
      description: 'Prune mode for workspace variables. Default: the top-level `prune`, else managed.',
    },
    variables: { $ref: '#/definitions/variables' },
  },
};
const schema19 = {
  title: 'Variables',
  description: 'Variables by key.',
  type: 'object',
  propertyNames: { $ref: '#/definitions/variableKey' },
  additionalProperties: { $ref: '#/definitions/variableValue' },
};
const schema20 = {
  title: 'Variable key',
  description:
    "Bitbucket's rule: letters, digits and `_`, not starting with a digit. Keys starting with `BB_VARS_` are reserved.",
  type: 'string',
  pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
  maxLength: 255,
};
const pattern4 = new RegExp('^[A-Za-z_][A-Za-z0-9_]*$', 'u');
const schema21 = {
  title: 'Variable value',
  description:
    'A literal (string, number, boolean) or a mapping with one of `from`, `template`, `env`, `file`, `value`.',
  anyOf: [
    { title: 'String literal', description: 'Used as is.', type: 'string' },
    { title: 'Number literal', description: 'Written with the digits as in the manifest.', type: 'number' },
    { title: 'Boolean literal', description: 'Written as true or false.', type: 'boolean' },
    { $ref: '#/definitions/fromValue' },
    { $ref: '#/definitions/templateValue' },
    { $ref: '#/definitions/envValue' },
    { $ref: '#/definitions/fileValue' },
    { $ref: '#/definitions/literalValue' },
  ],
};
const schema22 = {
  title: 'Output reference',
  description: "The value of a source's output, or of a path into it.",
  type: 'object',
  additionalProperties: false,
  required: ['from'],
  properties: {
    from: {
      title: 'From',
      description:
        '`<source>.<output>` optionally followed by path steps: `.key`, `.0` (list index) or `["key with dots"]`.',
      type: 'string',
      minLength: 1,
      examples: ['infra.db_host', 'infra.database.port', 'network.subnet_ids.0'],
    },
    format: {
      title: 'Format',
      description:
        'How to write the value: `json` (default for lists and objects: compact JSON; for scalars: their JSON text) or `csv` (a list of scalars joined with commas).',
      type: 'string',
      enum: ['json', 'csv'],
    },
    encoding: { $ref: '#/definitions/encoding' },
    secured: { $ref: '#/definitions/secured' },
  },
};
const schema23 = {
  title: 'Encoding',
  description:
    "`utf8` (default): the value as is. `base64`: the UTF-8 bytes of the final value (after `format:` and templates) base64-encoded; for `file:`, the file's bytes as read. Pipelines variables cannot hold line breaks, so multi-line values (PEM keys, certificates, JSON documents) need `base64`.",
  type: 'string',
  enum: ['utf8', 'base64'],
};
const schema24 = {
  title: 'Secured',
  description:
    'Store as a secured variable (write-only in Bitbucket, masked in logs). Default: true when the value depends on a sensitive Terraform output, else false.',
  type: 'boolean',
};
function validate16(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.from === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'from' },
        message: "must have required property '" + 'from' + "'",
        schema: schema22.required,
        parentSchema: schema22,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'from' || key0 === 'format' || key0 === 'encoding' || key0 === 'secured')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema22,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.from !== undefined) {
      let data0 = data.from;
      if (typeof data0 === 'string') {
        if (func3(data0) < 1) {
          const err2 = {
            instancePath: instancePath + '/from',
            schemaPath: '#/properties/from/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema22.properties.from,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err2];
          } else {
            vErrors.push(err2);
          }
          errors++;
        }
      } else {
        const err3 = {
          instancePath: instancePath + '/from',
          schemaPath: '#/properties/from/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema22.properties.from.type,
          parentSchema: schema22.properties.from,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.format !== undefined) {
      let data1 = data.format;
      if (typeof data1 !== 'string') {
        const err4 = {
          instancePath: instancePath + '/format',
          schemaPath: '#/properties/format/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema22.properties.format.type,
          parentSchema: schema22.properties.format,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
      if (!(data1 === 'json' || data1 === 'csv')) {
        const err5 = {
          instancePath: instancePath + '/format',
          schemaPath: '#/properties/format/enum',
          keyword: 'enum',
          params: { allowedValues: schema22.properties.format.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema22.properties.format.enum,
          parentSchema: schema22.properties.format,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
    if (data.encoding !== undefined) {
      let data2 = data.encoding;
      if (typeof data2 !== 'string') {
        const err6 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema23.type,
          parentSchema: schema23,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
      if (!(data2 === 'utf8' || data2 === 'base64')) {
        const err7 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/enum',
          keyword: 'enum',
          params: { allowedValues: schema23.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema23.enum,
          parentSchema: schema23,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
    if (data.secured !== undefined) {
      let data3 = data.secured;
      if (typeof data3 !== 'boolean') {
        const err8 = {
          instancePath: instancePath + '/secured',
          schemaPath: '#/definitions/secured/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema24.type,
          parentSchema: schema24,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
  } else {
    const err9 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema22.type,
      parentSchema: schema22,
      data,
    };
    if (vErrors === null) {
      vErrors = [err9];
    } else {
      vErrors.push(err9);
    }
    errors++;
  }
  validate16.errors = vErrors;
  return errors === 0;
}
const schema25 = {
  title: 'Template value',
  description:
    'A string with `${<source>.<output>[.<path>]}` and `${env.NAME}` references; `$${` writes a literal `${`.',
  type: 'object',
  additionalProperties: false,
  required: ['template'],
  properties: {
    template: {
      title: 'Template text',
      description: 'The template text.',
      type: 'string',
      examples: ['postgres://${infra.db_user}:${infra.db_password}@${infra.db_host}/app'],
    },
    encoding: { $ref: '#/definitions/encoding' },
    secured: { $ref: '#/definitions/secured' },
  },
};
function validate18(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.template === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'template' },
        message: "must have required property '" + 'template' + "'",
        schema: schema25.required,
        parentSchema: schema25,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'template' || key0 === 'encoding' || key0 === 'secured')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema25,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.template !== undefined) {
      let data0 = data.template;
      if (typeof data0 !== 'string') {
        const err2 = {
          instancePath: instancePath + '/template',
          schemaPath: '#/properties/template/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema25.properties.template.type,
          parentSchema: schema25.properties.template,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.encoding !== undefined) {
      let data1 = data.encoding;
      if (typeof data1 !== 'string') {
        const err3 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema23.type,
          parentSchema: schema23,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
      if (!(data1 === 'utf8' || data1 === 'base64')) {
        const err4 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/enum',
          keyword: 'enum',
          params: { allowedValues: schema23.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema23.enum,
          parentSchema: schema23,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.secured !== undefined) {
      let data2 = data.secured;
      if (typeof data2 !== 'boolean') {
        const err5 = {
          instancePath: instancePath + '/secured',
          schemaPath: '#/definitions/secured/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema24.type,
          parentSchema: schema24,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
  } else {
    const err6 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema25.type,
      parentSchema: schema25,
      data,
    };
    if (vErrors === null) {
      vErrors = [err6];
    } else {
      vErrors.push(err6);
    }
    errors++;
  }
  validate18.errors = vErrors;
  return errors === 0;
}
const schema28 = {
  title: 'Env value',
  description:
    'The value of an environment variable of the process running bb-vars (e.g. a CI secret). Not secured unless `secured: true`.',
  type: 'object',
  additionalProperties: false,
  required: ['env'],
  properties: {
    env: {
      title: 'Env name',
      description: 'Name of the environment variable.',
      type: 'string',
      pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
    },
    default: {
      title: 'Default',
      description: 'Used when the variable is not set. Without a default, a missing variable is an error.',
      type: ['string', 'number', 'boolean'],
    },
    encoding: { $ref: '#/definitions/encoding' },
    secured: { $ref: '#/definitions/secured' },
  },
};
function validate20(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.env === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'env' },
        message: "must have required property '" + 'env' + "'",
        schema: schema28.required,
        parentSchema: schema28,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'env' || key0 === 'default' || key0 === 'encoding' || key0 === 'secured')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema28,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.env !== undefined) {
      let data0 = data.env;
      if (typeof data0 === 'string') {
        if (!pattern4.test(data0)) {
          const err2 = {
            instancePath: instancePath + '/env',
            schemaPath: '#/properties/env/pattern',
            keyword: 'pattern',
            params: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
            message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_]*$' + '"',
            schema: '^[A-Za-z_][A-Za-z0-9_]*$',
            parentSchema: schema28.properties.env,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err2];
          } else {
            vErrors.push(err2);
          }
          errors++;
        }
      } else {
        const err3 = {
          instancePath: instancePath + '/env',
          schemaPath: '#/properties/env/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema28.properties.env.type,
          parentSchema: schema28.properties.env,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.default !== undefined) {
      let data1 = data.default;
      if (typeof data1 !== 'string' && !(typeof data1 == 'number' && isFinite(data1)) && typeof data1 !== 'boolean') {
        const err4 = {
          instancePath: instancePath + '/default',
          schemaPath: '#/properties/default/type',
          keyword: 'type',
          params: { type: schema28.properties.default.type },
          message: 'must be string,number,boolean',
          schema: schema28.properties.default.type,
          parentSchema: schema28.properties.default,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.encoding !== undefined) {
      let data2 = data.encoding;
      if (typeof data2 !== 'string') {
        const err5 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema23.type,
          parentSchema: schema23,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
      if (!(data2 === 'utf8' || data2 === 'base64')) {
        const err6 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/enum',
          keyword: 'enum',
          params: { allowedValues: schema23.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema23.enum,
          parentSchema: schema23,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
    }
    if (data.secured !== undefined) {
      let data3 = data.secured;
      if (typeof data3 !== 'boolean') {
        const err7 = {
          instancePath: instancePath + '/secured',
          schemaPath: '#/definitions/secured/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema24.type,
          parentSchema: schema24,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
  } else {
    const err8 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema28.type,
      parentSchema: schema28,
      data,
    };
    if (vErrors === null) {
      vErrors = [err8];
    } else {
      vErrors.push(err8);
    }
    errors++;
  }
  validate20.errors = vErrors;
  return errors === 0;
}
const schema31 = {
  title: 'File value',
  description:
    "The contents of a file inside the repository that holds the manifest (or the manifest's directory outside git), after symlinks. Read as text, one trailing line break is dropped, as `$(cat file)` does. FIFOs, devices, sockets and /proc are refused.",
  type: 'object',
  additionalProperties: false,
  required: ['file'],
  properties: {
    file: {
      title: 'File path',
      description: "Path relative to the manifest's directory; it must stay inside the repository.",
      type: 'string',
      minLength: 1,
      examples: ['certs/tls.pem'],
    },
    encoding: { $ref: '#/definitions/encoding' },
    secured: { $ref: '#/definitions/secured' },
  },
};
function validate22(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.file === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'file' },
        message: "must have required property '" + 'file' + "'",
        schema: schema31.required,
        parentSchema: schema31,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'file' || key0 === 'encoding' || key0 === 'secured')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema31,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.file !== undefined) {
      let data0 = data.file;
      if (typeof data0 === 'string') {
        if (func3(data0) < 1) {
          const err2 = {
            instancePath: instancePath + '/file',
            schemaPath: '#/properties/file/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema31.properties.file,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err2];
          } else {
            vErrors.push(err2);
          }
          errors++;
        }
      } else {
        const err3 = {
          instancePath: instancePath + '/file',
          schemaPath: '#/properties/file/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema31.properties.file.type,
          parentSchema: schema31.properties.file,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.encoding !== undefined) {
      let data1 = data.encoding;
      if (typeof data1 !== 'string') {
        const err4 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema23.type,
          parentSchema: schema23,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
      if (!(data1 === 'utf8' || data1 === 'base64')) {
        const err5 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/enum',
          keyword: 'enum',
          params: { allowedValues: schema23.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema23.enum,
          parentSchema: schema23,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
    if (data.secured !== undefined) {
      let data2 = data.secured;
      if (typeof data2 !== 'boolean') {
        const err6 = {
          instancePath: instancePath + '/secured',
          schemaPath: '#/definitions/secured/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema24.type,
          parentSchema: schema24,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
    }
  } else {
    const err7 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema31.type,
      parentSchema: schema31,
      data,
    };
    if (vErrors === null) {
      vErrors = [err7];
    } else {
      vErrors.push(err7);
    }
    errors++;
  }
  validate22.errors = vErrors;
  return errors === 0;
}
const schema34 = {
  title: 'Literal value',
  description: 'A literal value with an explicit `secured` flag.',
  type: 'object',
  additionalProperties: false,
  required: ['value'],
  properties: {
    value: {
      title: 'Value',
      description: 'The value: a string, number (digits kept as written) or boolean.',
      type: ['string', 'number', 'boolean'],
    },
    encoding: { $ref: '#/definitions/encoding' },
    secured: { $ref: '#/definitions/secured' },
  },
};
function validate24(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.value === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'value' },
        message: "must have required property '" + 'value' + "'",
        schema: schema34.required,
        parentSchema: schema34,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'value' || key0 === 'encoding' || key0 === 'secured')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema34,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.value !== undefined) {
      let data0 = data.value;
      if (typeof data0 !== 'string' && !(typeof data0 == 'number' && isFinite(data0)) && typeof data0 !== 'boolean') {
        const err2 = {
          instancePath: instancePath + '/value',
          schemaPath: '#/properties/value/type',
          keyword: 'type',
          params: { type: schema34.properties.value.type },
          message: 'must be string,number,boolean',
          schema: schema34.properties.value.type,
          parentSchema: schema34.properties.value,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.encoding !== undefined) {
      let data1 = data.encoding;
      if (typeof data1 !== 'string') {
        const err3 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema23.type,
          parentSchema: schema23,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
      if (!(data1 === 'utf8' || data1 === 'base64')) {
        const err4 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/enum',
          keyword: 'enum',
          params: { allowedValues: schema23.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema23.enum,
          parentSchema: schema23,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.secured !== undefined) {
      let data2 = data.secured;
      if (typeof data2 !== 'boolean') {
        const err5 = {
          instancePath: instancePath + '/secured',
          schemaPath: '#/definitions/secured/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema24.type,
          parentSchema: schema24,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
  } else {
    const err6 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema34.type,
      parentSchema: schema34,
      data,
    };
    if (vErrors === null) {
      vErrors = [err6];
    } else {
      vErrors.push(err6);
    }
    errors++;
  }
  validate24.errors = vErrors;
  return errors === 0;
}
function validate15(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  const _errs0 = errors;
  let valid0 = false;
  const _errs1 = errors;
  if (typeof data !== 'string') {
    const err0 = {
      instancePath,
      schemaPath: '#/anyOf/0/type',
      keyword: 'type',
      params: { type: 'string' },
      message: 'must be string',
      schema: schema21.anyOf[0].type,
      parentSchema: schema21.anyOf[0],
      data,
    };
    if (vErrors === null) {
      vErrors = [err0];
    } else {
      vErrors.push(err0);
    }
    errors++;
  }
  var _valid0 = _errs1 === errors;
  valid0 = valid0 || _valid0;
  if (!valid0) {
    const _errs3 = errors;
    if (!(typeof data == 'number' && isFinite(data))) {
      const err1 = {
        instancePath,
        schemaPath: '#/anyOf/1/type',
        keyword: 'type',
        params: { type: 'number' },
        message: 'must be number',
        schema: schema21.anyOf[1].type,
        parentSchema: schema21.anyOf[1],
        data,
      };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
    var _valid0 = _errs3 === errors;
    valid0 = valid0 || _valid0;
    if (!valid0) {
      const _errs5 = errors;
      if (typeof data !== 'boolean') {
        const err2 = {
          instancePath,
          schemaPath: '#/anyOf/2/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema21.anyOf[2].type,
          parentSchema: schema21.anyOf[2],
          data,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
      var _valid0 = _errs5 === errors;
      valid0 = valid0 || _valid0;
      if (!valid0) {
        const _errs7 = errors;
        if (!validate16(data, { instancePath, parentData, parentDataProperty, rootData })) {
          vErrors = vErrors === null ? validate16.errors : vErrors.concat(validate16.errors);
          errors = vErrors.length;
        }
        var _valid0 = _errs7 === errors;
        valid0 = valid0 || _valid0;
        if (!valid0) {
          const _errs8 = errors;
          if (!validate18(data, { instancePath, parentData, parentDataProperty, rootData })) {
            vErrors = vErrors === null ? validate18.errors : vErrors.concat(validate18.errors);
            errors = vErrors.length;
          }
          var _valid0 = _errs8 === errors;
          valid0 = valid0 || _valid0;
          if (!valid0) {
            const _errs9 = errors;
            if (!validate20(data, { instancePath, parentData, parentDataProperty, rootData })) {
              vErrors = vErrors === null ? validate20.errors : vErrors.concat(validate20.errors);
              errors = vErrors.length;
            }
            var _valid0 = _errs9 === errors;
            valid0 = valid0 || _valid0;
            if (!valid0) {
              const _errs10 = errors;
              if (!validate22(data, { instancePath, parentData, parentDataProperty, rootData })) {
                vErrors = vErrors === null ? validate22.errors : vErrors.concat(validate22.errors);
                errors = vErrors.length;
              }
              var _valid0 = _errs10 === errors;
              valid0 = valid0 || _valid0;
              if (!valid0) {
                const _errs11 = errors;
                if (!validate24(data, { instancePath, parentData, parentDataProperty, rootData })) {
                  vErrors = vErrors === null ? validate24.errors : vErrors.concat(validate24.errors);
                  errors = vErrors.length;
                }
                var _valid0 = _errs11 === errors;
                valid0 = valid0 || _valid0;
              }
            }
          }
        }
      }
    }
  }
  if (!valid0) {
    const err3 = {
      instancePath,
      schemaPath: '#/anyOf',
      keyword: 'anyOf',
      params: {},
      message: 'must match a schema in anyOf',
      schema: schema21.anyOf,
      parentSchema: schema21,
      data,
    };
    if (vErrors === null) {
      vErrors = [err3];
    } else {
      vErrors.push(err3);
    }
    errors++;
  } else {
    errors = _errs0;
    if (vErrors !== null) {
      if (_errs0) {
        vErrors.length = _errs0;
      } else {
        vErrors = null;
      }
    }
  }
  validate15.errors = vErrors;
  return errors === 0;
}
function validate14(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      const _errs1 = errors;
      if (typeof key0 === 'string') {
        if (func3(key0) > 255) {
          const err0 = {
            instancePath,
            schemaPath: '#/definitions/variableKey/maxLength',
            keyword: 'maxLength',
            params: { limit: 255 },
            message: 'must NOT have more than 255 characters',
            schema: 255,
            parentSchema: schema20,
            data: key0,
            propertyName: key0,
          };
          if (vErrors === null) {
            vErrors = [err0];
          } else {
            vErrors.push(err0);
          }
          errors++;
        }
        if (!pattern4.test(key0)) {
          const err1 = {
            instancePath,
            schemaPath: '#/definitions/variableKey/pattern',
            keyword: 'pattern',
            params: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
            message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_]*$' + '"',
            schema: '^[A-Za-z_][A-Za-z0-9_]*$',
            parentSchema: schema20,
            data: key0,
            propertyName: key0,
          };
          if (vErrors === null) {
            vErrors = [err1];
          } else {
            vErrors.push(err1);
          }
          errors++;
        }
      } else {
        const err2 = {
          instancePath,
          schemaPath: '#/definitions/variableKey/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema20.type,
          parentSchema: schema20,
          data: key0,
          propertyName: key0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
      var valid0 = _errs1 === errors;
      if (!valid0) {
        const err3 = {
          instancePath,
          schemaPath: '#/propertyNames',
          keyword: 'propertyNames',
          params: { propertyName: key0 },
          message: 'property name must be valid',
          schema: schema19.propertyNames,
          parentSchema: schema19,
          data,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    for (const key1 in data) {
      if (
        !validate15(data[key1], {
          instancePath: instancePath + '/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
          parentData: data,
          parentDataProperty: key1,
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
        errors = vErrors.length;
      }
    }
  } else {
    const err4 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema19.type,
      parentSchema: schema19,
      data,
    };
    if (vErrors === null) {
      vErrors = [err4];
    } else {
      vErrors.push(err4);
    }
    errors++;
  }
  validate14.errors = vErrors;
  return errors === 0;
}
function validate13(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.variables === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'variables' },
        message: "must have required property '" + 'variables' + "'",
        schema: schema17.required,
        parentSchema: schema17,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'prune' || key0 === 'variables')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema17,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.prune !== undefined) {
      let data0 = data.prune;
      if (typeof data0 !== 'string') {
        const err2 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema13.type,
          parentSchema: schema13,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
      if (!(data0 === 'managed' || data0 === 'all' || data0 === 'none')) {
        const err3 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/enum',
          keyword: 'enum',
          params: { allowedValues: schema13.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema13.enum,
          parentSchema: schema13,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.variables !== undefined) {
      if (
        !validate14(data.variables, {
          instancePath: instancePath + '/variables',
          parentData: data,
          parentDataProperty: 'variables',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
        errors = vErrors.length;
      }
    }
  } else {
    const err4 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema17.type,
      parentSchema: schema17,
      data,
    };
    if (vErrors === null) {
      vErrors = [err4];
    } else {
      vErrors.push(err4);
    }
    errors++;
  }
  validate13.errors = vErrors;
  return errors === 0;
}
const schema38 = {
  title: 'Repository',
  description: 'One repository: its variables and deployment environments.',
  type: 'object',
  additionalProperties: false,
  properties: {
    prune: {
      $ref: '#/definitions/prune',
      description:
        "Prune mode for this repository's variables, and the default for its deployments. Default: the top-level `prune`, else managed.",
    },
    variables: { $ref: '#/definitions/variables' },
    deployments: {
      title: 'Deployments',
      description: 'Deployment environments by name (e.g. production), each with its variables.',
      type: 'object',
      propertyNames: { $ref: '#/definitions/environmentName' },
      additionalProperties: { $ref: '#/definitions/deployment' },
    },
  },
};
const schema40 = {
  title: 'Environment name',
  description:
    "The deployment environment's name as shown in Bitbucket (e.g. production). No `/`, no leading or trailing space.",
  type: 'string',
  pattern: '^[^\\s/](?:[^/]*[^\\s/])?$',
  maxLength: 100,
};
const schema41 = {
  title: 'Deployment',
  description: 'One deployment environment and its variables.',
  type: 'object',
  additionalProperties: false,
  properties: {
    type: {
      title: 'Environment type',
      description:
        'Test, Staging or Production: used when the environment must be created. Default: inferred from the name test, staging or production (any case); required for other names.',
      type: 'string',
      enum: ['Test', 'Staging', 'Production'],
    },
    prune: {
      $ref: '#/definitions/prune',
      description: "Prune mode for this environment's variables. Default: the repository's prune mode.",
    },
    variables: { $ref: '#/definitions/variables' },
  },
};
function validate32(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!(key0 === 'type' || key0 === 'prune' || key0 === 'variables')) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema41,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.type !== undefined) {
      let data0 = data.type;
      if (typeof data0 !== 'string') {
        const err1 = {
          instancePath: instancePath + '/type',
          schemaPath: '#/properties/type/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema41.properties.type.type,
          parentSchema: schema41.properties.type,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
      if (!(data0 === 'Test' || data0 === 'Staging' || data0 === 'Production')) {
        const err2 = {
          instancePath: instancePath + '/type',
          schemaPath: '#/properties/type/enum',
          keyword: 'enum',
          params: { allowedValues: schema41.properties.type.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema41.properties.type.enum,
          parentSchema: schema41.properties.type,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.prune !== undefined) {
      let data1 = data.prune;
      if (typeof data1 !== 'string') {
        const err3 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema13.type,
          parentSchema: schema13,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
      if (!(data1 === 'managed' || data1 === 'all' || data1 === 'none')) {
        const err4 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/enum',
          keyword: 'enum',
          params: { allowedValues: schema13.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema13.enum,
          parentSchema: schema13,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.variables !== undefined) {
      if (
        !validate14(data.variables, {
          instancePath: instancePath + '/variables',
          parentData: data,
          parentDataProperty: 'variables',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
        errors = vErrors.length;
      }
    }
  } else {
    const err5 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema41.type,
      parentSchema: schema41,
      data,
    };
    if (vErrors === null) {
      vErrors = [err5];
    } else {
      vErrors.push(err5);
    }
    errors++;
  }
  validate32.errors = vErrors;
  return errors === 0;
}
const pattern7 = new RegExp('^[^\\s/](?:[^/]*[^\\s/])?$', 'u');
function validate30(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!(key0 === 'prune' || key0 === 'variables' || key0 === 'deployments')) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema38,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.prune !== undefined) {
      let data0 = data.prune;
      if (typeof data0 !== 'string') {
        const err1 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema13.type,
          parentSchema: schema13,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
      if (!(data0 === 'managed' || data0 === 'all' || data0 === 'none')) {
        const err2 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/enum',
          keyword: 'enum',
          params: { allowedValues: schema13.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema13.enum,
          parentSchema: schema13,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.variables !== undefined) {
      if (
        !validate14(data.variables, {
          instancePath: instancePath + '/variables',
          parentData: data,
          parentDataProperty: 'variables',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
        errors = vErrors.length;
      }
    }
    if (data.deployments !== undefined) {
      let data2 = data.deployments;
      if (data2 && typeof data2 == 'object' && !Array.isArray(data2)) {
        for (const key1 in data2) {
          const _errs8 = errors;
          if (typeof key1 === 'string') {
            if (func3(key1) > 100) {
              const err3 = {
                instancePath: instancePath + '/deployments',
                schemaPath: '#/definitions/environmentName/maxLength',
                keyword: 'maxLength',
                params: { limit: 100 },
                message: 'must NOT have more than 100 characters',
                schema: 100,
                parentSchema: schema40,
                data: key1,
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err3];
              } else {
                vErrors.push(err3);
              }
              errors++;
            }
            if (!pattern7.test(key1)) {
              const err4 = {
                instancePath: instancePath + '/deployments',
                schemaPath: '#/definitions/environmentName/pattern',
                keyword: 'pattern',
                params: { pattern: '^[^\\s/](?:[^/]*[^\\s/])?$' },
                message: 'must match pattern "' + '^[^\\s/](?:[^/]*[^\\s/])?$' + '"',
                schema: '^[^\\s/](?:[^/]*[^\\s/])?$',
                parentSchema: schema40,
                data: key1,
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err4];
              } else {
                vErrors.push(err4);
              }
              errors++;
            }
          } else {
            const err5 = {
              instancePath: instancePath + '/deployments',
              schemaPath: '#/definitions/environmentName/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema40.type,
              parentSchema: schema40,
              data: key1,
              propertyName: key1,
            };
            if (vErrors === null) {
              vErrors = [err5];
            } else {
              vErrors.push(err5);
            }
            errors++;
          }
          var valid2 = _errs8 === errors;
          if (!valid2) {
            const err6 = {
              instancePath: instancePath + '/deployments',
              schemaPath: '#/properties/deployments/propertyNames',
              keyword: 'propertyNames',
              params: { propertyName: key1 },
              message: 'property name must be valid',
              schema: schema38.properties.deployments.propertyNames,
              parentSchema: schema38.properties.deployments,
              data: data2,
            };
            if (vErrors === null) {
              vErrors = [err6];
            } else {
              vErrors.push(err6);
            }
            errors++;
          }
        }
        for (const key2 in data2) {
          if (
            !validate32(data2[key2], {
              instancePath: instancePath + '/deployments/' + key2.replace(/~/g, '~0').replace(/\//g, '~1'),
              parentData: data2,
              parentDataProperty: key2,
              rootData,
            })
          ) {
            vErrors = vErrors === null ? validate32.errors : vErrors.concat(validate32.errors);
            errors = vErrors.length;
          }
        }
      } else {
        const err7 = {
          instancePath: instancePath + '/deployments',
          schemaPath: '#/properties/deployments/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema38.properties.deployments.type,
          parentSchema: schema38.properties.deployments,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
  } else {
    const err8 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema38.type,
      parentSchema: schema38,
      data,
    };
    if (vErrors === null) {
      vErrors = [err8];
    } else {
      vErrors.push(err8);
    }
    errors++;
  }
  validate30.errors = vErrors;
  return errors === 0;
}
const schema44 = {
  title: 'Project',
  description: 'Variables and deployment environments for each repository of one Bitbucket project.',
  type: 'object',
  additionalProperties: false,
  properties: {
    exclude: {
      title: 'Exclude',
      description:
        'Repository slugs of the project that get none of its variables (what bb-vars manages there is pruned).',
      type: 'array',
      items: { $ref: '#/definitions/repositorySlug' },
    },
    variables: { $ref: '#/definitions/variables' },
    deployments: {
      title: 'Deployments',
      description:
        'Deployment environments set in each repository of the project; a missing one is created with its type.',
      type: 'object',
      propertyNames: { $ref: '#/definitions/environmentName' },
      additionalProperties: { $ref: '#/definitions/deployment' },
    },
  },
};
function validate36(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!(key0 === 'exclude' || key0 === 'variables' || key0 === 'deployments')) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema44,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.exclude !== undefined) {
      let data0 = data.exclude;
      if (Array.isArray(data0)) {
        const len0 = data0.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data1 = data0[i0];
          if (typeof data1 === 'string') {
            if (func3(data1) > 128) {
              const err1 = {
                instancePath: instancePath + '/exclude/' + i0,
                schemaPath: '#/definitions/repositorySlug/maxLength',
                keyword: 'maxLength',
                params: { limit: 128 },
                message: 'must NOT have more than 128 characters',
                schema: 128,
                parentSchema: schema12,
                data: data1,
              };
              if (vErrors === null) {
                vErrors = [err1];
              } else {
                vErrors.push(err1);
              }
              errors++;
            }
            if (!pattern2.test(data1)) {
              const err2 = {
                instancePath: instancePath + '/exclude/' + i0,
                schemaPath: '#/definitions/repositorySlug/pattern',
                keyword: 'pattern',
                params: { pattern: '^[A-Za-z0-9_.-]+$' },
                message: 'must match pattern "' + '^[A-Za-z0-9_.-]+$' + '"',
                schema: '^[A-Za-z0-9_.-]+$',
                parentSchema: schema12,
                data: data1,
              };
              if (vErrors === null) {
                vErrors = [err2];
              } else {
                vErrors.push(err2);
              }
              errors++;
            }
          } else {
            const err3 = {
              instancePath: instancePath + '/exclude/' + i0,
              schemaPath: '#/definitions/repositorySlug/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema12.type,
              parentSchema: schema12,
              data: data1,
            };
            if (vErrors === null) {
              vErrors = [err3];
            } else {
              vErrors.push(err3);
            }
            errors++;
          }
        }
      } else {
        const err4 = {
          instancePath: instancePath + '/exclude',
          schemaPath: '#/properties/exclude/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema44.properties.exclude.type,
          parentSchema: schema44.properties.exclude,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.variables !== undefined) {
      if (
        !validate14(data.variables, {
          instancePath: instancePath + '/variables',
          parentData: data,
          parentDataProperty: 'variables',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
        errors = vErrors.length;
      }
    }
    if (data.deployments !== undefined) {
      let data3 = data.deployments;
      if (data3 && typeof data3 == 'object' && !Array.isArray(data3)) {
        for (const key1 in data3) {
          const _errs10 = errors;
          if (typeof key1 === 'string') {
            if (func3(key1) > 100) {
              const err5 = {
                instancePath: instancePath + '/deployments',
                schemaPath: '#/definitions/environmentName/maxLength',
                keyword: 'maxLength',
                params: { limit: 100 },
                message: 'must NOT have more than 100 characters',
                schema: 100,
                parentSchema: schema40,
                data: key1,
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err5];
              } else {
                vErrors.push(err5);
              }
              errors++;
            }
            if (!pattern7.test(key1)) {
              const err6 = {
                instancePath: instancePath + '/deployments',
                schemaPath: '#/definitions/environmentName/pattern',
                keyword: 'pattern',
                params: { pattern: '^[^\\s/](?:[^/]*[^\\s/])?$' },
                message: 'must match pattern "' + '^[^\\s/](?:[^/]*[^\\s/])?$' + '"',
                schema: '^[^\\s/](?:[^/]*[^\\s/])?$',
                parentSchema: schema40,
                data: key1,
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err6];
              } else {
                vErrors.push(err6);
              }
              errors++;
            }
          } else {
            const err7 = {
              instancePath: instancePath + '/deployments',
              schemaPath: '#/definitions/environmentName/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema40.type,
              parentSchema: schema40,
              data: key1,
              propertyName: key1,
            };
            if (vErrors === null) {
              vErrors = [err7];
            } else {
              vErrors.push(err7);
            }
            errors++;
          }
          var valid4 = _errs10 === errors;
          if (!valid4) {
            const err8 = {
              instancePath: instancePath + '/deployments',
              schemaPath: '#/properties/deployments/propertyNames',
              keyword: 'propertyNames',
              params: { propertyName: key1 },
              message: 'property name must be valid',
              schema: schema44.properties.deployments.propertyNames,
              parentSchema: schema44.properties.deployments,
              data: data3,
            };
            if (vErrors === null) {
              vErrors = [err8];
            } else {
              vErrors.push(err8);
            }
            errors++;
          }
        }
        for (const key2 in data3) {
          if (
            !validate32(data3[key2], {
              instancePath: instancePath + '/deployments/' + key2.replace(/~/g, '~0').replace(/\//g, '~1'),
              parentData: data3,
              parentDataProperty: key2,
              rootData,
            })
          ) {
            vErrors = vErrors === null ? validate32.errors : vErrors.concat(validate32.errors);
            errors = vErrors.length;
          }
        }
      } else {
        const err9 = {
          instancePath: instancePath + '/deployments',
          schemaPath: '#/properties/deployments/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema44.properties.deployments.type,
          parentSchema: schema44.properties.deployments,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err9];
        } else {
          vErrors.push(err9);
        }
        errors++;
      }
    }
  } else {
    const err10 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema44.type,
      parentSchema: schema44,
      data,
    };
    if (vErrors === null) {
      vErrors = [err10];
    } else {
      vErrors.push(err10);
    }
    errors++;
  }
  validate36.errors = vErrors;
  return errors === 0;
}
function validate10(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  /*# sourceURL="https://unpkg.com/bb-vars/schema/bb-vars.schema.json" */ let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.version === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'version' },
        message: "must have required property '" + 'version' + "'",
        schema: schema11.required,
        parentSchema: schema11,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!func2.call(schema11.properties, key0)) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema11,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.$schema !== undefined) {
      let data0 = data.$schema;
      if (typeof data0 !== 'string') {
        const err2 = {
          instancePath: instancePath + '/$schema',
          schemaPath: '#/properties/%24schema/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema11.properties.$schema.type,
          parentSchema: schema11.properties.$schema,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.version !== undefined) {
      let data1 = data.version;
      if (1 !== data1) {
        const err3 = {
          instancePath: instancePath + '/version',
          schemaPath: '#/properties/version/const',
          keyword: 'const',
          params: { allowedValue: 1 },
          message: 'must be equal to constant',
          schema: 1,
          parentSchema: schema11.properties.version,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.id !== undefined) {
      let data2 = data.id;
      if (typeof data2 === 'string') {
        if (!pattern0.test(data2)) {
          const err4 = {
            instancePath: instancePath + '/id',
            schemaPath: '#/properties/id/pattern',
            keyword: 'pattern',
            params: { pattern: '^[a-z0-9][a-z0-9-]{0,39}$' },
            message: 'must match pattern "' + '^[a-z0-9][a-z0-9-]{0,39}$' + '"',
            schema: '^[a-z0-9][a-z0-9-]{0,39}$',
            parentSchema: schema11.properties.id,
            data: data2,
          };
          if (vErrors === null) {
            vErrors = [err4];
          } else {
            vErrors.push(err4);
          }
          errors++;
        }
      } else {
        const err5 = {
          instancePath: instancePath + '/id',
          schemaPath: '#/properties/id/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema11.properties.id.type,
          parentSchema: schema11.properties.id,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
    if (data.workspace !== undefined) {
      let data3 = data.workspace;
      if (typeof data3 === 'string') {
        if (func3(data3) > 62) {
          const err6 = {
            instancePath: instancePath + '/workspace',
            schemaPath: '#/properties/workspace/maxLength',
            keyword: 'maxLength',
            params: { limit: 62 },
            message: 'must NOT have more than 62 characters',
            schema: 62,
            parentSchema: schema11.properties.workspace,
            data: data3,
          };
          if (vErrors === null) {
            vErrors = [err6];
          } else {
            vErrors.push(err6);
          }
          errors++;
        }
        if (!pattern1.test(data3)) {
          const err7 = {
            instancePath: instancePath + '/workspace',
            schemaPath: '#/properties/workspace/pattern',
            keyword: 'pattern',
            params: { pattern: '^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*|\\{[0-9A-Fa-f-]{36}\\})$' },
            message: 'must match pattern "' + '^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*|\\{[0-9A-Fa-f-]{36}\\})$' + '"',
            schema: '^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*|\\{[0-9A-Fa-f-]{36}\\})$',
            parentSchema: schema11.properties.workspace,
            data: data3,
          };
          if (vErrors === null) {
            vErrors = [err7];
          } else {
            vErrors.push(err7);
          }
          errors++;
        }
      } else {
        const err8 = {
          instancePath: instancePath + '/workspace',
          schemaPath: '#/properties/workspace/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema11.properties.workspace.type,
          parentSchema: schema11.properties.workspace,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
    if (data.home !== undefined) {
      let data4 = data.home;
      if (typeof data4 === 'string') {
        if (func3(data4) > 128) {
          const err9 = {
            instancePath: instancePath + '/home',
            schemaPath: '#/definitions/repositorySlug/maxLength',
            keyword: 'maxLength',
            params: { limit: 128 },
            message: 'must NOT have more than 128 characters',
            schema: 128,
            parentSchema: schema12,
            data: data4,
          };
          if (vErrors === null) {
            vErrors = [err9];
          } else {
            vErrors.push(err9);
          }
          errors++;
        }
        if (!pattern2.test(data4)) {
          const err10 = {
            instancePath: instancePath + '/home',
            schemaPath: '#/definitions/repositorySlug/pattern',
            keyword: 'pattern',
            params: { pattern: '^[A-Za-z0-9_.-]+$' },
            message: 'must match pattern "' + '^[A-Za-z0-9_.-]+$' + '"',
            schema: '^[A-Za-z0-9_.-]+$',
            parentSchema: schema12,
            data: data4,
          };
          if (vErrors === null) {
            vErrors = [err10];
          } else {
            vErrors.push(err10);
          }
          errors++;
        }
      } else {
        const err11 = {
          instancePath: instancePath + '/home',
          schemaPath: '#/definitions/repositorySlug/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema12.type,
          parentSchema: schema12,
          data: data4,
        };
        if (vErrors === null) {
          vErrors = [err11];
        } else {
          vErrors.push(err11);
        }
        errors++;
      }
    }
    if (data.prune !== undefined) {
      let data5 = data.prune;
      if (typeof data5 !== 'string') {
        const err12 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema13.type,
          parentSchema: schema13,
          data: data5,
        };
        if (vErrors === null) {
          vErrors = [err12];
        } else {
          vErrors.push(err12);
        }
        errors++;
      }
      if (!(data5 === 'managed' || data5 === 'all' || data5 === 'none')) {
        const err13 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/enum',
          keyword: 'enum',
          params: { allowedValues: schema13.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema13.enum,
          parentSchema: schema13,
          data: data5,
        };
        if (vErrors === null) {
          vErrors = [err13];
        } else {
          vErrors.push(err13);
        }
        errors++;
      }
    }
    if (data.sources !== undefined) {
      let data6 = data.sources;
      if (data6 && typeof data6 == 'object' && !Array.isArray(data6)) {
        for (const key1 in data6) {
          const _errs17 = errors;
          if (typeof key1 === 'string') {
            if (func3(key1) > 64) {
              const err14 = {
                instancePath: instancePath + '/sources',
                schemaPath: '#/definitions/sourceName/maxLength',
                keyword: 'maxLength',
                params: { limit: 64 },
                message: 'must NOT have more than 64 characters',
                schema: 64,
                parentSchema: schema14,
                data: key1,
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err14];
              } else {
                vErrors.push(err14);
              }
              errors++;
            }
            if (!pattern3.test(key1)) {
              const err15 = {
                instancePath: instancePath + '/sources',
                schemaPath: '#/definitions/sourceName/pattern',
                keyword: 'pattern',
                params: { pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' },
                message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_-]*$' + '"',
                schema: '^[A-Za-z_][A-Za-z0-9_-]*$',
                parentSchema: schema14,
                data: key1,
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err15];
              } else {
                vErrors.push(err15);
              }
              errors++;
            }
          } else {
            const err16 = {
              instancePath: instancePath + '/sources',
              schemaPath: '#/definitions/sourceName/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema14.type,
              parentSchema: schema14,
              data: key1,
              propertyName: key1,
            };
            if (vErrors === null) {
              vErrors = [err16];
            } else {
              vErrors.push(err16);
            }
            errors++;
          }
          var valid3 = _errs17 === errors;
          if (!valid3) {
            const err17 = {
              instancePath: instancePath + '/sources',
              schemaPath: '#/properties/sources/propertyNames',
              keyword: 'propertyNames',
              params: { propertyName: key1 },
              message: 'property name must be valid',
              schema: schema11.properties.sources.propertyNames,
              parentSchema: schema11.properties.sources,
              data: data6,
            };
            if (vErrors === null) {
              vErrors = [err17];
            } else {
              vErrors.push(err17);
            }
            errors++;
          }
        }
        for (const key2 in data6) {
          if (
            !validate11(data6[key2], {
              instancePath: instancePath + '/sources/' + key2.replace(/~/g, '~0').replace(/\//g, '~1'),
              parentData: data6,
              parentDataProperty: key2,
              rootData,
            })
          ) {
            vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);
            errors = vErrors.length;
          }
        }
      } else {
        const err18 = {
          instancePath: instancePath + '/sources',
          schemaPath: '#/properties/sources/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema11.properties.sources.type,
          parentSchema: schema11.properties.sources,
          data: data6,
        };
        if (vErrors === null) {
          vErrors = [err18];
        } else {
          vErrors.push(err18);
        }
        errors++;
      }
    }
    if (data.workspace_variables !== undefined) {
      let data8 = data.workspace_variables;
      const _errs23 = errors;
      let valid6 = false;
      const _errs24 = errors;
      if (
        !validate13(data8, {
          instancePath: instancePath + '/workspace_variables',
          parentData: data,
          parentDataProperty: 'workspace_variables',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate13.errors : vErrors.concat(validate13.errors);
        errors = vErrors.length;
      }
      var _valid0 = _errs24 === errors;
      valid6 = valid6 || _valid0;
      if (!valid6) {
        const _errs25 = errors;
        if (
          !validate14(data8, {
            instancePath: instancePath + '/workspace_variables',
            parentData: data,
            parentDataProperty: 'workspace_variables',
            rootData,
          })
        ) {
          vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
          errors = vErrors.length;
        }
        var _valid0 = _errs25 === errors;
        valid6 = valid6 || _valid0;
      }
      if (!valid6) {
        const err19 = {
          instancePath: instancePath + '/workspace_variables',
          schemaPath: '#/properties/workspace_variables/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
          schema: schema11.properties.workspace_variables.anyOf,
          parentSchema: schema11.properties.workspace_variables,
          data: data8,
        };
        if (vErrors === null) {
          vErrors = [err19];
        } else {
          vErrors.push(err19);
        }
        errors++;
      } else {
        errors = _errs23;
        if (vErrors !== null) {
          if (_errs23) {
            vErrors.length = _errs23;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.repositories !== undefined) {
      let data9 = data.repositories;
      if (data9 && typeof data9 == 'object' && !Array.isArray(data9)) {
        for (const key3 in data9) {
          const _errs28 = errors;
          if (typeof key3 === 'string') {
            if (func3(key3) > 128) {
              const err20 = {
                instancePath: instancePath + '/repositories',
                schemaPath: '#/definitions/repositorySlug/maxLength',
                keyword: 'maxLength',
                params: { limit: 128 },
                message: 'must NOT have more than 128 characters',
                schema: 128,
                parentSchema: schema12,
                data: key3,
                propertyName: key3,
              };
              if (vErrors === null) {
                vErrors = [err20];
              } else {
                vErrors.push(err20);
              }
              errors++;
            }
            if (!pattern2.test(key3)) {
              const err21 = {
                instancePath: instancePath + '/repositories',
                schemaPath: '#/definitions/repositorySlug/pattern',
                keyword: 'pattern',
                params: { pattern: '^[A-Za-z0-9_.-]+$' },
                message: 'must match pattern "' + '^[A-Za-z0-9_.-]+$' + '"',
                schema: '^[A-Za-z0-9_.-]+$',
                parentSchema: schema12,
                data: key3,
                propertyName: key3,
              };
              if (vErrors === null) {
                vErrors = [err21];
              } else {
                vErrors.push(err21);
              }
              errors++;
            }
          } else {
            const err22 = {
              instancePath: instancePath + '/repositories',
              schemaPath: '#/definitions/repositorySlug/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema12.type,
              parentSchema: schema12,
              data: key3,
              propertyName: key3,
            };
            if (vErrors === null) {
              vErrors = [err22];
            } else {
              vErrors.push(err22);
            }
            errors++;
          }
          var valid7 = _errs28 === errors;
          if (!valid7) {
            const err23 = {
              instancePath: instancePath + '/repositories',
              schemaPath: '#/properties/repositories/propertyNames',
              keyword: 'propertyNames',
              params: { propertyName: key3 },
              message: 'property name must be valid',
              schema: schema11.properties.repositories.propertyNames,
              parentSchema: schema11.properties.repositories,
              data: data9,
            };
            if (vErrors === null) {
              vErrors = [err23];
            } else {
              vErrors.push(err23);
            }
            errors++;
          }
        }
        for (const key4 in data9) {
          if (
            !validate30(data9[key4], {
              instancePath: instancePath + '/repositories/' + key4.replace(/~/g, '~0').replace(/\//g, '~1'),
              parentData: data9,
              parentDataProperty: key4,
              rootData,
            })
          ) {
            vErrors = vErrors === null ? validate30.errors : vErrors.concat(validate30.errors);
            errors = vErrors.length;
          }
        }
      } else {
        const err24 = {
          instancePath: instancePath + '/repositories',
          schemaPath: '#/properties/repositories/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema11.properties.repositories.type,
          parentSchema: schema11.properties.repositories,
          data: data9,
        };
        if (vErrors === null) {
          vErrors = [err24];
        } else {
          vErrors.push(err24);
        }
        errors++;
      }
    }
    if (data.policy !== undefined) {
      let data11 = data.policy;
      if (data11 && typeof data11 == 'object' && !Array.isArray(data11)) {
        for (const key5 in data11) {
          if (!(key5 === 'protected' || key5 === 'max_deletes')) {
            const err25 = {
              instancePath: instancePath + '/policy',
              schemaPath: '#/properties/policy/additionalProperties',
              keyword: 'additionalProperties',
              params: { additionalProperty: key5 },
              message: 'must NOT have additional properties',
              schema: false,
              parentSchema: schema11.properties.policy,
              data: data11,
            };
            if (vErrors === null) {
              vErrors = [err25];
            } else {
              vErrors.push(err25);
            }
            errors++;
          }
        }
        if (data11.protected !== undefined) {
          let data12 = data11.protected;
          if (Array.isArray(data12)) {
            const len0 = data12.length;
            for (let i0 = 0; i0 < len0; i0++) {
              let data13 = data12[i0];
              if (typeof data13 !== 'string') {
                const err26 = {
                  instancePath: instancePath + '/policy/protected/' + i0,
                  schemaPath: '#/properties/policy/properties/protected/items/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema11.properties.policy.properties.protected.items.type,
                  parentSchema: schema11.properties.policy.properties.protected.items,
                  data: data13,
                };
                if (vErrors === null) {
                  vErrors = [err26];
                } else {
                  vErrors.push(err26);
                }
                errors++;
              }
            }
          } else {
            const err27 = {
              instancePath: instancePath + '/policy/protected',
              schemaPath: '#/properties/policy/properties/protected/type',
              keyword: 'type',
              params: { type: 'array' },
              message: 'must be array',
              schema: schema11.properties.policy.properties.protected.type,
              parentSchema: schema11.properties.policy.properties.protected,
              data: data12,
            };
            if (vErrors === null) {
              vErrors = [err27];
            } else {
              vErrors.push(err27);
            }
            errors++;
          }
        }
        if (data11.max_deletes !== undefined) {
          let data14 = data11.max_deletes;
          if (!(typeof data14 == 'number' && !(data14 % 1) && !isNaN(data14) && isFinite(data14))) {
            const err28 = {
              instancePath: instancePath + '/policy/max_deletes',
              schemaPath: '#/properties/policy/properties/max_deletes/type',
              keyword: 'type',
              params: { type: 'integer' },
              message: 'must be integer',
              schema: schema11.properties.policy.properties.max_deletes.type,
              parentSchema: schema11.properties.policy.properties.max_deletes,
              data: data14,
            };
            if (vErrors === null) {
              vErrors = [err28];
            } else {
              vErrors.push(err28);
            }
            errors++;
          }
          if (typeof data14 == 'number' && isFinite(data14)) {
            if (data14 < 0 || isNaN(data14)) {
              const err29 = {
                instancePath: instancePath + '/policy/max_deletes',
                schemaPath: '#/properties/policy/properties/max_deletes/minimum',
                keyword: 'minimum',
                params: { comparison: '>=', limit: 0 },
                message: 'must be >= 0',
                schema: 0,
                parentSchema: schema11.properties.policy.properties.max_deletes,
                data: data14,
              };
              if (vErrors === null) {
                vErrors = [err29];
              } else {
                vErrors.push(err29);
              }
              errors++;
            }
          }
        }
      } else {
        const err30 = {
          instancePath: instancePath + '/policy',
          schemaPath: '#/properties/policy/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema11.properties.policy.type,
          parentSchema: schema11.properties.policy,
          data: data11,
        };
        if (vErrors === null) {
          vErrors = [err30];
        } else {
          vErrors.push(err30);
        }
        errors++;
      }
    }
    if (data.projects !== undefined) {
      let data15 = data.projects;
      if (data15 && typeof data15 == 'object' && !Array.isArray(data15)) {
        for (const key6 in data15) {
          const _errs44 = errors;
          if (typeof key6 === 'string') {
            if (func3(key6) > 128) {
              const err31 = {
                instancePath: instancePath + '/projects',
                schemaPath: '#/definitions/projectKey/maxLength',
                keyword: 'maxLength',
                params: { limit: 128 },
                message: 'must NOT have more than 128 characters',
                schema: 128,
                parentSchema: schema43,
                data: key6,
                propertyName: key6,
              };
              if (vErrors === null) {
                vErrors = [err31];
              } else {
                vErrors.push(err31);
              }
              errors++;
            }
            if (!pattern8.test(key6)) {
              const err32 = {
                instancePath: instancePath + '/projects',
                schemaPath: '#/definitions/projectKey/pattern',
                keyword: 'pattern',
                params: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
                message: 'must match pattern "' + '^[A-Za-z][A-Za-z0-9_]*$' + '"',
                schema: '^[A-Za-z][A-Za-z0-9_]*$',
                parentSchema: schema43,
                data: key6,
                propertyName: key6,
              };
              if (vErrors === null) {
                vErrors = [err32];
              } else {
                vErrors.push(err32);
              }
              errors++;
            }
          } else {
            const err33 = {
              instancePath: instancePath + '/projects',
              schemaPath: '#/definitions/projectKey/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema43.type,
              parentSchema: schema43,
              data: key6,
              propertyName: key6,
            };
            if (vErrors === null) {
              vErrors = [err33];
            } else {
              vErrors.push(err33);
            }
            errors++;
          }
          var valid13 = _errs44 === errors;
          if (!valid13) {
            const err34 = {
              instancePath: instancePath + '/projects',
              schemaPath: '#/properties/projects/propertyNames',
              keyword: 'propertyNames',
              params: { propertyName: key6 },
              message: 'property name must be valid',
              schema: schema11.properties.projects.propertyNames,
              parentSchema: schema11.properties.projects,
              data: data15,
            };
            if (vErrors === null) {
              vErrors = [err34];
            } else {
              vErrors.push(err34);
            }
            errors++;
          }
        }
        for (const key7 in data15) {
          if (
            !validate36(data15[key7], {
              instancePath: instancePath + '/projects/' + key7.replace(/~/g, '~0').replace(/\//g, '~1'),
              parentData: data15,
              parentDataProperty: key7,
              rootData,
            })
          ) {
            vErrors = vErrors === null ? validate36.errors : vErrors.concat(validate36.errors);
            errors = vErrors.length;
          }
        }
      } else {
        const err35 = {
          instancePath: instancePath + '/projects',
          schemaPath: '#/properties/projects/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema11.properties.projects.type,
          parentSchema: schema11.properties.projects,
          data: data15,
        };
        if (vErrors === null) {
          vErrors = [err35];
        } else {
          vErrors.push(err35);
        }
        errors++;
      }
    }
  } else {
    const err36 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema11.type,
      parentSchema: schema11,
      data,
    };
    if (vErrors === null) {
      vErrors = [err36];
    } else {
      vErrors.push(err36);
    }
    errors++;
  }
  validate10.errors = vErrors;
  return errors === 0;
}
export const prune = validate40;
function validate40(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (typeof data !== 'string') {
    const err0 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'string' },
      message: 'must be string',
      schema: schema13.type,
      parentSchema: schema13,
      data,
    };
    if (vErrors === null) {
      vErrors = [err0];
    } else {
      vErrors.push(err0);
    }
    errors++;
  }
  if (!(data === 'managed' || data === 'all' || data === 'none')) {
    const err1 = {
      instancePath,
      schemaPath: '#/enum',
      keyword: 'enum',
      params: { allowedValues: schema13.enum },
      message: 'must be equal to one of the allowed values',
      schema: schema13.enum,
      parentSchema: schema13,
      data,
    };
    if (vErrors === null) {
      vErrors = [err1];
    } else {
      vErrors.push(err1);
    }
    errors++;
  }
  validate40.errors = vErrors;
  return errors === 0;
}
export const sourceName = validate41;
function validate41(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (typeof data === 'string') {
    if (func3(data) > 64) {
      const err0 = {
        instancePath,
        schemaPath: '#/maxLength',
        keyword: 'maxLength',
        params: { limit: 64 },
        message: 'must NOT have more than 64 characters',
        schema: 64,
        parentSchema: schema14,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (!pattern3.test(data)) {
      const err1 = {
        instancePath,
        schemaPath: '#/pattern',
        keyword: 'pattern',
        params: { pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' },
        message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_-]*$' + '"',
        schema: '^[A-Za-z_][A-Za-z0-9_-]*$',
        parentSchema: schema14,
        data,
      };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
  } else {
    const err2 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'string' },
      message: 'must be string',
      schema: schema14.type,
      parentSchema: schema14,
      data,
    };
    if (vErrors === null) {
      vErrors = [err2];
    } else {
      vErrors.push(err2);
    }
    errors++;
  }
  validate41.errors = vErrors;
  return errors === 0;
}
export const repositorySlug = validate42;
function validate42(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (typeof data === 'string') {
    if (func3(data) > 128) {
      const err0 = {
        instancePath,
        schemaPath: '#/maxLength',
        keyword: 'maxLength',
        params: { limit: 128 },
        message: 'must NOT have more than 128 characters',
        schema: 128,
        parentSchema: schema12,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (!pattern2.test(data)) {
      const err1 = {
        instancePath,
        schemaPath: '#/pattern',
        keyword: 'pattern',
        params: { pattern: '^[A-Za-z0-9_.-]+$' },
        message: 'must match pattern "' + '^[A-Za-z0-9_.-]+$' + '"',
        schema: '^[A-Za-z0-9_.-]+$',
        parentSchema: schema12,
        data,
      };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
  } else {
    const err2 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'string' },
      message: 'must be string',
      schema: schema12.type,
      parentSchema: schema12,
      data,
    };
    if (vErrors === null) {
      vErrors = [err2];
    } else {
      vErrors.push(err2);
    }
    errors++;
  }
  validate42.errors = vErrors;
  return errors === 0;
}
export const variableKey = validate43;
function validate43(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (typeof data === 'string') {
    if (func3(data) > 255) {
      const err0 = {
        instancePath,
        schemaPath: '#/maxLength',
        keyword: 'maxLength',
        params: { limit: 255 },
        message: 'must NOT have more than 255 characters',
        schema: 255,
        parentSchema: schema20,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (!pattern4.test(data)) {
      const err1 = {
        instancePath,
        schemaPath: '#/pattern',
        keyword: 'pattern',
        params: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
        message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_]*$' + '"',
        schema: '^[A-Za-z_][A-Za-z0-9_]*$',
        parentSchema: schema20,
        data,
      };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
  } else {
    const err2 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'string' },
      message: 'must be string',
      schema: schema20.type,
      parentSchema: schema20,
      data,
    };
    if (vErrors === null) {
      vErrors = [err2];
    } else {
      vErrors.push(err2);
    }
    errors++;
  }
  validate43.errors = vErrors;
  return errors === 0;
}
export const secured = validate44;
function validate44(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (typeof data !== 'boolean') {
    const err0 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'boolean' },
      message: 'must be boolean',
      schema: schema24.type,
      parentSchema: schema24,
      data,
    };
    if (vErrors === null) {
      vErrors = [err0];
    } else {
      vErrors.push(err0);
    }
    errors++;
  }
  validate44.errors = vErrors;
  return errors === 0;
}
export const encoding = validate45;
function validate45(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (typeof data !== 'string') {
    const err0 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'string' },
      message: 'must be string',
      schema: schema23.type,
      parentSchema: schema23,
      data,
    };
    if (vErrors === null) {
      vErrors = [err0];
    } else {
      vErrors.push(err0);
    }
    errors++;
  }
  if (!(data === 'utf8' || data === 'base64')) {
    const err1 = {
      instancePath,
      schemaPath: '#/enum',
      keyword: 'enum',
      params: { allowedValues: schema23.enum },
      message: 'must be equal to one of the allowed values',
      schema: schema23.enum,
      parentSchema: schema23,
      data,
    };
    if (vErrors === null) {
      vErrors = [err1];
    } else {
      vErrors.push(err1);
    }
    errors++;
  }
  validate45.errors = vErrors;
  return errors === 0;
}
export const source = validate46;
function validate46(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.terraform === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'terraform' },
        message: "must have required property '" + 'terraform' + "'",
        schema: schema15.required,
        parentSchema: schema15,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'terraform')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema15,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.terraform !== undefined) {
      let data0 = data.terraform;
      if (data0 && typeof data0 == 'object' && !Array.isArray(data0)) {
        for (const key1 in data0) {
          if (!(key1 === 'outputs' || key1 === 'state' || key1 === 'dir' || key1 === 'binary' || key1 === 'timeout')) {
            const err2 = {
              instancePath: instancePath + '/terraform',
              schemaPath: '#/definitions/terraformSource/additionalProperties',
              keyword: 'additionalProperties',
              params: { additionalProperty: key1 },
              message: 'must NOT have additional properties',
              schema: false,
              parentSchema: schema16,
              data: data0,
            };
            if (vErrors === null) {
              vErrors = [err2];
            } else {
              vErrors.push(err2);
            }
            errors++;
          }
        }
        if (data0.outputs !== undefined) {
          let data1 = data0.outputs;
          if (typeof data1 === 'string') {
            if (func3(data1) < 1) {
              const err3 = {
                instancePath: instancePath + '/terraform/outputs',
                schemaPath: '#/definitions/terraformSource/properties/outputs/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema16.properties.outputs,
                data: data1,
              };
              if (vErrors === null) {
                vErrors = [err3];
              } else {
                vErrors.push(err3);
              }
              errors++;
            }
          } else {
            const err4 = {
              instancePath: instancePath + '/terraform/outputs',
              schemaPath: '#/definitions/terraformSource/properties/outputs/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema16.properties.outputs.type,
              parentSchema: schema16.properties.outputs,
              data: data1,
            };
            if (vErrors === null) {
              vErrors = [err4];
            } else {
              vErrors.push(err4);
            }
            errors++;
          }
        }
        if (data0.state !== undefined) {
          let data2 = data0.state;
          if (typeof data2 === 'string') {
            if (func3(data2) < 1) {
              const err5 = {
                instancePath: instancePath + '/terraform/state',
                schemaPath: '#/definitions/terraformSource/properties/state/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema16.properties.state,
                data: data2,
              };
              if (vErrors === null) {
                vErrors = [err5];
              } else {
                vErrors.push(err5);
              }
              errors++;
            }
          } else {
            const err6 = {
              instancePath: instancePath + '/terraform/state',
              schemaPath: '#/definitions/terraformSource/properties/state/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema16.properties.state.type,
              parentSchema: schema16.properties.state,
              data: data2,
            };
            if (vErrors === null) {
              vErrors = [err6];
            } else {
              vErrors.push(err6);
            }
            errors++;
          }
        }
        if (data0.dir !== undefined) {
          let data3 = data0.dir;
          if (typeof data3 === 'string') {
            if (func3(data3) < 1) {
              const err7 = {
                instancePath: instancePath + '/terraform/dir',
                schemaPath: '#/definitions/terraformSource/properties/dir/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema16.properties.dir,
                data: data3,
              };
              if (vErrors === null) {
                vErrors = [err7];
              } else {
                vErrors.push(err7);
              }
              errors++;
            }
          } else {
            const err8 = {
              instancePath: instancePath + '/terraform/dir',
              schemaPath: '#/definitions/terraformSource/properties/dir/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema16.properties.dir.type,
              parentSchema: schema16.properties.dir,
              data: data3,
            };
            if (vErrors === null) {
              vErrors = [err8];
            } else {
              vErrors.push(err8);
            }
            errors++;
          }
        }
        if (data0.binary !== undefined) {
          let data4 = data0.binary;
          if (typeof data4 === 'string') {
            if (func3(data4) < 1) {
              const err9 = {
                instancePath: instancePath + '/terraform/binary',
                schemaPath: '#/definitions/terraformSource/properties/binary/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema16.properties.binary,
                data: data4,
              };
              if (vErrors === null) {
                vErrors = [err9];
              } else {
                vErrors.push(err9);
              }
              errors++;
            }
          } else {
            const err10 = {
              instancePath: instancePath + '/terraform/binary',
              schemaPath: '#/definitions/terraformSource/properties/binary/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema16.properties.binary.type,
              parentSchema: schema16.properties.binary,
              data: data4,
            };
            if (vErrors === null) {
              vErrors = [err10];
            } else {
              vErrors.push(err10);
            }
            errors++;
          }
        }
        if (data0.timeout !== undefined) {
          let data5 = data0.timeout;
          if (!(typeof data5 == 'number' && !(data5 % 1) && !isNaN(data5) && isFinite(data5))) {
            const err11 = {
              instancePath: instancePath + '/terraform/timeout',
              schemaPath: '#/definitions/terraformSource/properties/timeout/type',
              keyword: 'type',
              params: { type: 'integer' },
              message: 'must be integer',
              schema: schema16.properties.timeout.type,
              parentSchema: schema16.properties.timeout,
              data: data5,
            };
            if (vErrors === null) {
              vErrors = [err11];
            } else {
              vErrors.push(err11);
            }
            errors++;
          }
          if (typeof data5 == 'number' && isFinite(data5)) {
            if (data5 > 3600 || isNaN(data5)) {
              const err12 = {
                instancePath: instancePath + '/terraform/timeout',
                schemaPath: '#/definitions/terraformSource/properties/timeout/maximum',
                keyword: 'maximum',
                params: { comparison: '<=', limit: 3600 },
                message: 'must be <= 3600',
                schema: 3600,
                parentSchema: schema16.properties.timeout,
                data: data5,
              };
              if (vErrors === null) {
                vErrors = [err12];
              } else {
                vErrors.push(err12);
              }
              errors++;
            }
            if (data5 < 1 || isNaN(data5)) {
              const err13 = {
                instancePath: instancePath + '/terraform/timeout',
                schemaPath: '#/definitions/terraformSource/properties/timeout/minimum',
                keyword: 'minimum',
                params: { comparison: '>=', limit: 1 },
                message: 'must be >= 1',
                schema: 1,
                parentSchema: schema16.properties.timeout,
                data: data5,
              };
              if (vErrors === null) {
                vErrors = [err13];
              } else {
                vErrors.push(err13);
              }
              errors++;
            }
          }
        }
      } else {
        const err14 = {
          instancePath: instancePath + '/terraform',
          schemaPath: '#/definitions/terraformSource/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema16.type,
          parentSchema: schema16,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err14];
        } else {
          vErrors.push(err14);
        }
        errors++;
      }
    }
  } else {
    const err15 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema15.type,
      parentSchema: schema15,
      data,
    };
    if (vErrors === null) {
      vErrors = [err15];
    } else {
      vErrors.push(err15);
    }
    errors++;
  }
  validate46.errors = vErrors;
  return errors === 0;
}
export const terraformSource = validate47;
function validate47(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!(key0 === 'outputs' || key0 === 'state' || key0 === 'dir' || key0 === 'binary' || key0 === 'timeout')) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema16,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.outputs !== undefined) {
      let data0 = data.outputs;
      if (typeof data0 === 'string') {
        if (func3(data0) < 1) {
          const err1 = {
            instancePath: instancePath + '/outputs',
            schemaPath: '#/properties/outputs/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema16.properties.outputs,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err1];
          } else {
            vErrors.push(err1);
          }
          errors++;
        }
      } else {
        const err2 = {
          instancePath: instancePath + '/outputs',
          schemaPath: '#/properties/outputs/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema16.properties.outputs.type,
          parentSchema: schema16.properties.outputs,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.state !== undefined) {
      let data1 = data.state;
      if (typeof data1 === 'string') {
        if (func3(data1) < 1) {
          const err3 = {
            instancePath: instancePath + '/state',
            schemaPath: '#/properties/state/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema16.properties.state,
            data: data1,
          };
          if (vErrors === null) {
            vErrors = [err3];
          } else {
            vErrors.push(err3);
          }
          errors++;
        }
      } else {
        const err4 = {
          instancePath: instancePath + '/state',
          schemaPath: '#/properties/state/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema16.properties.state.type,
          parentSchema: schema16.properties.state,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.dir !== undefined) {
      let data2 = data.dir;
      if (typeof data2 === 'string') {
        if (func3(data2) < 1) {
          const err5 = {
            instancePath: instancePath + '/dir',
            schemaPath: '#/properties/dir/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema16.properties.dir,
            data: data2,
          };
          if (vErrors === null) {
            vErrors = [err5];
          } else {
            vErrors.push(err5);
          }
          errors++;
        }
      } else {
        const err6 = {
          instancePath: instancePath + '/dir',
          schemaPath: '#/properties/dir/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema16.properties.dir.type,
          parentSchema: schema16.properties.dir,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
    }
    if (data.binary !== undefined) {
      let data3 = data.binary;
      if (typeof data3 === 'string') {
        if (func3(data3) < 1) {
          const err7 = {
            instancePath: instancePath + '/binary',
            schemaPath: '#/properties/binary/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema16.properties.binary,
            data: data3,
          };
          if (vErrors === null) {
            vErrors = [err7];
          } else {
            vErrors.push(err7);
          }
          errors++;
        }
      } else {
        const err8 = {
          instancePath: instancePath + '/binary',
          schemaPath: '#/properties/binary/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema16.properties.binary.type,
          parentSchema: schema16.properties.binary,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
    if (data.timeout !== undefined) {
      let data4 = data.timeout;
      if (!(typeof data4 == 'number' && !(data4 % 1) && !isNaN(data4) && isFinite(data4))) {
        const err9 = {
          instancePath: instancePath + '/timeout',
          schemaPath: '#/properties/timeout/type',
          keyword: 'type',
          params: { type: 'integer' },
          message: 'must be integer',
          schema: schema16.properties.timeout.type,
          parentSchema: schema16.properties.timeout,
          data: data4,
        };
        if (vErrors === null) {
          vErrors = [err9];
        } else {
          vErrors.push(err9);
        }
        errors++;
      }
      if (typeof data4 == 'number' && isFinite(data4)) {
        if (data4 > 3600 || isNaN(data4)) {
          const err10 = {
            instancePath: instancePath + '/timeout',
            schemaPath: '#/properties/timeout/maximum',
            keyword: 'maximum',
            params: { comparison: '<=', limit: 3600 },
            message: 'must be <= 3600',
            schema: 3600,
            parentSchema: schema16.properties.timeout,
            data: data4,
          };
          if (vErrors === null) {
            vErrors = [err10];
          } else {
            vErrors.push(err10);
          }
          errors++;
        }
        if (data4 < 1 || isNaN(data4)) {
          const err11 = {
            instancePath: instancePath + '/timeout',
            schemaPath: '#/properties/timeout/minimum',
            keyword: 'minimum',
            params: { comparison: '>=', limit: 1 },
            message: 'must be >= 1',
            schema: 1,
            parentSchema: schema16.properties.timeout,
            data: data4,
          };
          if (vErrors === null) {
            vErrors = [err11];
          } else {
            vErrors.push(err11);
          }
          errors++;
        }
      }
    }
  } else {
    const err12 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema16.type,
      parentSchema: schema16,
      data,
    };
    if (vErrors === null) {
      vErrors = [err12];
    } else {
      vErrors.push(err12);
    }
    errors++;
  }
  validate47.errors = vErrors;
  return errors === 0;
}
export const workspaceScope = validate48;
function validate48(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.variables === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'variables' },
        message: "must have required property '" + 'variables' + "'",
        schema: schema17.required,
        parentSchema: schema17,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'prune' || key0 === 'variables')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema17,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.prune !== undefined) {
      let data0 = data.prune;
      if (typeof data0 !== 'string') {
        const err2 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema13.type,
          parentSchema: schema13,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
      if (!(data0 === 'managed' || data0 === 'all' || data0 === 'none')) {
        const err3 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/enum',
          keyword: 'enum',
          params: { allowedValues: schema13.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema13.enum,
          parentSchema: schema13,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.variables !== undefined) {
      if (
        !validate14(data.variables, {
          instancePath: instancePath + '/variables',
          parentData: data,
          parentDataProperty: 'variables',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
        errors = vErrors.length;
      }
    }
  } else {
    const err4 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema17.type,
      parentSchema: schema17,
      data,
    };
    if (vErrors === null) {
      vErrors = [err4];
    } else {
      vErrors.push(err4);
    }
    errors++;
  }
  validate48.errors = vErrors;
  return errors === 0;
}
export const repository = validate50;
function validate50(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!(key0 === 'prune' || key0 === 'variables' || key0 === 'deployments')) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema38,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.prune !== undefined) {
      let data0 = data.prune;
      if (typeof data0 !== 'string') {
        const err1 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema13.type,
          parentSchema: schema13,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
      if (!(data0 === 'managed' || data0 === 'all' || data0 === 'none')) {
        const err2 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/enum',
          keyword: 'enum',
          params: { allowedValues: schema13.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema13.enum,
          parentSchema: schema13,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.variables !== undefined) {
      if (
        !validate14(data.variables, {
          instancePath: instancePath + '/variables',
          parentData: data,
          parentDataProperty: 'variables',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
        errors = vErrors.length;
      }
    }
    if (data.deployments !== undefined) {
      let data2 = data.deployments;
      if (data2 && typeof data2 == 'object' && !Array.isArray(data2)) {
        for (const key1 in data2) {
          const _errs8 = errors;
          if (typeof key1 === 'string') {
            if (func3(key1) > 100) {
              const err3 = {
                instancePath: instancePath + '/deployments',
                schemaPath: '#/definitions/environmentName/maxLength',
                keyword: 'maxLength',
                params: { limit: 100 },
                message: 'must NOT have more than 100 characters',
                schema: 100,
                parentSchema: schema40,
                data: key1,
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err3];
              } else {
                vErrors.push(err3);
              }
              errors++;
            }
            if (!pattern7.test(key1)) {
              const err4 = {
                instancePath: instancePath + '/deployments',
                schemaPath: '#/definitions/environmentName/pattern',
                keyword: 'pattern',
                params: { pattern: '^[^\\s/](?:[^/]*[^\\s/])?$' },
                message: 'must match pattern "' + '^[^\\s/](?:[^/]*[^\\s/])?$' + '"',
                schema: '^[^\\s/](?:[^/]*[^\\s/])?$',
                parentSchema: schema40,
                data: key1,
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err4];
              } else {
                vErrors.push(err4);
              }
              errors++;
            }
          } else {
            const err5 = {
              instancePath: instancePath + '/deployments',
              schemaPath: '#/definitions/environmentName/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema40.type,
              parentSchema: schema40,
              data: key1,
              propertyName: key1,
            };
            if (vErrors === null) {
              vErrors = [err5];
            } else {
              vErrors.push(err5);
            }
            errors++;
          }
          var valid2 = _errs8 === errors;
          if (!valid2) {
            const err6 = {
              instancePath: instancePath + '/deployments',
              schemaPath: '#/properties/deployments/propertyNames',
              keyword: 'propertyNames',
              params: { propertyName: key1 },
              message: 'property name must be valid',
              schema: schema38.properties.deployments.propertyNames,
              parentSchema: schema38.properties.deployments,
              data: data2,
            };
            if (vErrors === null) {
              vErrors = [err6];
            } else {
              vErrors.push(err6);
            }
            errors++;
          }
        }
        for (const key2 in data2) {
          if (
            !validate32(data2[key2], {
              instancePath: instancePath + '/deployments/' + key2.replace(/~/g, '~0').replace(/\//g, '~1'),
              parentData: data2,
              parentDataProperty: key2,
              rootData,
            })
          ) {
            vErrors = vErrors === null ? validate32.errors : vErrors.concat(validate32.errors);
            errors = vErrors.length;
          }
        }
      } else {
        const err7 = {
          instancePath: instancePath + '/deployments',
          schemaPath: '#/properties/deployments/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema38.properties.deployments.type,
          parentSchema: schema38.properties.deployments,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
  } else {
    const err8 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema38.type,
      parentSchema: schema38,
      data,
    };
    if (vErrors === null) {
      vErrors = [err8];
    } else {
      vErrors.push(err8);
    }
    errors++;
  }
  validate50.errors = vErrors;
  return errors === 0;
}
export const projectKey = validate53;
function validate53(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (typeof data === 'string') {
    if (func3(data) > 128) {
      const err0 = {
        instancePath,
        schemaPath: '#/maxLength',
        keyword: 'maxLength',
        params: { limit: 128 },
        message: 'must NOT have more than 128 characters',
        schema: 128,
        parentSchema: schema43,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (!pattern8.test(data)) {
      const err1 = {
        instancePath,
        schemaPath: '#/pattern',
        keyword: 'pattern',
        params: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
        message: 'must match pattern "' + '^[A-Za-z][A-Za-z0-9_]*$' + '"',
        schema: '^[A-Za-z][A-Za-z0-9_]*$',
        parentSchema: schema43,
        data,
      };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
  } else {
    const err2 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'string' },
      message: 'must be string',
      schema: schema43.type,
      parentSchema: schema43,
      data,
    };
    if (vErrors === null) {
      vErrors = [err2];
    } else {
      vErrors.push(err2);
    }
    errors++;
  }
  validate53.errors = vErrors;
  return errors === 0;
}
export const project = validate54;
function validate54(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!(key0 === 'exclude' || key0 === 'variables' || key0 === 'deployments')) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema44,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.exclude !== undefined) {
      let data0 = data.exclude;
      if (Array.isArray(data0)) {
        const len0 = data0.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data1 = data0[i0];
          if (typeof data1 === 'string') {
            if (func3(data1) > 128) {
              const err1 = {
                instancePath: instancePath + '/exclude/' + i0,
                schemaPath: '#/definitions/repositorySlug/maxLength',
                keyword: 'maxLength',
                params: { limit: 128 },
                message: 'must NOT have more than 128 characters',
                schema: 128,
                parentSchema: schema12,
                data: data1,
              };
              if (vErrors === null) {
                vErrors = [err1];
              } else {
                vErrors.push(err1);
              }
              errors++;
            }
            if (!pattern2.test(data1)) {
              const err2 = {
                instancePath: instancePath + '/exclude/' + i0,
                schemaPath: '#/definitions/repositorySlug/pattern',
                keyword: 'pattern',
                params: { pattern: '^[A-Za-z0-9_.-]+$' },
                message: 'must match pattern "' + '^[A-Za-z0-9_.-]+$' + '"',
                schema: '^[A-Za-z0-9_.-]+$',
                parentSchema: schema12,
                data: data1,
              };
              if (vErrors === null) {
                vErrors = [err2];
              } else {
                vErrors.push(err2);
              }
              errors++;
            }
          } else {
            const err3 = {
              instancePath: instancePath + '/exclude/' + i0,
              schemaPath: '#/definitions/repositorySlug/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema12.type,
              parentSchema: schema12,
              data: data1,
            };
            if (vErrors === null) {
              vErrors = [err3];
            } else {
              vErrors.push(err3);
            }
            errors++;
          }
        }
      } else {
        const err4 = {
          instancePath: instancePath + '/exclude',
          schemaPath: '#/properties/exclude/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema44.properties.exclude.type,
          parentSchema: schema44.properties.exclude,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.variables !== undefined) {
      if (
        !validate14(data.variables, {
          instancePath: instancePath + '/variables',
          parentData: data,
          parentDataProperty: 'variables',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
        errors = vErrors.length;
      }
    }
    if (data.deployments !== undefined) {
      let data3 = data.deployments;
      if (data3 && typeof data3 == 'object' && !Array.isArray(data3)) {
        for (const key1 in data3) {
          const _errs10 = errors;
          if (typeof key1 === 'string') {
            if (func3(key1) > 100) {
              const err5 = {
                instancePath: instancePath + '/deployments',
                schemaPath: '#/definitions/environmentName/maxLength',
                keyword: 'maxLength',
                params: { limit: 100 },
                message: 'must NOT have more than 100 characters',
                schema: 100,
                parentSchema: schema40,
                data: key1,
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err5];
              } else {
                vErrors.push(err5);
              }
              errors++;
            }
            if (!pattern7.test(key1)) {
              const err6 = {
                instancePath: instancePath + '/deployments',
                schemaPath: '#/definitions/environmentName/pattern',
                keyword: 'pattern',
                params: { pattern: '^[^\\s/](?:[^/]*[^\\s/])?$' },
                message: 'must match pattern "' + '^[^\\s/](?:[^/]*[^\\s/])?$' + '"',
                schema: '^[^\\s/](?:[^/]*[^\\s/])?$',
                parentSchema: schema40,
                data: key1,
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err6];
              } else {
                vErrors.push(err6);
              }
              errors++;
            }
          } else {
            const err7 = {
              instancePath: instancePath + '/deployments',
              schemaPath: '#/definitions/environmentName/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema40.type,
              parentSchema: schema40,
              data: key1,
              propertyName: key1,
            };
            if (vErrors === null) {
              vErrors = [err7];
            } else {
              vErrors.push(err7);
            }
            errors++;
          }
          var valid4 = _errs10 === errors;
          if (!valid4) {
            const err8 = {
              instancePath: instancePath + '/deployments',
              schemaPath: '#/properties/deployments/propertyNames',
              keyword: 'propertyNames',
              params: { propertyName: key1 },
              message: 'property name must be valid',
              schema: schema44.properties.deployments.propertyNames,
              parentSchema: schema44.properties.deployments,
              data: data3,
            };
            if (vErrors === null) {
              vErrors = [err8];
            } else {
              vErrors.push(err8);
            }
            errors++;
          }
        }
        for (const key2 in data3) {
          if (
            !validate32(data3[key2], {
              instancePath: instancePath + '/deployments/' + key2.replace(/~/g, '~0').replace(/\//g, '~1'),
              parentData: data3,
              parentDataProperty: key2,
              rootData,
            })
          ) {
            vErrors = vErrors === null ? validate32.errors : vErrors.concat(validate32.errors);
            errors = vErrors.length;
          }
        }
      } else {
        const err9 = {
          instancePath: instancePath + '/deployments',
          schemaPath: '#/properties/deployments/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema44.properties.deployments.type,
          parentSchema: schema44.properties.deployments,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err9];
        } else {
          vErrors.push(err9);
        }
        errors++;
      }
    }
  } else {
    const err10 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema44.type,
      parentSchema: schema44,
      data,
    };
    if (vErrors === null) {
      vErrors = [err10];
    } else {
      vErrors.push(err10);
    }
    errors++;
  }
  validate54.errors = vErrors;
  return errors === 0;
}
export const environmentName = validate57;
function validate57(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (typeof data === 'string') {
    if (func3(data) > 100) {
      const err0 = {
        instancePath,
        schemaPath: '#/maxLength',
        keyword: 'maxLength',
        params: { limit: 100 },
        message: 'must NOT have more than 100 characters',
        schema: 100,
        parentSchema: schema40,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (!pattern7.test(data)) {
      const err1 = {
        instancePath,
        schemaPath: '#/pattern',
        keyword: 'pattern',
        params: { pattern: '^[^\\s/](?:[^/]*[^\\s/])?$' },
        message: 'must match pattern "' + '^[^\\s/](?:[^/]*[^\\s/])?$' + '"',
        schema: '^[^\\s/](?:[^/]*[^\\s/])?$',
        parentSchema: schema40,
        data,
      };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
  } else {
    const err2 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'string' },
      message: 'must be string',
      schema: schema40.type,
      parentSchema: schema40,
      data,
    };
    if (vErrors === null) {
      vErrors = [err2];
    } else {
      vErrors.push(err2);
    }
    errors++;
  }
  validate57.errors = vErrors;
  return errors === 0;
}
export const deployment = validate58;
function validate58(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!(key0 === 'type' || key0 === 'prune' || key0 === 'variables')) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema41,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.type !== undefined) {
      let data0 = data.type;
      if (typeof data0 !== 'string') {
        const err1 = {
          instancePath: instancePath + '/type',
          schemaPath: '#/properties/type/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema41.properties.type.type,
          parentSchema: schema41.properties.type,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
      if (!(data0 === 'Test' || data0 === 'Staging' || data0 === 'Production')) {
        const err2 = {
          instancePath: instancePath + '/type',
          schemaPath: '#/properties/type/enum',
          keyword: 'enum',
          params: { allowedValues: schema41.properties.type.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema41.properties.type.enum,
          parentSchema: schema41.properties.type,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.prune !== undefined) {
      let data1 = data.prune;
      if (typeof data1 !== 'string') {
        const err3 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema13.type,
          parentSchema: schema13,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
      if (!(data1 === 'managed' || data1 === 'all' || data1 === 'none')) {
        const err4 = {
          instancePath: instancePath + '/prune',
          schemaPath: '#/definitions/prune/enum',
          keyword: 'enum',
          params: { allowedValues: schema13.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema13.enum,
          parentSchema: schema13,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.variables !== undefined) {
      if (
        !validate14(data.variables, {
          instancePath: instancePath + '/variables',
          parentData: data,
          parentDataProperty: 'variables',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
        errors = vErrors.length;
      }
    }
  } else {
    const err5 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema41.type,
      parentSchema: schema41,
      data,
    };
    if (vErrors === null) {
      vErrors = [err5];
    } else {
      vErrors.push(err5);
    }
    errors++;
  }
  validate58.errors = vErrors;
  return errors === 0;
}
export const variables = validate60;
function validate60(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      const _errs1 = errors;
      if (typeof key0 === 'string') {
        if (func3(key0) > 255) {
          const err0 = {
            instancePath,
            schemaPath: '#/definitions/variableKey/maxLength',
            keyword: 'maxLength',
            params: { limit: 255 },
            message: 'must NOT have more than 255 characters',
            schema: 255,
            parentSchema: schema20,
            data: key0,
            propertyName: key0,
          };
          if (vErrors === null) {
            vErrors = [err0];
          } else {
            vErrors.push(err0);
          }
          errors++;
        }
        if (!pattern4.test(key0)) {
          const err1 = {
            instancePath,
            schemaPath: '#/definitions/variableKey/pattern',
            keyword: 'pattern',
            params: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
            message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_]*$' + '"',
            schema: '^[A-Za-z_][A-Za-z0-9_]*$',
            parentSchema: schema20,
            data: key0,
            propertyName: key0,
          };
          if (vErrors === null) {
            vErrors = [err1];
          } else {
            vErrors.push(err1);
          }
          errors++;
        }
      } else {
        const err2 = {
          instancePath,
          schemaPath: '#/definitions/variableKey/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema20.type,
          parentSchema: schema20,
          data: key0,
          propertyName: key0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
      var valid0 = _errs1 === errors;
      if (!valid0) {
        const err3 = {
          instancePath,
          schemaPath: '#/propertyNames',
          keyword: 'propertyNames',
          params: { propertyName: key0 },
          message: 'property name must be valid',
          schema: schema19.propertyNames,
          parentSchema: schema19,
          data,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    for (const key1 in data) {
      if (
        !validate15(data[key1], {
          instancePath: instancePath + '/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
          parentData: data,
          parentDataProperty: key1,
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
        errors = vErrors.length;
      }
    }
  } else {
    const err4 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema19.type,
      parentSchema: schema19,
      data,
    };
    if (vErrors === null) {
      vErrors = [err4];
    } else {
      vErrors.push(err4);
    }
    errors++;
  }
  validate60.errors = vErrors;
  return errors === 0;
}
export const variableValue = validate62;
function validate62(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  const _errs0 = errors;
  let valid0 = false;
  const _errs1 = errors;
  if (typeof data !== 'string') {
    const err0 = {
      instancePath,
      schemaPath: '#/anyOf/0/type',
      keyword: 'type',
      params: { type: 'string' },
      message: 'must be string',
      schema: schema21.anyOf[0].type,
      parentSchema: schema21.anyOf[0],
      data,
    };
    if (vErrors === null) {
      vErrors = [err0];
    } else {
      vErrors.push(err0);
    }
    errors++;
  }
  var _valid0 = _errs1 === errors;
  valid0 = valid0 || _valid0;
  if (!valid0) {
    const _errs3 = errors;
    if (!(typeof data == 'number' && isFinite(data))) {
      const err1 = {
        instancePath,
        schemaPath: '#/anyOf/1/type',
        keyword: 'type',
        params: { type: 'number' },
        message: 'must be number',
        schema: schema21.anyOf[1].type,
        parentSchema: schema21.anyOf[1],
        data,
      };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
    var _valid0 = _errs3 === errors;
    valid0 = valid0 || _valid0;
    if (!valid0) {
      const _errs5 = errors;
      if (typeof data !== 'boolean') {
        const err2 = {
          instancePath,
          schemaPath: '#/anyOf/2/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema21.anyOf[2].type,
          parentSchema: schema21.anyOf[2],
          data,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
      var _valid0 = _errs5 === errors;
      valid0 = valid0 || _valid0;
      if (!valid0) {
        const _errs7 = errors;
        if (!validate16(data, { instancePath, parentData, parentDataProperty, rootData })) {
          vErrors = vErrors === null ? validate16.errors : vErrors.concat(validate16.errors);
          errors = vErrors.length;
        }
        var _valid0 = _errs7 === errors;
        valid0 = valid0 || _valid0;
        if (!valid0) {
          const _errs8 = errors;
          if (!validate18(data, { instancePath, parentData, parentDataProperty, rootData })) {
            vErrors = vErrors === null ? validate18.errors : vErrors.concat(validate18.errors);
            errors = vErrors.length;
          }
          var _valid0 = _errs8 === errors;
          valid0 = valid0 || _valid0;
          if (!valid0) {
            const _errs9 = errors;
            if (!validate20(data, { instancePath, parentData, parentDataProperty, rootData })) {
              vErrors = vErrors === null ? validate20.errors : vErrors.concat(validate20.errors);
              errors = vErrors.length;
            }
            var _valid0 = _errs9 === errors;
            valid0 = valid0 || _valid0;
            if (!valid0) {
              const _errs10 = errors;
              if (!validate22(data, { instancePath, parentData, parentDataProperty, rootData })) {
                vErrors = vErrors === null ? validate22.errors : vErrors.concat(validate22.errors);
                errors = vErrors.length;
              }
              var _valid0 = _errs10 === errors;
              valid0 = valid0 || _valid0;
              if (!valid0) {
                const _errs11 = errors;
                if (!validate24(data, { instancePath, parentData, parentDataProperty, rootData })) {
                  vErrors = vErrors === null ? validate24.errors : vErrors.concat(validate24.errors);
                  errors = vErrors.length;
                }
                var _valid0 = _errs11 === errors;
                valid0 = valid0 || _valid0;
              }
            }
          }
        }
      }
    }
  }
  if (!valid0) {
    const err3 = {
      instancePath,
      schemaPath: '#/anyOf',
      keyword: 'anyOf',
      params: {},
      message: 'must match a schema in anyOf',
      schema: schema21.anyOf,
      parentSchema: schema21,
      data,
    };
    if (vErrors === null) {
      vErrors = [err3];
    } else {
      vErrors.push(err3);
    }
    errors++;
  } else {
    errors = _errs0;
    if (vErrors !== null) {
      if (_errs0) {
        vErrors.length = _errs0;
      } else {
        vErrors = null;
      }
    }
  }
  validate62.errors = vErrors;
  return errors === 0;
}
export const fromValue = validate68;
function validate68(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.from === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'from' },
        message: "must have required property '" + 'from' + "'",
        schema: schema22.required,
        parentSchema: schema22,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'from' || key0 === 'format' || key0 === 'encoding' || key0 === 'secured')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema22,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.from !== undefined) {
      let data0 = data.from;
      if (typeof data0 === 'string') {
        if (func3(data0) < 1) {
          const err2 = {
            instancePath: instancePath + '/from',
            schemaPath: '#/properties/from/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema22.properties.from,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err2];
          } else {
            vErrors.push(err2);
          }
          errors++;
        }
      } else {
        const err3 = {
          instancePath: instancePath + '/from',
          schemaPath: '#/properties/from/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema22.properties.from.type,
          parentSchema: schema22.properties.from,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.format !== undefined) {
      let data1 = data.format;
      if (typeof data1 !== 'string') {
        const err4 = {
          instancePath: instancePath + '/format',
          schemaPath: '#/properties/format/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema22.properties.format.type,
          parentSchema: schema22.properties.format,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
      if (!(data1 === 'json' || data1 === 'csv')) {
        const err5 = {
          instancePath: instancePath + '/format',
          schemaPath: '#/properties/format/enum',
          keyword: 'enum',
          params: { allowedValues: schema22.properties.format.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema22.properties.format.enum,
          parentSchema: schema22.properties.format,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
    if (data.encoding !== undefined) {
      let data2 = data.encoding;
      if (typeof data2 !== 'string') {
        const err6 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema23.type,
          parentSchema: schema23,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
      if (!(data2 === 'utf8' || data2 === 'base64')) {
        const err7 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/enum',
          keyword: 'enum',
          params: { allowedValues: schema23.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema23.enum,
          parentSchema: schema23,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
    if (data.secured !== undefined) {
      let data3 = data.secured;
      if (typeof data3 !== 'boolean') {
        const err8 = {
          instancePath: instancePath + '/secured',
          schemaPath: '#/definitions/secured/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema24.type,
          parentSchema: schema24,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
  } else {
    const err9 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema22.type,
      parentSchema: schema22,
      data,
    };
    if (vErrors === null) {
      vErrors = [err9];
    } else {
      vErrors.push(err9);
    }
    errors++;
  }
  validate68.errors = vErrors;
  return errors === 0;
}
export const templateValue = validate69;
function validate69(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.template === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'template' },
        message: "must have required property '" + 'template' + "'",
        schema: schema25.required,
        parentSchema: schema25,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'template' || key0 === 'encoding' || key0 === 'secured')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema25,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.template !== undefined) {
      let data0 = data.template;
      if (typeof data0 !== 'string') {
        const err2 = {
          instancePath: instancePath + '/template',
          schemaPath: '#/properties/template/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema25.properties.template.type,
          parentSchema: schema25.properties.template,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.encoding !== undefined) {
      let data1 = data.encoding;
      if (typeof data1 !== 'string') {
        const err3 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema23.type,
          parentSchema: schema23,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
      if (!(data1 === 'utf8' || data1 === 'base64')) {
        const err4 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/enum',
          keyword: 'enum',
          params: { allowedValues: schema23.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema23.enum,
          parentSchema: schema23,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.secured !== undefined) {
      let data2 = data.secured;
      if (typeof data2 !== 'boolean') {
        const err5 = {
          instancePath: instancePath + '/secured',
          schemaPath: '#/definitions/secured/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema24.type,
          parentSchema: schema24,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
  } else {
    const err6 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema25.type,
      parentSchema: schema25,
      data,
    };
    if (vErrors === null) {
      vErrors = [err6];
    } else {
      vErrors.push(err6);
    }
    errors++;
  }
  validate69.errors = vErrors;
  return errors === 0;
}
export const envValue = validate70;
function validate70(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.env === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'env' },
        message: "must have required property '" + 'env' + "'",
        schema: schema28.required,
        parentSchema: schema28,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'env' || key0 === 'default' || key0 === 'encoding' || key0 === 'secured')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema28,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.env !== undefined) {
      let data0 = data.env;
      if (typeof data0 === 'string') {
        if (!pattern4.test(data0)) {
          const err2 = {
            instancePath: instancePath + '/env',
            schemaPath: '#/properties/env/pattern',
            keyword: 'pattern',
            params: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
            message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_]*$' + '"',
            schema: '^[A-Za-z_][A-Za-z0-9_]*$',
            parentSchema: schema28.properties.env,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err2];
          } else {
            vErrors.push(err2);
          }
          errors++;
        }
      } else {
        const err3 = {
          instancePath: instancePath + '/env',
          schemaPath: '#/properties/env/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema28.properties.env.type,
          parentSchema: schema28.properties.env,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.default !== undefined) {
      let data1 = data.default;
      if (typeof data1 !== 'string' && !(typeof data1 == 'number' && isFinite(data1)) && typeof data1 !== 'boolean') {
        const err4 = {
          instancePath: instancePath + '/default',
          schemaPath: '#/properties/default/type',
          keyword: 'type',
          params: { type: schema28.properties.default.type },
          message: 'must be string,number,boolean',
          schema: schema28.properties.default.type,
          parentSchema: schema28.properties.default,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.encoding !== undefined) {
      let data2 = data.encoding;
      if (typeof data2 !== 'string') {
        const err5 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema23.type,
          parentSchema: schema23,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
      if (!(data2 === 'utf8' || data2 === 'base64')) {
        const err6 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/enum',
          keyword: 'enum',
          params: { allowedValues: schema23.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema23.enum,
          parentSchema: schema23,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
    }
    if (data.secured !== undefined) {
      let data3 = data.secured;
      if (typeof data3 !== 'boolean') {
        const err7 = {
          instancePath: instancePath + '/secured',
          schemaPath: '#/definitions/secured/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema24.type,
          parentSchema: schema24,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
  } else {
    const err8 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema28.type,
      parentSchema: schema28,
      data,
    };
    if (vErrors === null) {
      vErrors = [err8];
    } else {
      vErrors.push(err8);
    }
    errors++;
  }
  validate70.errors = vErrors;
  return errors === 0;
}
export const fileValue = validate71;
function validate71(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.file === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'file' },
        message: "must have required property '" + 'file' + "'",
        schema: schema31.required,
        parentSchema: schema31,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'file' || key0 === 'encoding' || key0 === 'secured')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema31,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.file !== undefined) {
      let data0 = data.file;
      if (typeof data0 === 'string') {
        if (func3(data0) < 1) {
          const err2 = {
            instancePath: instancePath + '/file',
            schemaPath: '#/properties/file/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema31.properties.file,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err2];
          } else {
            vErrors.push(err2);
          }
          errors++;
        }
      } else {
        const err3 = {
          instancePath: instancePath + '/file',
          schemaPath: '#/properties/file/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema31.properties.file.type,
          parentSchema: schema31.properties.file,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.encoding !== undefined) {
      let data1 = data.encoding;
      if (typeof data1 !== 'string') {
        const err4 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema23.type,
          parentSchema: schema23,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
      if (!(data1 === 'utf8' || data1 === 'base64')) {
        const err5 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/enum',
          keyword: 'enum',
          params: { allowedValues: schema23.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema23.enum,
          parentSchema: schema23,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
    if (data.secured !== undefined) {
      let data2 = data.secured;
      if (typeof data2 !== 'boolean') {
        const err6 = {
          instancePath: instancePath + '/secured',
          schemaPath: '#/definitions/secured/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema24.type,
          parentSchema: schema24,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
    }
  } else {
    const err7 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema31.type,
      parentSchema: schema31,
      data,
    };
    if (vErrors === null) {
      vErrors = [err7];
    } else {
      vErrors.push(err7);
    }
    errors++;
  }
  validate71.errors = vErrors;
  return errors === 0;
}
export const literalValue = validate72;
function validate72(data, { instancePath = '', parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.value === undefined) {
      const err0 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'value' },
        message: "must have required property '" + 'value' + "'",
        schema: schema34.required,
        parentSchema: schema34,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === 'value' || key0 === 'encoding' || key0 === 'secured')) {
        const err1 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema34,
          data,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.value !== undefined) {
      let data0 = data.value;
      if (typeof data0 !== 'string' && !(typeof data0 == 'number' && isFinite(data0)) && typeof data0 !== 'boolean') {
        const err2 = {
          instancePath: instancePath + '/value',
          schemaPath: '#/properties/value/type',
          keyword: 'type',
          params: { type: schema34.properties.value.type },
          message: 'must be string,number,boolean',
          schema: schema34.properties.value.type,
          parentSchema: schema34.properties.value,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.encoding !== undefined) {
      let data1 = data.encoding;
      if (typeof data1 !== 'string') {
        const err3 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema23.type,
          parentSchema: schema23,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
      if (!(data1 === 'utf8' || data1 === 'base64')) {
        const err4 = {
          instancePath: instancePath + '/encoding',
          schemaPath: '#/definitions/encoding/enum',
          keyword: 'enum',
          params: { allowedValues: schema23.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema23.enum,
          parentSchema: schema23,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.secured !== undefined) {
      let data2 = data.secured;
      if (typeof data2 !== 'boolean') {
        const err5 = {
          instancePath: instancePath + '/secured',
          schemaPath: '#/definitions/secured/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema24.type,
          parentSchema: schema24,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
  } else {
    const err6 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema34.type,
      parentSchema: schema34,
      data,
    };
    if (vErrors === null) {
      vErrors = [err6];
    } else {
      vErrors.push(err6);
    }
    errors++;
  }
  validate72.errors = vErrors;
  return errors === 0;
}
