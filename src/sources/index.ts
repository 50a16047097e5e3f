/** Every source kind behind the one interface. */
import type { TerraformSource } from '../config/types.generated.ts';
import { env, type EnvSpec } from './env.ts';
import { file, type FileSpec } from './file.ts';
import { terraform } from './terraform.ts';
import type { ValueSource } from './types.ts';

export type SourceKind = 'terraform' | 'env' | 'file';

/** Spec type of each kind. */
export interface SourceSpecs {
  terraform: TerraformSource;
  env: EnvSpec;
  file: FileSpec;
}

export const sources = { terraform, env, file } satisfies { [K in SourceKind]: ValueSource<SourceSpecs[K]> };
