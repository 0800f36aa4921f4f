import fc from 'fast-check';
import type { ClientInput } from '../../harness/clients/ClientUnderTest.ts';
import { percentEncode } from '../../harness/wire/percentEncode.ts';
import { instanceId } from './instanceId.ts';
import { unicodeKeyPairName } from './unicodeKeyPairName.ts';

/** What a GET request line may carry (TR-1: up to 8 KiB), with room for the signing parameters. */
const maxEncodedLength = 6_000;

const unicodeText = (maxLength: number) =>
  unicodeKeyPairName().map((s) => [...s].slice(0, maxLength).join(''));

/**
 * A caller's DetachKeyPair input for judging what a client sends (CL-1..CL-4): `RegionId` and
 * `KeyPairName` usually ordinary, often any non-empty string of Unicode scalar values (CL-3: URL and XML
 * specials, emoji, CJK, controls; never a lone surrogate); `InstanceIds` a list of 1 to 50 non-empty
 * strings, usually realistic IDs, sometimes Unicode with `,`, `"` and `\` (CL-2), duplicates allowed.
 * Percent-encoded, the three values fit a GET request line.
 */
export function clientInput(): fc.Arbitrary<ClientInput> {
  return fc
    .record({
      RegionId: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('cn-hangzhou', 'cn-qingdao', 'ap-northeast-1') },
        { weight: 2, arbitrary: unicodeText(40) },
      ),
      KeyPairName: fc.oneof(
        { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{1,30}$/) },
        { weight: 3, arbitrary: unicodeText(80) },
      ),
      InstanceIds: fc.array(
        fc.oneof({ weight: 6, arbitrary: instanceId() }, { weight: 1, arbitrary: unicodeText(16) }),
        { minLength: 1, maxLength: 50 },
      ),
    })
    .filter(
      (input) =>
        percentEncode(input.RegionId).length +
          percentEncode(input.KeyPairName).length +
          percentEncode(JSON.stringify(input.InstanceIds)).length <=
        maxEncodedLength,
    );
}
