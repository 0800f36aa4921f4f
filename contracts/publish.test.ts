import { describe, expect, it } from 'vitest';
import { main, publishCommands } from './publish.ts';

describe('contracts:publish', () => {
  it('is opt-in: without PACT_BROKER_BASE_URL it says so, publishes nothing and exits 0', () => {
    const lines: string[] = [];
    expect(main([], {}, (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toMatch(/PACT_BROKER_BASE_URL is not set, so nothing was published/);
  });

  it('--dry-run prints the exact Pact CLI commands: publish, then can-i-deploy per consumer', () => {
    const lines: string[] = [];
    const env = {
      PACT_BROKER_BASE_URL: 'https://broker.example',
      PACT_CONSUMER_APP_VERSION: '0.1.0+abc123',
      PACT_CONSUMER_BRANCH: 'main',
    };
    expect(main(['--dry-run', '--can-i-deploy', 'production'], env, (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toBe(
      'npx --yes --package @pact-foundation/pact-cli pact-broker publish contracts/pacts --consumer-app-version 0.1.0+abc123 --branch main --broker-base-url https://broker.example',
    );
    expect(lines.slice(1)).toContain(
      'npx --yes --package @pact-foundation/pact-cli pact-broker can-i-deploy --pacticipant alicloud-ecs20140526-v3 --version 0.1.0+abc123 --to-environment production --broker-base-url https://broker.example',
    );
    expect(lines.join('\n')).not.toMatch(/token|password/i);
  });

  it('one can-i-deploy per consumer pact file', () => {
    const commands = publishCommands(
      { brokerBaseUrl: 'https://b', version: 'v', branch: 'b', canIDeployTo: 'prod' },
      'contracts/pacts',
    );
    expect(commands.map((c) => c[4])).toEqual([
      'publish',
      'can-i-deploy',
      'can-i-deploy',
      'can-i-deploy',
      'can-i-deploy',
    ]);
  });
});
