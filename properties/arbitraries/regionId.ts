import fc from 'fast-check';

// Public Alibaba Cloud region IDs.
const knownRegions = [
  'cn-hangzhou',
  'cn-shanghai',
  'cn-beijing',
  'cn-shenzhen',
  'cn-qingdao',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-chengdu',
  'cn-hongkong',
  'cn-guangzhou',
  'cn-heyuan',
  'cn-nanjing',
  'cn-fuzhou',
  'cn-shanghai-finance-1',
  'ap-southeast-1',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-south-1',
  'us-west-1',
  'us-east-1',
  'eu-central-1',
  'eu-west-1',
  'me-east-1',
  'me-central-1',
] as const;

/**
 * A realistic region ID: usually a public Alibaba Cloud region (`cn-hangzhou`, `ap-southeast-1`, …),
 * sometimes a generated one of the same shape (`xx-yyyy-N`). Always lower-case letters, digits and `-`.
 */
export function regionId(): fc.Arbitrary<string> {
  return anyRegionId;
}

// Built once and shared: an arbitrary keeps no state between draws, and building a `stringMatching` one
// costs milliseconds, paid again by every property that asked for a fresh one (issue 19).
const anyRegionId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...knownRegions) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{2}-[a-z]{3,10}-[1-9]$/) },
);
