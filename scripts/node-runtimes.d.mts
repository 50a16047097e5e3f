/** Types of node-runtimes.mjs, for the test that imports it. */
export declare const RUNTIMES: readonly string[];
export declare function runtimePath(version: string): string;
