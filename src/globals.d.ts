/** Replaced at build time by scripts/build.mjs; undefined when running from source. */
declare const __BB_VARS_VERSION__: string | undefined;
