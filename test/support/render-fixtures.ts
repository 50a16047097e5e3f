/**
 * A plan with every kind of change, built through the real planner, for the renderer tests.
 * Secret values are canary strings that must never appear in any rendered output.
 */
import { planReconcile } from '../../src/plan/diff.ts';
import {
  KEY,
  WS,
  dep,
  desired,
  fp,
  live,
  liveSecured,
  livePlain,
  plain,
  repo,
  secured,
  stateVar,
  ws,
} from './plan-builders.ts';
import type { Plan } from '../../src/plan/types.ts';

export const CANARIES = [
  'CANARY-db-password-81f3',
  'CANARY-deploy-token-2a77',
  'CANARY-tls-0c19',
  'CANARY-old-plain-tls-55be',
] as const;

export function samplePlan(): Plan {
  const api = repo('api');
  return planReconcile(
    {
      workspace: WS,
      scopes: [
        desired(ws, [plain('REGION', 'eu-west-1')]),
        desired(api, [
          plain('LOG_LEVEL', 'info'),
          plain('API_MODE', 'strict'),
          secured('DB_PASSWORD', CANARIES[0], true),
          secured('DEPLOY_TOKEN', CANARIES[1]),
          secured('TLS_CERT', CANARIES[2]),
          plain('MANUAL', 'b'),
          plain('NOTES', 'line one\nline two'),
        ]),
        desired(dep('api', 'production'), [plain('API_URL', 'https://api.example.com')], {
          environmentType: 'Production',
        }),
      ],
    },
    {
      workspace: WS,
      scopes: [
        live(ws, [livePlain('REGION', 'eu-west-1'), stateVar({ REGION: '' }, { scope: ws })]),
        live(api, [
          livePlain('API_MODE', 'lax'),
          liveSecured('DB_PASSWORD'),
          liveSecured('DEPLOY_TOKEN'),
          livePlain('TLS_CERT', CANARIES[3]),
          livePlain('MANUAL', 'a'),
          livePlain('NOTES', 'line one\nline two'),
          livePlain('OLD', 'x'),
          stateVar(
            {
              API_MODE: '',
              DB_PASSWORD: fp(api, 'DB_PASSWORD', 'previous'),
              DEPLOY_TOKEN: '',
              TLS_CERT: '',
              OLD: '',
              NOTES: '',
            },
            { scope: api },
          ),
        ]),
        live(dep('api', 'production'), [], { exists: false, environmentUuid: undefined }),
      ],
    },
    { fingerprintKey: KEY },
  );
}
