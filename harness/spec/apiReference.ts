/**
 * Alibaba Cloud's public API reference for DetachKeyPair (ECS API 2014-05-26): the page every quote of
 * "the reference" in this project cites (`spec/DetachKeyPair.rules.md`, documented cases, the drift
 * report). The project quotes it in short citations and never copies it.
 */
export const apiReferenceUrl =
  'https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-detachkeypair';
