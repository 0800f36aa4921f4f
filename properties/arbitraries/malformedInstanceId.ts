import fc from 'fast-check';

const wellFormed = /^i-[0-9a-z]{20}$/;
const alnum = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9a-z]{${min},${max}}$`));
const body = alnum(20, 20);

/**
 * An instance-ID string no real instance has and no {@link instanceId} produces: empty-ish (`i-`, ` `),
 * upper-case, too short or too long, with non-ASCII characters, with `,` `"` `[` `]` `{` `}` `\`, or with
 * whitespace around or inside. Never `''` (an empty element makes the whole list invalid JSON input, ID-4)
 * and never of the form `i-` + 20 lower-case alphanumerics.
 */
export function malformedInstanceId(): fc.Arbitrary<string> {
  return anyMalformedInstanceId;
}

// Built once and shared: an arbitrary keeps no state between draws, and building a `stringMatching` one
// costs milliseconds, paid again by every property that asked for a fresh one (issue 19).
const anyMalformedInstanceId = fc
  .oneof(
    fc.constantFrom(' ', '\t', '  ', 'i-', 'i', '-', 'i- ', 'null', '0'),
    body.map((b) => `i-${b}`.toUpperCase()),
    body.map((b) => `i-${b.slice(0, 10)}${b.slice(10).toUpperCase()}`),
    alnum(1, 19).map((b) => `i-${b}`),
    alnum(21, 30).map((b) => `i-${b}`),
    fc
      .tuple(alnum(0, 19), fc.constantFrom('ä', 'é', '中', '文', 'ı', 'ﬁ', '😀', '\u00a0', '\u200b'))
      .map(([b, c]) => `i-${b}${c}`),
    fc
      .tuple(body, fc.nat({ max: 20 }), fc.constantFrom(',', '"', '[', ']', '{', '}', '\\', "'", ', '))
      .map(([b, at, c]) => `i-${b.slice(0, at)}${c}${b.slice(at)}`),
    fc
      .tuple(body, fc.constantFrom(' ', '\t', '\n', '\r\n'), fc.constantFrom('before', 'after', 'inside'))
      .map(([b, ws, where]) =>
        where === 'before'
          ? `${ws}i-${b}`
          : where === 'after'
            ? `i-${b}${ws}`
            : `i-${b.slice(0, 8)}${ws}${b.slice(8)}`,
      ),
  )
  .filter((id) => id !== '' && !wellFormed.test(id));
