/* eslint-disable */
/**
 * generated, do not edit: run `npm run gen:types` after changing schema/bb-vars.schema.json.
 */
import type { ValidateFunction } from 'ajv';
export declare const manifest: ValidateFunction;
export declare const prune: ValidateFunction;
export declare const sourceName: ValidateFunction;
export declare const repositorySlug: ValidateFunction;
export declare const variableKey: ValidateFunction;
export declare const secured: ValidateFunction;
export declare const encoding: ValidateFunction;
export declare const source: ValidateFunction;
export declare const terraformSource: ValidateFunction;
export declare const workspaceScope: ValidateFunction;
export declare const repository: ValidateFunction;
export declare const projectKey: ValidateFunction;
export declare const project: ValidateFunction;
export declare const environmentName: ValidateFunction;
export declare const deployment: ValidateFunction;
export declare const variables: ValidateFunction;
export declare const variableValue: ValidateFunction;
export declare const fromValue: ValidateFunction;
export declare const templateValue: ValidateFunction;
export declare const envValue: ValidateFunction;
export declare const fileValue: ValidateFunction;
export declare const literalValue: ValidateFunction;
