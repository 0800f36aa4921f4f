/**
 * One row of the error catalogue: the documented status, other statuses the rules accept for the code, and
 * the documented or observed message.
 */
export type CatalogueEntry = {
  readonly status: number;
  readonly alternativeStatuses: readonly number[];
  readonly message: string;
};

/**
 * Every row of the rules file's "Error catalogue", keyed by `Code`, with status and message exactly as the
 * table gives them. Two alternatives differ in weight: `InvalidKeyPairName.NotFound`'s 404 (2018 reference)
 * is only a SHOULD-level warning (KP-1), while `InvalidAccessKeyId.NotFound`'s 404 (observed live) is fully
 * accepted (AU-4). `Throttling` and `Throttling.User` share one row. `MissingParameter`'s message is the
 * template with `X`; use {@link missingParameterMessage} for a concrete parameter.
 */
export const errorCatalogue = {
  'InvalidKeyPairName.NotFound': {
    status: 400,
    alternativeStatuses: [404],
    message: 'The specified KeyPairName does not exist in our records.',
  },
  'InvalidInstanceIds.ValueNotSupported': {
    status: 400,
    alternativeStatuses: [],
    message: 'The specified parameter InstanceIds is not valid.',
  },
  'DependencyViolation.WindowsInstance': {
    status: 403,
    alternativeStatuses: [],
    // No trailing period, as documented; WIN-1 accepts one.
    message: 'The instance creating is windows, cannot use ssh key pair to login',
  },
  InstanceKeyPairLimitExceeded: {
    status: 403,
    alternativeStatuses: [],
    message: 'The specified instances are beyond the permitted range.',
  },
  MissingParameter: {
    status: 400,
    alternativeStatuses: [],
    message: 'The input parameter "X" that is mandatory for processing this request is not supplied.',
  },
  'InvalidRegionId.NotFound': {
    status: 404,
    alternativeStatuses: [],
    message: 'The specified RegionId does not exist.',
  },
  'InvalidInstanceId.NotFound': {
    status: 404,
    alternativeStatuses: [],
    message: 'The specified InstanceId does not exist.',
  },
  SignatureDoesNotMatch: {
    status: 400,
    alternativeStatuses: [],
    message: 'Specified signature is not matched with our calculation.',
  },
  IncompleteSignature: {
    status: 400,
    alternativeStatuses: [],
    message: 'The request signature does not conform to Alibaba Cloud standards.',
  },
  'InvalidAccessKeyId.NotFound': {
    status: 400,
    alternativeStatuses: [404],
    message: 'Specified access key is not found.',
  },
  'InvalidTimeStamp.Expired': {
    status: 400,
    alternativeStatuses: [],
    message: 'Specified time stamp or date value is expired.',
  },
  SignatureNonceUsed: {
    status: 400,
    alternativeStatuses: [],
    message: 'Specified signature nonce was used already.',
  },
  'InvalidAction.NotFound': {
    status: 404,
    alternativeStatuses: [],
    message: 'Specified api is not found, please check your url and method.',
  },
  Throttling: {
    status: 400,
    alternativeStatuses: [],
    message: 'Request was denied due to user flow control.',
  },
  'Throttling.User': {
    status: 400,
    alternativeStatuses: [],
    message: 'Request was denied due to user flow control.',
  },
  ServiceUnavailable: {
    status: 503,
    alternativeStatuses: [],
    message: 'The request has failed due to a temporary failure of the server.',
  },
  InternalError: {
    status: 500,
    alternativeStatuses: [],
    message: 'The request processing has failed due to some unknown error, exception or failure.',
  },
} as const satisfies Readonly<Record<string, CatalogueEntry>>;

/** An error `Code` that has a row in the catalogue. */
export type CatalogueCode = keyof typeof errorCatalogue;

/**
 * The documented `MissingParameter` message for parameter `name`, e.g. `The input parameter "RegionId" that
 * is mandatory for processing this request is not supplied.`
 */
export function missingParameterMessage(name: string): string {
  // A replacer function, so that `$` in a name is taken literally.
  return errorCatalogue.MissingParameter.message.replace('"X"', () => `"${name}"`);
}
